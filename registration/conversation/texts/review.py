"""The récapitulatif and the validation: the words typed there, what is said when the dossier is stored (or
cannot be), and when a modification changes what was signed. The récapitulatif's labels are the dossier's own
words (registration/documents/summary.py): the dossier's page and the e-mail print them too."""

QUESTIONS: dict[str, dict[str, str]] = {
    "summary": {
        "ask": "Vérifiez soigneusement ces informations. Votre pré-inscription ne sera enregistrée que lorsque "
        "vous aurez choisi « Valider votre inscription ».",
        "help": "Si tout est exact, choisissez « Valider votre inscription ». Pour corriger une rubrique, "
        "choisissez « Modifier une rubrique » ou tapez par exemple « modifier adresse ».",
    },
}


# Words typed at the summary (normalised: lower case, no accents).
SUMMARY_WORDS = {
    "validate": ("valider", "je valide", "valider mon inscription", "valider votre inscription", "confirmer"),
    "modify": ("modifier", "corriger"),
}

TEXT = {
    "modify_which": "Quelle rubrique voulez-vous modifier ?",
    "validated": "Votre pré-inscription est enregistrée. Votre numéro de dossier est : {label}.",
    "validated_modified": "Votre modification est enregistrée. Votre dossier porte maintenant le numéro : {label}.",
    "validated_reminder": "Votre confirmation d'inscription (PDF) est jointe ci-dessous et a été envoyée à {email}. "
    "Imprimez-la, vérifiez-la, signez-la et renvoyez-la avant le {deadline} à : {address}. "
    "Votre inscription ne sera définitive qu'à réception de ce document signé.\n"
    "Notez votre numéro de dossier : avec votre date de naissance, il vous permet de consulter "
    "ou de modifier votre pré-inscription jusqu'à la clôture.",
    "pdf_link": "Télécharger votre confirmation d'inscription ({filename})",
    "done": "Votre pré-inscription est terminée (dossier {label}). Pour la consulter ou la modifier, choisissez "
    "« Consulter ou modifier mon inscription ».",
    "validation_closed": "Votre inscription n'a pas été enregistrée : {reason} Pour toute question, contactez le "
    "service des examens de votre académie : {contact}.",
    "modify_other_academie": "Cette adresse dépend de l'académie de {new}. Votre dossier est enregistré dans "
    "l'académie de {old} : un changement d'académie ne peut pas se faire ici, et votre "
    "adresse n'a pas été changée. Contactez le service des examens de l'académie de {old} "
    "({contact}), qui transmettra votre dossier.",
    "modify_conflict": "Votre dossier a été modifié entre-temps (il est maintenant au numéro {label}) : votre "
    "modification n'a pas été enregistrée, pour ne pas effacer l'autre. Voici le dossier tel "
    "qu'il est enregistré ; vous pouvez le modifier à nouveau.",
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
