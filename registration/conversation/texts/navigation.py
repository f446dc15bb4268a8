"""Moving through the form: progress, the command words (aide, retour, répéter, abandon, conseiller), a
conseiller taking over and handing back."""

# Command words, compared in lower case WITH their accents: « Aidé » is a name, not « aide ».
NAVIGATION_WORDS = {
    "help": ("aide", "help", "?", "/aide"),
    "back": ("retour", "precedent", "précédent", "/retour"),
    "abandon": ("abandon", "abandonner", "/abandon"),
    "repeat": ("repeter", "répéter", "répète", "repete", "/repeter"),
    "human": ("conseiller", "/conseiller"),
}

TEXT = {
    "stale_button": "Ce bouton répondait à une question précédente : cette question a changé. Voici la question "
    "en cours.",
    "progress": "Étape {index} sur {total} : {section}",
    "keep_hint": "Valeur actuelle : {value}. Tapez une nouvelle réponse ou gardez celle-ci.",
    "back_to": "Retour à la question précédente. Votre réponse était : {value}.",
    "back_none": "Nous sommes à la première question : il n'y a pas de question précédente.",
    "repeat": "Je répète la question.",
    "three_failures": "Cette question semble poser problème. {help}\nVous pouvez aussi demander l'aide d'un "
    "conseiller du service des examens.",
    "abandon_confirm": "Voulez-vous vraiment abandonner ? Toutes les réponses de cette pré-inscription seront "
    "effacées.",
    "abandon_done": "C'est fait : votre pré-inscription en cours a été effacée. Écrivez « bonjour » pour "
    "recommencer quand vous voulez.",
    "abandon_cancelled": "D'accord, on continue.",
    "handoff_recorded": "Votre demande a été transmise au service des examens (demande n° {id}). Un conseiller "
    "vous écrira ici même et reprendra votre dossier là où vous en êtes ; le service répond {hours}. En "
    "attendant, vous pouvez continuer ici : rien n'est perdu.",
    "handoff_reason_asked": "Le candidat a demandé un conseiller",
    "handoff_reason_failures": "Trois réponses non comprises à la même question",
    "conseiller_joined": "Un conseiller du service des examens prend votre dossier en charge : il vous écrit ici.",
    "conseiller_left": "Le conseiller vous rend la main : reprenons.",
    "staff_field_not_editable": "Cette réponse ne se corrige pas ici : rendez la main au candidat à cette question.",
    "staff_field_required": "Champ obligatoire.",
}
