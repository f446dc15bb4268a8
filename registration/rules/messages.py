"""Every French text the validation rules show to a candidate, by key, in one place."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # Names
    "name_empty": "Je n'ai pas reçu de nom. Écrivez votre {what}, par exemple {example}.",
    "name_digits": "Un {what} ne contient pas de chiffres. Écrivez-le en lettres, par exemple {example}.",
    "name_chars": (
        "Votre {what} contient un caractère que je ne peux pas accepter ({chars}). Utilisez seulement "
        "des lettres, des espaces, des traits d'union et des apostrophes, par exemple {example}."
    ),
    "name_shape": (
        "Je n'ai pas compris ce {what} : un trait d'union ou une apostrophe doit se trouver entre deux "
        "lettres. Écrivez-le par exemple {example}."
    ),
    "name_too_long": (
        "Votre {what} est trop long : {max} caractères au maximum. Si vous en avez plusieurs, "
        "gardez ceux de votre pièce d'identité, par exemple {example}."
    ),
    "what_family_name": "nom de famille",
    "what_usage_name": "nom d'usage",
    "what_first_names": "prénom",
    "example_family_name": "« Martin » ou « Le Goff »",
    "example_usage_name": "« Dupont », ou « aucun » si vous n'avez pas de nom d'usage",
    "example_first_names": "« Léa Marie » ou « Jean-Pierre »",
    # Birth date
    "date_unknown": ("Je n'ai pas compris cette date. Écrivez-la par exemple 03/05/2004 ou « 3 mai 2004 »."),
    "date_in_words": (
        "Je n'ai pas pu lire cette date écrite en lettres. Écrivez-la en chiffres, par exemple 12/02/2003 ou "
        "« 12 février 2003 »."
    ),
    "date_no_year": (
        "L'année de naissance est obligatoire. Écrivez la date complète, par exemple 03/05/2004 ; "
        "si vous ne connaissez ni le jour ni le mois, écrivez 00/00/2004."
    ),
    "date_not_exist": (
        "Cette date n'existe pas ({text}). Vérifiez le jour et le mois, par exemple 03/05/2004 "
        "pour le 3 mai 2004."
    ),
    "date_partial_zero": (
        "Écrivez 00/00 seulement si vous ne connaissez ni le jour ni le mois de naissance, par exemple "
        "00/00/2004. Sinon, écrivez la date complète, par exemple 03/05/2004."
    ),
    "date_too_recent": (
        "Avec cette date, vous auriez moins de {min_age} ans. Vérifiez l'année, par exemple 03/05/2004."
    ),
    "date_too_old": (
        "Avec cette date, vous auriez plus de {max_age} ans. Vérifiez l'année, par exemple 03/05/1984."
    ),
    "date_echo_unknown_day": "jour et mois inconnus, année {year}",
    # Places
    "departement_unknown": (
        "Je ne trouve pas ce département. Écrivez son numéro ou son nom, par exemple 69 ou « Rhône » "
        "(2A ou 2B pour la Corse, 971 pour la Guadeloupe)."
    ),
    "departement_unknown_suggest": (
        "Je ne trouve pas ce département. Vouliez-vous dire {suggestions} ? Écrivez son numéro ou son nom, "
        "par exemple 69 ou « Rhône »."
    ),
    "arrondissement_unknown": (
        "Je n'ai pas compris l'arrondissement. Écrivez son numéro, par exemple {example}."
    ),
    "arrondissement_out_of_range": (
        "{city} compte des arrondissements de 1 à {max}. Écrivez un numéro dans cet intervalle, "
        "par exemple {example}."
    ),
    "arrondissement_not_needed": (
        "L'arrondissement n'est demandé que pour Paris (75), Lyon (69) et Marseille (13)."
    ),
    "country_unknown": (
        "Je ne trouve pas ce pays. Écrivez son nom en français, par exemple « Maroc » ou « Belgique »."
    ),
    "country_unknown_suggest": (
        "Je ne trouve pas ce pays. Vouliez-vous dire {suggestions} ? Écrivez le nom du pays en français, "
        "par exemple « Maroc »."
    ),
    "country_france_not_allowed": (
        "Ici, il faut un pays autre que la France. Écrivez le nom du pays en français, par exemple « Maroc »."
    ),
    "postal_code_shape": ("Le code postal s'écrit avec 5 chiffres, par exemple 75015 ou 69003."),
    "postal_code_abroad": (
        "Le code {code} est réservé aux candidats qui résident à l'étranger. Si vous habitez en France, "
        "écrivez votre code postal à 5 chiffres, par exemple 75015."
    ),
    "postal_code_unknown": (
        "Je ne connais pas de département pour le code postal {code}. Vérifiez-le ; il s'écrit avec "
        "5 chiffres, par exemple 75015 ou 97110."
    ),
    "locality_invalid": (
        "Je n'ai pas compris le nom de la commune. Utilisez des lettres, des chiffres, des espaces, "
        "des traits d'union et des apostrophes, par exemple « Saint-Étienne »."
    ),
    "locality_too_long": (
        "Le nom de la commune est trop long : {max} caractères au maximum. Abrégez-le, par exemple "
        "« ST-ETIENNE » pour « Saint-Étienne »."
    ),
    "address_empty": "Écrivez le numéro et le nom de la rue, par exemple « 12 rue de la Paix ».",
    "address_invalid": (
        "Cette ligne d'adresse contient un caractère que je ne peux pas accepter ({chars}). "
        "Utilisez des lettres, des chiffres et la ponctuation habituelle, par exemple « 12 rue de la Paix »."
    ),
    "address_no_letter": (
        "Je n'ai pas compris cette ligne d'adresse. Écrivez-la par exemple « 12 rue de la Paix » "
        "ou « Bâtiment B, appartement 12 »."
    ),
    "address_too_long": (
        "Cette ligne d'adresse est trop longue : {max} caractères au maximum (elle en a {length}). "
        "Abrégez-la, par exemple « bd » pour « boulevard », « av » pour « avenue »."
    ),
    "foreign_postal_code_invalid": (
        "Je n'ai pas compris ce code postal. Écrivez-le tel qu'il figure sur votre adresse, "
        "de 2 à 12 lettres ou chiffres, par exemple « 10115 » ou « SW1A 1AA »."
    ),
    # Contact
    "email_invalid": (
        "Cette adresse électronique ne semble pas valide ({reason}). Écrivez-la sous la forme "
        "prenom.nom@exemple.fr."
    ),
    "email_empty": "Écrivez votre adresse électronique sous la forme prenom.nom@exemple.fr.",
    "email_several": (
        "J'ai trouvé plusieurs adresses électroniques. Écrivez-en une seule, "
        "sous la forme prenom.nom@exemple.fr."
    ),
    "email_reason_at": "il manque le signe @ ou il y en a plusieurs",
    "email_reason_domain": "la partie après le @ est incorrecte",
    "email_reason_local": "la partie avant le @ est incorrecte",
    "email_reason_ascii": "elle contient des accents ou des caractères spéciaux",
    "email_reason_dots": (
        "un point est mal placé : deux points qui se suivent, ou un point au début ou à la fin"
    ),
    "email_reason_other": "format incorrect",
    "yes_no": "Je n'ai pas compris. Répondez simplement « oui » ou « non ».",
    # Acquis
    "year_shape": "Écrivez l'année avec 4 chiffres, par exemple {example}.",
    "year_future": (
        "L'année {year} n'est pas encore passée : indiquez une année jusqu'à {last}, par exemple {example}."
    ),
    "year_too_old": "L'année {year} est trop ancienne : indiquez une année à partir de {first}.",
    "benefice_expired": (
        "Un bénéfice de note est valable 5 ans : pour la session {session}, seules les notes obtenues "
        "de {first} à {last} peuvent être conservées. Une note de {year} ne peut plus être gardée ; "
        "vous repasserez cette épreuve : choisissez « Ne pas garder cette note », ou indiquez une autre année."
    ),
    "mark_shape": "Je n'ai pas compris cette note. Écrivez-la sur 20, par exemple 12 ou 12,5.",
    "mark_range": "Une note est comprise entre 0 et 20. Écrivez-la sur 20, par exemple 12 ou 12,5.",
    "mark_decimals": "Écrivez la note avec au plus deux chiffres après la virgule, par exemple 12,25.",
    "mark_below_10_globale": (
        "En forme globale, seules les notes d'au moins 10 sur 20 peuvent être conservées. Seule la forme "
        "progressive permet de garder une note inférieure à 10 : vous repasserez donc cette épreuve. "
        "Choisissez « Ne pas garder cette note », ou indiquez une autre note."
    ),
    "academie_unknown": (
        "Je ne trouve pas cette académie. Écrivez son nom, par exemple « Rennes » ou « Lyon »."
    ),
    "academie_unknown_suggest": (
        "Je ne trouve pas cette académie. Vouliez-vous dire {suggestions} ? Écrivez son nom, "
        "par exemple « Rennes »."
    ),
    # Cross-field
    "forme_unknown": "Choisissez la forme « globale » ou la forme « progressive ».",
    "forme_not_allowed": (
        "Les candidats de la catégorie « {category} » passent l'examen en forme globale (toutes les épreuves "
        "la même année). Choisissez la forme globale."
    ),
    "establishment_not_allowed": (
        "L'établissement « {name} » ne correspond pas à la catégorie « {category} ». Choisissez un "
        "établissement de ce type, ou vérifiez votre catégorie."
    ),
    "residence_academie_unknown_fr": (
        "Je ne trouve pas l'académie de votre lieu de résidence à partir du code postal {code}. "
        "Vérifiez votre code postal, par exemple 75015."
    ),
    "residence_academie_unknown_abroad": (
        "Je ne trouve pas d'académie qui reçoit les candidats résidant dans ce pays. Contactez le service "
        "des examens de l'académie la plus proche pour savoir où vous inscrire."
    ),
    "registration_no_calendar": (
        "Les dates d'inscription de la session {session} ne sont pas encore connues pour cette académie. "
        "Revenez plus tard ou contactez le service des examens."
    ),
    "registration_not_open": (
        "Les inscriptions pour la session {session} ouvriront le {opens}. Revenez à partir de cette date ; "
        "d'ici là, vous pouvez seulement consulter un dossier existant."
    ),
    "service_contact_unknown": "le service des examens de votre académie (adresse sur le site de votre rectorat)",
    "registration_closed": (
        "Les inscriptions pour la session {session} sont closes depuis le {closes}. Vous pouvez seulement "
        "consulter votre dossier."
    ),
    "session_closed": (
        "Les pré-inscriptions au BTS pour la session {session} sont closes depuis le {closes}, dans toutes les "
        "académies : il n'est plus possible de s'inscrire. Vous pouvez encore consulter un dossier déjà "
        "enregistré."
    ),
    "session_not_open": (
        "Les pré-inscriptions au BTS pour la session {session} ouvriront le {opens}. Revenez à partir de cette "
        "date ; d'ici là, vous pouvez seulement consulter un dossier existant."
    ),
    "session_no_calendar": (
        "Les dates des pré-inscriptions au BTS pour la session {session} ne sont pas encore publiées. Revenez "
        "plus tard."
    ),
}

MONTHS: tuple[str, ...] = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def message(key: str, **params: object) -> str:
    """The message under key, with its {placeholders} filled in."""
    text = MESSAGES[key]
    return text.format(**params) if params else text


def french_date(day: int, month: int, year: int) -> str:
    """A date written the French way, e.g. « 1er mai 2004 » or « 3 mai 2004 »."""
    return f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"


def french_datetime(value) -> str:
    """A date or a date and time written the French way, e.g. « 13/11/2026 à 17 h 00 »."""
    text = f"{value.day:02d}/{value.month:02d}/{value.year}"
    if hasattr(value, "hour") and (value.hour or value.minute):
        text += f" à {value.hour} h {value.minute:02d}"
    return text


def quote_list(items: list[str]) -> str:
    """Names quoted and joined with « ou », e.g. « Maroc » ou « Monaco »."""
    quoted = [f"« {item} »" for item in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " ou " + quoted[-1]
