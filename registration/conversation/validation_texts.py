"""What the candidate reads when validating beyond the confirmation itself: an e-mail that could not leave yet, a
signed confirmation that no longer counts after a modification, a category and a forme that do not go together.
Part of the conversation's French texts: ``messages.py`` gathers them all."""

VALIDATION_TEXT = {
    # The confirmation e-mail could not leave now: said as it is, before anything else about it.
    "validated_reminder_unsent": "Votre confirmation d'inscription (PDF) est jointe ci-dessous. Le courriel qui "
    "devait l'envoyer à {email} n'a pas pu partir pour l'instant : il sera renvoyé automatiquement, vous n'avez "
    "rien à refaire. Téléchargez dès maintenant la confirmation ci-dessous, imprimez-la, vérifiez-la, signez-la "
    "et renvoyez-la avant le {deadline} à : {address}. "
    "Votre inscription ne sera définitive qu'à réception de ce document signé.\n"
    "Notez votre numéro de dossier : avec votre date de naissance, il vous permet de consulter "
    "ou de modifier votre pré-inscription jusqu'à la clôture.",
    "forme_category_changed": "Votre catégorie et votre forme de passage ne vont pas ensemble : {reason} Votre "
    "dossier passe donc en forme globale.",
    "forme_marks_again": "En forme globale, seule une note d'au moins 10 sur 20 peut être gardée : dites-moi "
    "ce que vous faites de la note ci-dessous (une autre note, ou « Ne pas garder cette note »).",
    "sign_again": "Le service des examens avait reçu votre confirmation signée de la révision {signed}. Votre "
    "modification en fait une nouvelle révision, {label} : cette signature ne vaut pas pour elle. Signez et "
    "renvoyez la nouvelle confirmation ; votre dossier est de nouveau « en attente de la confirmation signée ».",
}
