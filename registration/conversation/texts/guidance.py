"""What a screen reader is told of a question instead of its long list of buttons, and the page title of each
step (conversation/guidance.py)."""

GUIDANCE = {
    "long_list": "{count} choix proposés : tapez votre réponse, ou parcourez la liste des boutons.",
    "naissance_arrondissement": "{count} arrondissements, tapez le numéro.",
    "or_button": "Sinon, choisissez « {button} ».",
    "multi": "{count} éléments à cocher ou décocher un par un, puis « Suite ».",
    "summary": "Récapitulatif de votre pré-inscription, rubrique par rubrique : vérifiez-le, puis choisissez "
    "« Valider votre inscription » ou « Modifier une rubrique ».",
    "title_step": "{section} (étape {index} sur {total})",
    "title_summary": "Récapitulatif avant validation",
    "title_consult": "Consultation de votre dossier",
    "title_done": "Pré-inscription enregistrée",
}
