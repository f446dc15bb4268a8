"""What the candidate reads about sending documents (signed confirmation, supporting documents) from the
consultation. Part of the conversation's French texts: ``messages.py`` gathers them all."""

UPLOAD_TEXT = {
    "consult_upload": "Envoyer un document",
    "upload_web": "Pour envoyer votre confirmation d'inscription signée ou une pièce justificative (PDF, JPEG ou "
    "PNG, 10 Mo au plus par fichier), ouvrez ce lien, valable 30 minutes : {url}",
    "upload_telegram": "Envoyez ici, dans cette conversation, votre confirmation d'inscription signée ou une pièce "
    "justificative : un fichier PDF, JPEG ou PNG de 10 Mo au plus (une photo nette de la page entière convient).",
    "upload_unavailable": "L'envoi de documents n'est pas possible pour le moment : envoyez votre confirmation "
    "signée par voie postale, à l'adresse indiquée sur la confirmation.",
}
UPLOAD_WORDS = ("envoy", "document", "piece", "joindre")
