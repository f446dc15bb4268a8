"""Everything the Telegram bridge itself says to candidates, in plain French, in one place."""

# Command name → what Telegram shows in its command menu.
COMMANDS = {
    "start": "Commencer ou reprendre une pré-inscription",
    "aide": "Expliquer la question en cours",
    "retour": "Revenir à la question précédente",
    "abandon": "Abandonner la pré-inscription en cours",
}

UNAVAILABLE = (
    "Le service est momentanément indisponible. Votre réponse n'est pas perdue : renvoyez-la dans un instant."
)
BUTTON_EXPIRED = (
    "Ce bouton n'est plus valable (le service a redémarré entre-temps). Je vous répète la question."
)
TEXT_ONLY = (
    "Je ne comprends que les messages écrits (et, une fois votre dossier consulté, les documents PDF, JPEG "
    "ou PNG). Tapez votre réponse, ou choisissez l'un des boutons."
)
CHOOSE = "Choisissez :"
EXAMPLE = "Exemple : {example}"
CHOSEN = "✔ {title}"
DOCUMENT_CAPTION = "Dossier n° {dossier} : votre confirmation d'inscription, à imprimer et à signer."
DOCUMENT_LINK = (
    "Je n'ai pas pu joindre le document à ce message. Téléchargez votre confirmation "
    "(dossier n° {dossier}) ici : {url}"
)
DOCUMENT_RECEIVED = (
    "Votre document « {name} » a bien été reçu et joint à votre dossier. Le service des examens le vérifiera."
)
DOCUMENT_OUTSIDE = (
    "Pour joindre un document à votre dossier, consultez-le d'abord : choisissez « Consulter ou modifier mon "
    "inscription », donnez votre numéro de dossier et votre date de naissance, puis envoyez le fichier ici."
)
DOCUMENT_UNREADABLE = "Je n'ai pas pu récupérer ce fichier. Envoyez-le de nouveau dans un instant."
