"""What the candidate reads when both consents (press, collectivités) are given in their own words. Part of the
conversation's French texts: ``messages.py`` gathers them all."""

CONSENT_TEXT = {
    "consents_read": "Publication du résultat par la presse : {press} ; communication aux collectivités "
    "territoriales : {collectivites}.",
    "consents_yes": "oui",
    "consents_no": "non",
    "consents_one_missing": "J'ai besoin de vos deux réponses : la publication de votre résultat par la presse, et "
    "la communication de votre nom et de votre adresse aux collectivités territoriales. Choisissez l'un des "
    "boutons, par exemple « Non aux deux ».",
}
