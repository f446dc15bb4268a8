"""The words people wrap answers in: greetings, politeness, hesitations, and the phrases that introduce an
answer (« j'habite au », « je m'appelle », « mon mail c'est », « né(e) le »). Readers drop them before reading
the answer itself, so none of them reaches the dossier."""

from __future__ import annotations

import re

APOSTROPHE = "['’ʼ`]"
# Said before an answer: « bonjour, », « euh », « alors », « oui » (only before more words).
LEADING = re.compile(
    r"^\s*(?:(?:bonjour|bonsoir|salut|coucou|hello|bjr|slt|hey|madame|monsieur|euh+|heu+|hum+|alors|ben|bah|"
    r"donc|oui|ok|okay|d['’]accord|voila|voilà|ah|eh|bon)\b[\s,!.:;-]*)+",
    re.IGNORECASE,
)
# Said after an answer: « merci », « svp », « bonne journée », and final punctuation.
TRAILING = re.compile(
    r"(?:[\s,!.;:-]*\b(?:merci(?:\s+(?:beaucoup|bien|à vous|a vous|d'avance))?|svp|stp|s['’]il (?:vous|te) pla[iî]t|"
    r"bonne (?:journ[ée]e|soir[ée]e)|cordialement|je crois|il me semble)\b)+[\s!.?]*$|[\s!.?;,]+$",
    re.IGNORECASE,
)
# What introduces a name: « je m'appelle », « jm'appelle », « moi c'est », « mon nom est », « je suis ».
NAME_CUE = re.compile(
    rf"^\s*(?:je\s*m{APOSTROPHE}?\s*ap+el+e|j\s*m{APOSTROPHE}?\s*ap+el+e|jm{APOSTROPHE}?ap+el+e|"
    rf"mon nom (?:complet )?(?:est|c{APOSTROPHE}?\s*est|:)|moi\s+c{APOSTROPHE}?\s*(?:est)?|je suis|"
    rf"c{APOSTROPHE}\s*est)\s+",
    re.IGNORECASE,
)
# What introduces an address: « j'habite (au) », « je vis à », « domiciliée », « mon adresse c'est le ».
ADDRESS_CUE = re.compile(
    rf"^\s*(?:j\s*{APOSTROPHE}?\s*habite|je vis|je r[ée]side|je demeure|domicili[ée]e?s?|"
    rf"(?:mon |l{APOSTROPHE})?adresse(?: postale)?(?:\s+(?:c{APOSTROPHE}?\s*est|est))?(?:\s*:)?)"
    rf"(?:\s+(?:au|à|a|aux|le|:)(?=\s))?\s*",
    re.IGNORECASE,
)
# What introduces an e-mail address: « mon mail c'est », « mail: », « tu peux m'écrire à ».
EMAIL_CUE = re.compile(
    rf"(?:(?:mon|ma|votre|voici|voila|voilà)\s+)*(?:adresse\s+)?(?:e-?mail|mail|courriel|m[ée]l|"
    rf"adresse [ée]lectronique)(?:\s+(?:c{APOSTROPHE}?\s*est|est))?\s*[:=]?\s*$"
    rf"|(?:tu peux|vous pouvez)\s+(?:m{APOSTROPHE}\s*[ée]crire|me contacter|me joindre)\s+(?:à|a|sur)\s*$"
    rf"|c{APOSTROPHE}\s*est\s*$",
    re.IGNORECASE,
)
# Words before a specialty: « je fais un BTS », « je prépare le », « je veux passer le ».
SPECIALTY_CUE = re.compile(
    rf"^\s*(?:(?:je|j)\s*(?:fais|fait|prepare|prépare|passe|veux passer|voudrais passer|suis en|suis inscrit[e]? en)"
    rf"|en|le|la|un|une|l{APOSTROPHE})\b\s*",
    re.IGNORECASE,
)
# Words before a date of birth: « ma date de naissance c'est le », « c le ».
DATE_CUE = re.compile(
    rf"^\s*(?:(?:ma )?date de naissance(?:\s+(?:c{APOSTROPHE}?\s*est|est))?\s*:?|c{APOSTROPHE}?\s*est|c)\s+",
    re.IGNORECASE,
)


# What introduces one name asked alone: « mon prénom c'est », « mes prénoms sont », « mon nom de famille : ».
ONE_NAME_CUE = re.compile(
    rf"^\s*(?:mon|mes|le|les)\s+(?:pr[ée]noms?|nom(?:\s+de\s+famille|\s+de\s+naissance)?)\s*"
    rf"(?:(?:c{APOSTROPHE}?\s*est|est|sont|:)\s*)?",
    re.IGNORECASE,
)


def trim(text: str) -> str:
    """The text without the greetings, hesitations and politeness around it (the text itself when that is
    all there is)."""
    value = (text or "").strip()
    trimmed = TRAILING.sub("", LEADING.sub("", value)).strip()
    return trimmed or value


def without(cue: re.Pattern[str], text: str) -> str:
    """The text trimmed, then without the phrase that introduces the answer."""
    value = trim(text)
    return (cue.sub("", value, count=1).strip() or value) if cue.match(value) else value


def name_only(text: str) -> str:
    """A name typed alone, without « je m'appelle » or « mon prénom c'est » before it."""
    value = trim(text)
    for cue in (ONE_NAME_CUE, NAME_CUE):
        if cue.match(value):
            value = cue.sub("", value, count=1).strip() or value
    return value
