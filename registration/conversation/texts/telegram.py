"""What the Telegram bridge itself says to candidates (bot/telegram/), besides the conversation's own texts."""

# Command name → what Telegram shows in its command menu.
TELEGRAM_COMMANDS = {
    "start": "Commencer ou reprendre une pré-inscription",
    "aide": "Expliquer la question en cours",
    "retour": "Revenir à la question précédente",
    "abandon": "Abandonner la pré-inscription en cours",
}

TELEGRAM = {
    "unavailable": (
        "Le service est momentanément indisponible. Votre réponse n'est pas perdue : renvoyez-la dans un instant."
    ),
    "button_expired": (
        "Ce bouton n'est plus valable (le service a redémarré entre-temps). Je vous répète la question."
    ),
    "text_only": (
        "Je ne comprends que les messages écrits (et, une fois votre dossier consulté, les documents PDF, JPEG "
        "ou PNG). Tapez votre réponse, ou choisissez l'un des boutons."
    ),
    "choose": "Choisissez :",
    "example": "Exemple : {example}",
    "chosen": "✔ {title}",
    "document_caption": "Dossier n° {dossier} : votre confirmation d'inscription, à imprimer et à signer.",
    "document_link": (
        "Je n'ai pas pu joindre le document à ce message. Téléchargez votre confirmation "
        "(dossier n° {dossier}) ici : {url}"
    ),
    "document_received": (
        "Votre document « {name} » a bien été reçu et joint à votre dossier. Le service des examens le vérifiera."
    ),
    "document_outside": (
        "Pour joindre un document à votre dossier, consultez-le d'abord : choisissez « Consulter ou modifier mon "
        "inscription », donnez votre numéro de dossier et votre date de naissance, puis envoyez le fichier ici."
    ),
    "document_unreadable": "Je n'ai pas pu récupérer ce fichier. Envoyez-le de nouveau dans un instant.",
}
