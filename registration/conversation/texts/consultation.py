"""Consulting a validated dossier: finding one's own dossier and only one's own (an older number held in several
académies, a lost number, a cancelled dossier, a second registration of the same person), downloading the
confirmation again, sending documents."""

# Words typed at the consultation menu (normalised: lower case, no accents).
WORDS = {
    "consult_modify": ("modif", "corrig", "chang"),
    "consult_end": ("termin", "fin", "quitter", "rien", "consult"),
    "consult_reprint": ("telecharg", "imprim", "reimprim", "confirmation", "pdf"),
    "consult_lost": ("perdu", "oubli", "egare"),
    "consult_upload": ("envoy", "document", "piece", "joindre"),
}

TEXT = {
    "consult_number": "Quel est votre numéro de dossier ? Tapez-le sans le chiffre après le tiret (par exemple, "
    "pour « 175 – 2 », tapez 175).",
    "consult_number_invalid": "Un numéro de dossier ne contient que des chiffres. Tapez-le sans le chiffre après le "
    "tiret, par exemple : 175.",
    "consult_date": "Quelle est votre date de naissance ? (par exemple : 03/05/2004)",
    "consult_failed": "Le numéro de dossier ou la date de naissance ne correspond pas. Vérifiez les deux et "
    "réessayez.",
    "consult_closed": "Les pré-inscriptions sont closes depuis le {closes} : vous pouvez consulter votre dossier, mais "
    "plus le modifier.",
    "consult_what": "Que voulez-vous faire ?",
    "consult_dossier": "Dossier {label}",
    "consult_page": "Lire votre dossier en page web accessible (équivalent de la confirmation PDF)",
    "consult_end": "Terminer",
    "consult_modify": "Modifier",
    # The signed confirmation's state (registration/rules/confirmation.py words it).
    "consult_confirmation_state": "Confirmation signée : {state}.",
    "consult_academie": "Ce numéro de dossier a été donné dans plusieurs académies (avant que les numéros soient "
    "nationaux). Dans quelle académie êtes-vous inscrit(e) ? Elle est écrite sur votre "
    "confirmation ; tapez son nom, par exemple : Lyon.",
    "consult_academie_unknown": "Je ne reconnais pas cette académie. Tapez son nom tel qu'il est écrit sur votre "
    "confirmation, par exemple : Lyon, Aix-Marseille ou Paris.",
    "consult_ambiguous": "Je ne peux pas ouvrir ce dossier ici sans risque de vous montrer celui d'une autre "
    "personne. Contactez le service des examens de votre académie, qui le retrouvera "
    "pour vous.",
    "consult_lost": "J'ai perdu mon numéro de dossier",
    "consult_lost_email": "Quelle adresse e-mail avez-vous donnée dans votre dossier ? Votre numéro de dossier y "
    "sera envoyé (il n'est jamais affiché ici).",
    "consult_lost_email_invalid": "Cette adresse e-mail n'est pas valide. Tapez l'adresse donnée dans votre "
    "dossier, par exemple : lea.martin@exemple.fr.",
    "consult_lost_date": "Quelle est votre date de naissance ? (par exemple : 03/05/2004)",
    "consult_lost_sent": "Si un dossier de la session {session} porte cette adresse e-mail et cette date de "
    "naissance, son numéro vient d'y être envoyé. Regardez votre messagerie (et les "
    "indésirables), puis tapez ici votre numéro de dossier.",
    # The journal (console « Journal des actions ») of a number sent after « j'ai perdu mon numéro ».
    "journal_candidate": "candidat (assistant)",
    "journal_number_sent": "numéro de dossier envoyé à l'adresse du dossier",
    "journal_number_not_sent": "numéro de dossier non envoyé (messagerie indisponible)",
    "consult_reprint": "Télécharger ma confirmation",
    "consult_reprint_ready": "Voici votre confirmation d'inscription, dossier {label} (sa dernière version). "
    "Imprimez-la, signez-la et envoyez-la avec les pièces demandées.",
    "consult_reprint_unavailable": "Votre confirmation n'est pas disponible pour le moment. Réessayez dans "
    "quelques minutes, ou contactez le service des examens : {contact}.",
    "consult_cancelled": "Votre dossier {label} a été annulé par le service des examens{reason} : il ne peut plus "
    "être modifié ici. Pour toute question, contactez le service des examens de votre "
    "académie : {contact}.",
    "duplicate_found": "Vous avez déjà un dossier de pré-inscription pour cette spécialité à la session "
    "{session} (même nom, prénoms et date de naissance). Pour le voir ou le modifier, choisissez "
    "« {consult} » : une seconde inscription ferait un doublon que le service des examens devra "
    "supprimer. Si ce n'est pas vous, continuez simplement.",
    # Sending documents (signed confirmation, supporting documents).
    "consult_upload": "Envoyer un document",
    "upload_web": "Pour envoyer votre confirmation d'inscription signée ou une pièce justificative (PDF, JPEG ou "
    "PNG, 10 Mo au plus par fichier), ouvrez ce lien, valable 30 minutes : {url}",
    "upload_telegram": "Envoyez ici, dans cette conversation, votre confirmation d'inscription signée ou une pièce "
    "justificative : un fichier PDF, JPEG ou PNG de 10 Mo au plus (une photo nette de la page entière convient).",
    "upload_unavailable": "L'envoi de documents n'est pas possible pour le moment : envoyez votre confirmation "
    "signée par voie postale, à l'adresse indiquée sur la confirmation.",
}
