"""What the web front says to candidates besides the conversation: the chat API's refusals, the titles and
messages of its pages (the pages' own prose is in bot/web/templates/)."""

WEB = {
    # The chat's API (bot/front.py), shown by the page under the field.
    "unavailable": (
        "Le service est momentanément indisponible. Votre réponse n'est pas perdue : réessayez dans un instant."
    ),
    "bad_request": "Le message n'a pas pu être lu. Rechargez la page puis réessayez.",
    "too_long": "Votre message est trop long : {max} caractères au plus.",
    "foreign": "Cette adresse ne répond qu'aux pages de l'assistant de pré-inscription.",
    "request_refused": "Requête refusée.",
    # Pages that are not there (any address), or no longer (an expired link).
    "page_not_found_title": "Page introuvable",
    "page_not_found": "L'adresse demandée n'existe pas.",
    "download_not_found_title": "Lien de téléchargement introuvable ou expiré",
    "download_not_found": "Ce lien ne permet plus de télécharger la confirmation d'inscription : il a peut-être expiré. "
    "Vous pouvez obtenir un nouveau lien en consultant votre dossier auprès de l'assistant, "
    "avec votre numéro de dossier et votre date de naissance.",
    "dossier_not_found_title": "Lien introuvable ou expiré",
    "dossier_not_found": "Ce lien ne permet plus de lire votre dossier : il a peut-être expiré. Vous pouvez obtenir "
    "un nouveau lien en consultant votre dossier auprès de l'assistant, avec votre numéro de dossier et votre date "
    "de naissance.",
    # The candidates' pages besides the chat (bot/web/pages.py).
    "statement_title": "Déclaration d'accessibilité",
    "dossier_title": "Dossier {label}",
    # The page that receives documents (bot/web/uploads.py) and its time limit (bot/web/upload_time.py).
    "upload_title": "Envoyer un document",
    "upload_expired_title": "Lien expiré",
    "upload_expired": (
        "Ce lien d'envoi n'est plus valable (il sert 30 minutes). Pour en obtenir un nouveau, consultez votre "
        "dossier auprès de l'assistant avec votre numéro de dossier et votre date de naissance, puis choisissez "
        "« Envoyer un document »."
    ),
    "upload_no_file": "Choisissez un fichier avant d'envoyer.",
    "upload_refused_title": "Document refusé",
    "upload_received_title": "Document reçu",
    "upload_received": (
        "Votre document « {name} » a bien été reçu et joint à votre dossier. Le service des examens le vérifiera. "
        "Vous pouvez envoyer un autre document."
    ),
    "upload_link_expired": (
        "Ce lien d'envoi n'est plus valable. Pour en obtenir un nouveau, consultez votre dossier auprès de "
        "l'assistant avec votre numéro de dossier et votre date de naissance, puis choisissez « Envoyer un "
        "document »."
    ),
}
