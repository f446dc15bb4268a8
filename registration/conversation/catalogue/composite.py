"""Questions answered in one sentence: « nom et prénom(s) », the place of birth, the postal address.

Each reader turns what the candidate typed into the answers of the one-field questions it stands for
(validated by the same rules), with the echo read back once. It may fill only part of them: the questions
left unanswered are then asked one at a time, so nothing typed is lost and nothing is guessed.
"""

from __future__ import annotations

import re
from typing import Any

from registration import rules
from registration.conversation.readers import fillers
from registration.conversation.steps import OUTSIDE_CITY, SPLIT_CITIES, Context
from registration.conversation.texts import ECHO
from registration.conversation.texts import TEXT as MSG
from registration.referentials import normalise
from registration.referentials.communes import Commune, Communes
from registration.rules import Invalid, Result, Valid

IDENTITY_FILLS = ("nom", "prenoms", "nom_usage")
BIRTHPLACE_FILLS = ("naissance_lieu", "naissance_departement", "naissance_arrondissement", "naissance_pays")
ADDRESS_FILLS = (
    "residence_lieu",
    "residence_pays",
    "adresse",
    "lieu_dit",
    "lieu_dit_etranger",
    "code_postal",
    "localite",
)
CONSENT_FILLS = ("consent_press", "consent_collectivites")
# The questions that stand for others: what they were answered with is not part of a dossier.
ONE_SENTENCE = ("identite", "lieu_naissance", "adresse_complete", "consents", "categorie_famille")

# --- Nom et prénom(s) ----------------------------------------------------------------------------------------

SPOKEN_NAME = re.compile(
    r"^\s*(?:bonjour|salut|bonsoir)?[\s,!.]*(?:je m['’ ]?appelle|mon nom est|moi c['’ ]?est|je suis|c['’ ]?est)\s+",
    re.IGNORECASE,
)
PARTICLES = frozenset(
    {"de", "du", "des", "le", "la", "van", "von", "der", "da", "di", "dos", "das", "del", "el"}
)
CIVILITY = re.compile(r"^(?:mme|madame|mlle|mademoiselle|m\.?|mr\.?|monsieur)\s+", re.IGNORECASE)
# « épouse », « ép. », « veuve », « dit(e) », « nom d'usage »: the usage name follows; « née » + a name: the
# birth name follows (and the name before it is the usage name).
USAGE_MARK = re.compile(
    r"[\s,]+(?:[ée]pouse|[ée]p\.?|veuve|vve\.?|dite?|nom d['’ ]?usage|nom marital)\s+", re.IGNORECASE
)
BIRTH_NAME_MARK = re.compile(
    r"[\s,]+n[ée]e?\s+(?!le\b|les\b|en\b|à\b|a\b|au\b|aux\b|dans\b|\d)", re.IGNORECASE
)
# « mon nom est X et mon prénom Y », « X, prénom Y »: the first names are named.
FIRST_NAMES_MARK = re.compile(
    r"[\s,]+(?:et\s+)?(?:mon|mes)?\s*pr[ée]noms?\s*(?:est|sont|c['’ ]?est|:)?\s+", re.IGNORECASE
)


def is_upper_word(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _spoken(text: str) -> tuple[str, bool]:
    """The text without greetings and « je m'appelle », and whether such a phrase was there (then the family
    name comes last)."""
    body = fillers.trim(text)
    cue = fillers.NAME_CUE.match(body) or SPOKEN_NAME.match(body)
    if cue:
        body = body[cue.end() :]
    return CIVILITY.sub("", body.strip(" .!")), cue is not None


def split_name(text: str) -> tuple[str, str] | None:
    """(family name, first names) from « MARTIN Léa », « Martin Léa Marie », « Léa MARTIN », « Martin, Léa »
    or « je m'appelle Léa Martin »; (name, "") when one word only; None when there is nothing."""
    body, spoken = _spoken(text)
    return _split(body, spoken)


def _split(body: str, spoken: bool) -> tuple[str, str] | None:
    named = FIRST_NAMES_MARK.search(body)
    if named:
        return body[: named.start()].strip(" ,"), body[named.end() :].strip(" ,")
    if "," in body:
        first, _, rest = body.partition(",")
        return first.strip(), rest.strip()
    words = body.split()
    if not words:
        return None
    if len(words) == 1:
        return words[0], ""
    upper = [is_upper_word(w) for w in words]
    if any(upper) and not all(upper):
        family = [w for w, up in zip(words, upper, strict=True) if up]
        given = [w for w, up in zip(words, upper, strict=True) if not up]
        # particles written in lower case belong to the name they precede (« de LA FONTAINE »)
        return " ".join(family), " ".join(w for w in given if w.lower() not in PARTICLES) or ""
    if spoken:  # « je m'appelle Léa Marie Martin »: the family name comes last, with its particles
        cut = len(words) - 1
        while cut > 1 and words[cut - 1].lower() in PARTICLES:
            cut -= 1
        return " ".join(words[cut:]), " ".join(words[:cut])
    cut = 1  # the question asks the family name first: « de la Fontaine Jean », « El Amrani » (no first name)
    while cut < len(words) and words[cut - 1].lower() in PARTICLES:
        cut += 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def _leading_name(words: list[str]) -> tuple[str, str]:
    """A name at the start of words (its particles, or its words in capitals), and the words after it."""
    if not words:
        return "", ""
    if is_upper_word(words[0]):
        cut = 0
        while cut < len(words) and (is_upper_word(words[cut]) or words[cut].lower() in PARTICLES):
            cut += 1
        if cut < len(words) and not any(is_upper_word(w) for w in words[cut:]):
            return " ".join(words[:cut]), " ".join(words[cut:])
        if cut == len(words):
            return " ".join(words), ""
    cut = 0
    while cut < len(words) - 1 and words[cut].lower() in PARTICLES:
        cut += 1
    return " ".join(words[: cut + 1]), " ".join(words[cut + 1 :])


def split_usage(text: str) -> tuple[str, str, str] | None:
    """(family name, first names, usage name) when the text names a usage name: « HADDAD épouse LEFEBVRE Nadia »,
    « Nadia HADDAD ép. LEFEBVRE », « Mme LEFEBVRE née HADDAD Nadia », « je m'appelle Nadia Lefebvre, née Haddad »;
    None when it does not."""
    body, spoken = _spoken(text)
    mark = USAGE_MARK.search(" " + body)
    if mark:
        before, after = body[: max(mark.start() - 1, 0)].strip(" ,"), body[mark.end() - 1 :].strip(" ,")
        usage, rest = _leading_name(after.split())
        parts = _split(f"{before} {rest}".strip(), spoken)
        return (parts[0], parts[1], usage) if parts and usage else None
    mark = BIRTH_NAME_MARK.search(" " + body)
    if mark:
        before, after = body[: max(mark.start() - 1, 0)].strip(" ,"), body[mark.end() - 1 :].strip(" ,")
        family, rest = _leading_name(after.split())
        parts = _split(before, spoken)
        if not parts or not family:
            return None
        usage, given = parts
        return family, " ".join(x for x in (given, rest) if x), usage
    return None


def guessed_split(text: str) -> bool:
    """Whether the family name was told apart from the first names by their order alone (no capitals, comma,
    « je m'appelle »): the reading back says so."""
    body, spoken = _spoken(text)
    words = body.split()
    if spoken or "," in body or any(is_upper_word(w) for w in words):
        return False
    return len(words) >= 3


IDENTITY_LABELS = fillers.labels_of("identite")


def labelled_names(text: str) -> dict[str, str] | None:
    """The names a text gives after the form's labels (« Nom : MARTIN, prénom : Léa », « nom de famille Dupont,
    prénom Paul », « Nom et prénom : MARTIN Léa »), as typed; None when it gives them without labels."""
    found = fillers.labelled_values(fillers.trim(text or ""), IDENTITY_LABELS)
    names: dict[str, str] = {}
    for label, value in found or ():
        if label.field in names:
            return None
        if label.field == "identite":  # « prénom et nom : Léa Martin »: the family name last
            parts = _split(value, normalise(label.words).split()[-1:] == ["nom"])
            if parts is None:
                return None
            names["nom"], names["prenoms"] = parts
        else:
            names[label.field] = value
    return names if names.get("nom") else None


def read_identity(ctx: Context, text: str) -> Result:
    names = labelled_names(text or "")
    usage_parts = split_usage(text or "") if names is None else None
    if names is not None:
        parts: tuple[str, str] | None = (names["nom"], names.get("prenoms", ""))
        usage_text = names.get("nom_usage", "")
    else:
        parts = usage_parts[:2] if usage_parts else split_name(text or "")
        usage_text = usage_parts[2] if usage_parts else ""
    if parts is None:
        return Invalid(MSG["identity_empty"])
    family_text, given_text = parts
    family = rules.validate_family_name(family_text)
    if isinstance(family, Invalid):
        return family
    values: dict[str, Any] = {"nom": family.value}
    if given_text:
        given = rules.validate_first_names(given_text)
        if isinstance(given, Invalid):
            return given
        values["prenoms"] = given.value
    if usage_text:
        usage = rules.validate_usage_name(usage_text)
        if isinstance(usage, Invalid):
            return usage
        values["nom_usage"] = usage.value
    elif "nom_usage" not in ctx.answers:
        values["nom_usage"] = ""
    echo = identity_echo(values)
    if names is None and guessed_split(text or "") and values.get("prenoms"):
        echo += " " + ECHO["identity_order_guessed"]
    return Valid(values, echo=echo)


def read_usage_name(ctx: Context, text: str) -> Result:
    """The usage name alone (« épouse Lefebvre », « mon nom d'usage est Durand »), or « aucun »."""
    body = fillers.trim(text or "")
    body = USAGE_CUE.sub("", body, count=1).strip() or body
    return rules.validate_usage_name(body)


USAGE_CUE = re.compile(
    r"^\s*(?:(?:mon\s+)?nom\s+(?:d['’ ]?usage|marital|d['’ ]?[ée]pouse)\s*(?:est|c['’ ]?est|:)?|[ée]pouse|[ée]p\.?|"
    r"veuve|vve\.?|dite?)\s+",
    re.IGNORECASE,
)


def identity_echo(values: dict[str, Any]) -> str:
    if not values.get("prenoms"):
        echo = ECHO["identity_family_only"].format(nom=values["nom"])
    else:
        echo = ECHO["identity"].format(nom=values["nom"], prenoms=values["prenoms"])
    if values.get("nom_usage"):
        echo += " " + ECHO["identity_usage"].format(nom_usage=values["nom_usage"])
    return echo


# --- Lieu de naissance -------------------------------------------------------------------------------------

BORN_PREFIX = re.compile(
    r"^\s*(?:je suis\s+)?(?:n[ée]e?|nee?)?\s*(?:à|a|au|aux|en|dans le|dans la|dans l['’])\s+", re.IGNORECASE
)
DEPARTEMENT_HINT = re.compile(r"\(\s*(\d{2,3}|2[abAB])\s*\)|\s(\d{2,3}|2[abAB])\s*$")


def _parts(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,;\n]", text) if p.strip()]


def _foreign_country(ctx: Context, parts: list[str]) -> Any:
    """A country other than France named by the last part, or by its last words (« Casablanca Maroc »)."""
    if not parts:
        return None
    last = parts[-1]
    candidates = [last]
    words = last.split()
    for size in (3, 2, 1):
        if len(words) > size:
            tail = " ".join(words[-size:])
            if len(tail) >= 4:
                candidates.append(tail)
    for candidate in candidates:
        country = ctx.refs.find_country(candidate)
        if (
            country is not None
            and country.code != "FR"
            and country.code not in OVERSEAS
            and (len(candidate) >= 4 or len(parts) > 1)
        ):
            return country
    return None


# French overseas départements and collectivités, which the list of countries also names (« La Réunion »): a
# place there is in France, in this département.
OVERSEAS = {
    "GP": "971",
    "MQ": "972",
    "GF": "973",
    "RE": "974",
    "PM": "975",
    "YT": "976",
    "BL": "977",
    "MF": "978",
    "WF": "986",
    "PF": "987",
    "NC": "988",
}


def _overseas(ctx: Context, text: str) -> tuple[str, str] | None:
    """(département code, the text without the territory's name) when the text ends with an overseas
    territory (« Saint-Denis, La Réunion », « Fort-de-France Martinique », « la Réunion »)."""
    words = text.replace(",", " ").split()
    for size in (4, 3, 2, 1):
        if len(words) < size:
            continue
        tail = " ".join(words[-size:])
        bare = re.sub(
            r"^(?:(?:de|à|a|en|au)\s+)?(?:la|l['’]|le|les|ile\s+de\s+la)?\s*", "", tail, flags=re.IGNORECASE
        )
        country = ctx.refs.find_country(tail) or (ctx.refs.find_country(bare) if len(bare) >= 4 else None)
        code = OVERSEAS.get(country.code) if country is not None else None
        named = {
            normalise(d.name): d.code for d in ctx.refs.departements.values() if d.code in OVERSEAS.values()
        }
        code = code or named.get(normalise(tail)) or named.get(normalise(bare))  # « Guyane »
        if code is not None:
            head = " ".join(words[:-size])
            head = re.sub(r"\s+(?:de|à|a|en|au)(?:\s+(?:la|l['’]|le))?$", "", head, flags=re.IGNORECASE)
            return code, head.strip(" ,")
    return None


def _born_in_france(communes: list[Commune], hint: str | None) -> dict[str, Any] | None:
    if hint:
        communes = [c for c in communes if c.departement.upper() == hint.upper().zfill(2)] or communes
    departements = {c.departement for c in communes}
    if len(departements) > 1:  # « Saint-Denis »: the département question comes next
        return {"naissance_lieu": "france"}
    if not departements:
        return None
    departement = departements.pop()
    values: dict[str, Any] = {"naissance_lieu": "france", "naissance_departement": departement}
    if departement in SPLIT_CITIES:
        numbers = [Communes.arrondissement_number(commune) for commune in communes]
        if not any(numbers):  # « Villeurbanne », « Aix-en-Provence »: no arrondissement to ask
            values["naissance_arrondissement"] = OUTSIDE_CITY
        elif len(communes) == 1:
            values["naissance_arrondissement"] = numbers[0]
    return values


ARRONDISSEMENT_WORDS = re.compile(
    r"[\s,]+(?:dans le|le)\s+(\d{1,2})\s*(?:e|er|eme|ème|è)?(?:\s+arrondissement)?\b", re.IGNORECASE
)
IN_FRANCE = re.compile(r"[\s,]+(?:en|,)\s*france$", re.IGNORECASE)
PLACE_JOINT = re.compile(r"\s+(?:à|a|au|aux|en)\s+", re.IGNORECASE)


def read_birthplace(ctx: Context, text: str) -> Result:
    body = BORN_PREFIX.sub("", fillers.trim(text or ""), count=1)
    body = ARRONDISSEMENT_WORDS.sub(r" \1e", body)
    body = IN_FRANCE.sub("", body).strip()
    overseas = _overseas(ctx, body)
    if overseas is not None and (overseas[1] or not _named_elsewhere(ctx, body, overseas[0])):
        return _born_overseas(ctx, *overseas)
    parts = [p for chunk in _parts(body) for p in PLACE_JOINT.split(chunk) if p.strip()]
    if len(parts) > 1 and not any(_foreign_country(ctx, [p]) for p in parts):
        parts = _parts(body)  # « Saint-Laurent-du-Var »: the words joined by « à », « en » were one name
    if len(parts) > 1:
        country = next(
            (c for p in parts if (c := _foreign_country(ctx, [p])) is not None and len(p) >= 4), None
        )
        if country is not None:
            return Valid(
                {"naissance_lieu": "abroad", "naissance_pays": country.code},
                echo=ECHO["born_abroad"].format(pays=country.name),
            )
    if not parts or len(body) > 120:
        return Invalid(MSG["birthplace_unknown"])
    country = _foreign_country(ctx, parts)
    if country is not None:
        return Valid(
            {"naissance_lieu": "abroad", "naissance_pays": country.code},
            echo=ECHO["born_abroad"].format(pays=country.name),
        )
    if normalise(parts[-1]) == "france" and len(parts) > 1:
        parts = parts[:-1]
    place = parts[0]
    hint_match = DEPARTEMENT_HINT.search(place)
    hint = next((g for g in hint_match.groups() if g), None) if hint_match else None
    names = [place]
    if hint_match:
        names.append(place[: hint_match.start()].strip())
    communes = ctx.refs.communes()
    for name in names:
        found = communes.named(name)
        values = _born_in_france(found, hint) if found else None
        if values:
            return Valid(values, echo=_birthplace_echo(ctx, values, found))
    departement = rules.validate_departement(place, ctx.refs)
    if isinstance(departement, Valid) and len(place) <= 30:
        values = {"naissance_lieu": "france", "naissance_departement": departement.value.code}
        return Valid(values, echo=ECHO["born_in_departement"].format(departement=departement.echo))
    return Invalid(MSG["birthplace_unknown"])


def _named_elsewhere(ctx: Context, place: str, departement: str) -> bool:
    """« Saint-Martin » alone: communes of other départements bear the territory's name (a DROM's name, « La
    Réunion », is the island's)."""
    if departement in ("971", "972", "973", "974", "976"):
        return False
    return any(c.departement != departement for c in ctx.refs.communes().named(place))


def _born_overseas(ctx: Context, departement: str, place: str) -> Result:
    """Born in an overseas département or collectivité: its commune when the place names one there."""
    found = [c for c in ctx.refs.communes().named(place) if c.departement == departement] if place else []
    values = {"naissance_lieu": "france", "naissance_departement": departement}
    if found:
        return Valid(values, echo=_birthplace_echo(ctx, values, found))
    named = rules.validate_departement(departement, ctx.refs)
    shown = named.echo if isinstance(named, Valid) and named.echo else departement
    return Valid(values, echo=ECHO["born_in_departement"].format(departement=shown))


def _birthplace_echo(ctx: Context, values: dict[str, Any], found: list[Commune]) -> str:
    if "naissance_departement" not in values:
        return ECHO["born_in_several"].format(commune=found[0].short_name)
    departement = ctx.refs.departements.get(values["naissance_departement"])
    where = departement.name if departement else values["naissance_departement"]
    if "naissance_arrondissement" in values or len(found) == 1:
        return ECHO["born_in"].format(commune=found[0].short_name, departement=where)
    city = SPLIT_CITIES.get(values["naissance_departement"])
    return ECHO["born_in"].format(commune=city or found[0].short_name, departement=where)


# --- Adresse -----------------------------------------------------------------------------------------------

POSTAL_CODE = re.compile(r"(?<![\d])(\d{2}) ?(\d{3})(?![\d])")
STREET_WORDS = re.compile(
    r"^\d|\b(rue|avenue|av|bd|boulevard|chemin|allee|place|impasse|route|quai|cours|square|voie|sentier|"
    r"passage|cite|hameau|lotissement|residence|rond point|faubourg|villa|via|street|road)\b"
)


FOREIGN_TOWN = re.compile(r"^(.*\S)\s+(\d[\d\-]{2,9}\s+\D.*)$")  # « 10 rue Haute » « 1000 Bruxelles »


def _tail_naming(ctx: Context, words: list[str], country: Any) -> list[str]:
    """The last words of an address that name its country."""
    for size in (3, 2, 1):
        tail = words[-size:]
        if len(words) > size and getattr(ctx.refs.find_country(" ".join(tail)), "code", None) == country.code:
            return tail
    return []


def _street_and_complement(text: str) -> tuple[str, str]:
    """The street line and the complement (building, lieu-dit) of an address written before its postal code."""
    parts = _parts(text)
    if len(parts) <= 1:
        return (parts[0] if parts else ""), ""
    streets = [p for p in parts if re.match(r"^\d", p.strip())] or [
        p for p in parts if STREET_WORDS.search(normalise(p))
    ]
    street = streets[0] if streets else parts[0]
    rest = [p for p in parts if p is not street]
    return street, " ".join(rest)


def _line(text: str, required: bool) -> Result:
    return rules.validate_address_line(text, required=required)


TOWN_FIRST = re.compile(r"^([^\d,]{2,40}?)\s*(?:,|\s)\s*(?:au|à|a)?\s*(\d.*)$", re.IGNORECASE)


def _town_last(ctx: Context, body: str) -> str:
    """« Bordeaux au 5 cours Victor Hugo 33000 », « en Belgique, 10 rue Haute »: the town or the country said
    first is put where the address ends."""
    match = TOWN_FIRST.match(body)
    if not match:
        return body
    head = PLACE_JOINT.sub(" ", " " + match.group(1)).strip(" ,")
    head = re.sub(r"^(?:en|au|aux|à|a|le)\s+", "", head, flags=re.IGNORECASE)
    if len(head) < 4:  # « au 5 cours Victor Hugo »: no town said first (and « AU » is no country here)
        return body
    if ctx.refs.find_country(head) is not None or ctx.refs.communes().named(head):
        return f"{match.group(2)}, {head}"
    return body


def read_address(ctx: Context, text: str) -> Result:
    body = fillers.without(fillers.ADDRESS_CUE, " ".join((text or "").split("\n")))
    body = fillers.labels_as_commas(body, fillers.labels_of("adresse_complete"))  # « CP 35000 », « Ville : »
    body = _town_last(ctx, body)
    if not body or len(body) > 200:
        return Invalid(MSG["address_not_understood"])
    parts = _parts(body)
    country = _foreign_country(ctx, parts) if len(parts) > 1 else None
    if country is not None:
        return _abroad_address(parts[:-1], country)
    if parts and normalise(parts[-1]) == "france":
        body = ", ".join(parts[:-1])
    overseas = _overseas(ctx, body)
    if overseas is not None and overseas[1]:  # « 12 rue X 97400 Saint-Denis, La Réunion »
        body = overseas[1]
    communes = ctx.refs.communes()
    codes = [m for m in POSTAL_CODE.finditer(body) if communes.is_known_postal_code(m.group(1) + m.group(2))]
    if not codes:
        country = _foreign_country(ctx, parts)  # « 10 rue Haute 1000 Bruxelles Belgique », without commas
        if country is None:
            return Invalid(MSG["address_not_understood"])
        words = parts[-1].split()
        kept = " ".join(words[: len(words) - len(_tail_naming(ctx, words, country))])
        town = FOREIGN_TOWN.match(kept)
        lines = [town.group(1), town.group(2)] if town else [kept]
        return _abroad_address([*parts[:-1], *[line for line in lines if line]], country)
    code_match = codes[-1]
    postal_code = code_match.group(1) + code_match.group(2)
    checked = rules.validate_postal_code(postal_code, ctx.refs)
    if isinstance(checked, Invalid):
        return checked
    before = body[: code_match.start()].strip(" ,;-")
    after = body[code_match.end() :].strip(" ,;-")
    if before and not after:  # « 5 cours Victor Hugo à Bordeaux 33000 »: the commune said before its code
        before, after = _town_before_code(communes.for_postal_code(postal_code), before)
    values: dict[str, Any] = {"residence_lieu": "france"}
    if before:
        street_text, complement_text = _street_and_complement(before)
        street = _line(street_text, True)
        if isinstance(street, Invalid):
            return street
        complement = _line(complement_text, False) if complement_text else Valid("")
        if isinstance(complement, Invalid):
            return complement
        values.update(adresse=street.value, lieu_dit=complement.value)
    serving = communes.for_postal_code(postal_code)
    commune = communes.match(postal_code, after) if after else (serving[0] if len(serving) == 1 else None)
    if commune is not None:
        values["localite"] = commune.name
    values["code_postal"] = (
        postal_code  # last: its follow-up announces the académie once the address is known
    )
    return Valid(values, echo=_address_echo(values, commune, after))


TOWN_BEFORE_CODE = re.compile(r"^(.*\S)\s*(?:,\s*|\s+(?:à|a)\s+)([^,\d]+)$", re.IGNORECASE)


def _town_before_code(serving: list[Commune], before: str) -> tuple[str, str]:
    """The street and the commune when the commune, after « à » or a comma, ends the text before the code."""
    match = TOWN_BEFORE_CODE.match(before)
    if not match:
        return before, ""
    town = normalise(match.group(2))
    names = {
        re.sub(r"\s+\d.*$", "", normalise(n)) for c in serving for n in (c.name, c.short_name)
    }  # « Paris »
    if town in names or any(town == normalise(n) for c in serving for n in (c.name, c.short_name)):
        return match.group(1).strip(" ,;-"), match.group(2).strip()
    return before, ""


def _address_echo(values: dict[str, Any], commune: Commune | None, typed_commune: str) -> str:
    lines = [values.get("adresse", ""), values.get("lieu_dit", "")]
    town = f"{values['code_postal']} {commune.short_name if commune else ''}".strip()
    shown = ", ".join(line for line in [*lines, town] if line)
    echo = ECHO["address"].format(adresse=shown)
    if commune is None and typed_commune:
        echo += "\n" + MSG["commune_not_of_postal_code"].format(
            typed=typed_commune[:60], postal_code=values["code_postal"]
        )
    return echo


def _abroad_address(parts: list[str], country: Any) -> Result:
    values: dict[str, Any] = {"residence_lieu": "abroad", "residence_pays": country.code}
    if parts:
        street = _line(parts[0], True)
        if isinstance(street, Invalid):
            return street
        values["adresse"] = street.value
    if len(parts) > 1:
        town = _line(" ".join(parts[1:]), True)
        if isinstance(town, Invalid):
            return town
        values["lieu_dit_etranger"] = town.value
    shown = ", ".join(str(values[k]) for k in ("adresse", "lieu_dit_etranger") if k in values)
    return Valid(values, echo=ECHO["address_abroad"].format(adresse=shown or "—", pays=country.name))


# --- Communication des résultats ---------------------------------------------------------------------------

CONSENTS = {
    "both": (True, True),
    "press": (True, False),
    "collectivites": (False, True),
    "neither": (False, False),
}


def consent_values(choice_id: str) -> dict[str, Any]:
    press, collectivites = CONSENTS[choice_id]
    return {"consent_press": press, "consent_collectivites": collectivites}
