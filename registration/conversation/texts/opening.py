"""Starting and resuming a registration, the session's window, small talk and a technical failure."""

TEXT = {
    "welcome": (
        "Bonjour ! Je suis l'assistant de pré-inscription au BTS (brevet de technicien supérieur), session {session}.\n"
        "Je vais vous poser des questions une par une, comme le formulaire Inscrinet. Rien n'est enregistré "
        "définitivement tant que vous n'avez pas choisi « Valider votre inscription » à la fin.\n"
        "À tout moment, tapez « aide » pour une explication, « retour » pour revenir à la question précédente, "
        "« répéter » pour revoir la question, « abandon » pour tout arrêter, ou « conseiller » pour parler à une "
        "personne. Vos réponses sont gardées : vous pourrez reprendre plus tard."
    ),
    "resume_code": "Votre code de reprise est {code} : notez-le pour reprendre plus tard, ici ou sur un autre canal "
    "(écrivez « reprendre {code} »).",
    "resumed": "J'ai retrouvé votre pré-inscription en cours. Pour votre sécurité, l'ancien code ne fonctionne "
    "plus : votre nouveau code de reprise est {code}. Notez-le. Reprenons.",
    "resume_unknown": "Je ne trouve pas de pré-inscription en cours avec ce code. Vérifiez le code (12 caractères, "
    "par exemple K7F3-QXA9-M2TD ; un code est valable 30 jours) ou commencez une nouvelle "
    "inscription.",
    "resume_needs_login": "Ce code correspond à une consultation ou à une modification de dossier. Pour protéger "
    "votre dossier, un code de reprise ne suffit pas : indiquez à nouveau votre numéro de "
    "dossier et votre date de naissance.",
    "throttled": "Trop d'essais infructueux depuis cet appareil. Pour protéger les dossiers, les recherches "
    "(code de reprise, numéro de dossier, numéro de candidat) sont suspendues pendant {minutes} "
    "minutes. Réessayez plus tard, ou tapez « conseiller » pour parler à une personne.",
    "session_contact": "Pour toute question, contactez le service des examens de l'académie où vous résidez "
    "(son adresse est sur le site de votre rectorat ; pour Paris, Créteil et Versailles : le SIEC, 7 rue Ernest "
    "Renan, 94749 Arcueil Cedex), ou demandez à parler à un conseiller.",
    "out_of_scope": "Je ne peux répondre qu'aux questions sur la pré-inscription au BTS. Pour le reste, "
    "contactez le service des examens de votre académie.",
    "thanks": "Avec plaisir !",
    "goodbye": "Au revoir ! Vos réponses sont gardées : revenez quand vous voulez pour terminer.",
    "greet_again": "Bonjour !",
    "error_internal": "Désolé, un problème technique m'empêche de traiter votre réponse. Vos réponses précédentes "
    "sont gardées. Réessayez dans un instant.",
    "resume_validated": "Ce dossier est validé : consultez-le avec son numéro. Un code de reprise ne sert plus "
    "une fois le dossier validé.",
}
