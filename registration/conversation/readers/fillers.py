"""The words people wrap answers in: greetings, politeness, hesitations, and the phrases that introduce an
answer (« j'habite au », « je m'appelle », « mon mail c'est », « né(e) le »). Readers drop them before reading
the answer itself, so none of them reaches the dossier."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

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


# --- Labels: the form's own names of its fields ----------------------------------------------------------------
# What a candidate copies from the form before a value (« Nom : MARTIN, prénom : Léa », « date de naissance : … »,
# « CP 35000 »): the question catalogue's and the guide's names of each field, by the catalogue's answer key.
# Written in lower case without accents; read in any case, with or without accents, with or without a colon.
# A label in STRICT_LABELS begins values too (« Ville-d'Avray », « Pays de Galles », « handicap moteur ») or names
# several fields (« ville », « pays »): it is a label only when a colon (or « = ») follows it, and it cuts no
# sentence in pieces (the reader of the piece it is in reads it).
LABELS: dict[str, tuple[str, ...]] = {
    "identite": (
        "nom et prenom(s)", "nom et prenoms", "nom et prenom", "nom prenom(s)", "nom prenoms", "nom prenom",
        "nom, prenom(s)", "nom, prenoms", "nom, prenom", "nom/prenom", "prenom(s) et nom", "prenoms et nom",
        "prenom et nom", "prenom nom", "identite", "etat civil",
    ),
    "nom_usage": ("nom d'usage", "nom marital", "nom d'epouse", "nom de jeune fille"),
    "nom": ("nom de famille", "nom de naissance", "nom patronymique", "nom"),
    "prenoms": ("prenom(s)", "prenoms", "prenom"),
    "date_naissance": (
        "date de naissance", "date naissance", "date de naiss", "ddn", "ne(e) le", "nee le", "ne le", "date",
    ),
    "lieu_naissance": ("lieu de naissance", "ville de naissance", "commune de naissance", "lieu", "ville", "commune"),
    "naissance_departement": ("departement de naissance", "departement"),
    "naissance_arrondissement": ("arrondissement de naissance", "arrondissement"),
    "naissance_pays": ("pays de naissance", "pays"),
    "email": (
        "adresse electronique", "adresse e-mail", "adresse email", "adresse mail", "adresse courriel", "e-mail",
        "email", "mail", "mel", "courriel",
    ),
    "adresse": ("adresse postale", "adresse de residence", "adresse"),
    "lieu_dit": ("complement d'adresse", "complement", "lieu-dit", "lieu dit"),
    "code_postal": ("code postal", "cp"),
    "localite": ("localite de residence", "localite", "commune de residence", "commune", "ville"),
    "residence_pays": ("pays de residence", "pays"),
    "lieu_dit_etranger": ("ville et code postal", "code postal et ville", "localite", "ville"),
    "categorie_famille": ("preparation du bts", "categorie de candidat", "categorie"),
    "handicap": ("amenagement d'epreuves", "amenagement d'epreuve", "amenagement", "handicap"),
    "etablissement": ("etablissement de formation", "etablissement"),
    "etablissement_nom": ("nom de l'etablissement", "etablissement"),
    "etablissement_commune": ("commune de l'etablissement", "ville de l'etablissement", "commune", "ville"),
    "ancien_etablissement": ("ancien etablissement", "dernier etablissement", "etablissement"),
    "ancien_etablissement_nom": (
        "nom de l'ancien etablissement", "nom de l'etablissement", "ancien etablissement", "etablissement",
    ),
    "ancien_etablissement_commune": (
        "commune de l'ancien etablissement", "ville de l'ancien etablissement", "commune de l'etablissement",
        "ville de l'etablissement", "commune", "ville",
    ),
    "specialite": ("choix de la specialite", "specialite presentee", "specialite"),
    "option": ("option",),
    "consents": ("communication des resultats", "communication de votre resultat", "communication du resultat"),
    "former_number": ("numero de candidat", "n° de candidat", "numero"),
    "facultative_souhait_texte": ("epreuve facultative", "facultative"),
}  # fmt: skip
STRICT_LABELS = frozenset(
    ("arrondissement", "complement", "commune", "ville", "pays", "option", "numero", "mel", "amenagement", "lieu",
     "departement", "date", "ne le", "lieu dit", "lieu-dit", "handicap", "amenagement d'epreuves",
     "amenagement d'epreuve", "etablissement", "epreuve facultative")
)  # fmt: skip
# The labels of the questions that stand for several fields (a one-sentence question reads them all).
LABEL_FIELDS: dict[str, tuple[str, ...]] = {
    "identite": ("identite", "nom_usage", "nom", "prenoms"),
    "lieu_naissance": (
        "lieu_naissance",
        "naissance_departement",
        "naissance_arrondissement",
        "naissance_pays",
    ),
    "adresse_complete": ("adresse", "lieu_dit", "code_postal", "localite", "residence_pays"),
    "categorie": ("categorie_famille",),
    "specialite": ("specialite", "option"),  # « Option : SLAM » names the specialty too
    "former_birth_date": ("date_naissance",),
}
_LETTERS = {"a": "[aàâä]", "c": "[cç]", "e": "[eéèêë]", "i": "[iîï]", "o": "[oôö]", "u": "[uùûü]"}


def _label_regex(label: str) -> str:
    out = []
    for ch in label:
        if ch == " ":
            out.append(r"[\s_]+")
        elif ch == "'":
            out.append(rf"(?:{APOSTROPHE}\s*|\s+)")
        elif ch == "-":
            out.append(r"[-\s]?")
        elif ch in ",/":
            out.append(rf"\s*[{ch}]?\s*")
        elif ch == "°":
            out.append(r"(?:°|o\.?)")
        elif ch == "(":
            out.append(r"(?:\(")  # « prénom(s) »: with or without the (s)
        elif ch == ")":
            out.append(r"\))?")
        else:
            out.append(_LETTERS.get(ch, re.escape(ch)))
    text = "".join(out)
    return text.replace(r"(?:\(s\))?", r"(?:\(s\)|s)?").replace(r"(?:\(e\))?", r"(?:\(e\)|e)?")


_OWNER = r"(?:(?:et\s+)?(?:mon|ma|mes|votre|vos|le|la|les)\s+)?"
_SAID = rf"(?:\s+(?:est|sont|c{APOSTROPHE}?\s*est))?"


@lru_cache(maxsize=64)
def _labels_regex(fields: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[tuple[str, str], ...]]:
    """One pattern finding any label of these fields (the longest first), and each alternative's (label, field)."""
    entries = sorted(
        ((label, field) for field in fields for label in LABELS.get(field, ())), key=lambda e: -len(e[0])
    )
    parts = []
    for index, (label, _field) in enumerate(entries):
        after = r"\s*[:=]" if label in STRICT_LABELS else r"(?:\s*[:=]|(?=\s|$))"
        parts.append(rf"(?P<l{index}>{_label_regex(label)})(?![\w@]){_SAID}{after}")
    pattern = rf"(?<![\w@.\-']){_OWNER}(?:{'|'.join(parts)})\s*"
    return re.compile(pattern, re.IGNORECASE), tuple(entries)


@dataclass(frozen=True)
class Label:
    field: str  # the catalogue's answer key the label names
    start: int
    end: int  # where the value may begin
    colon: bool  # followed by « : » or « = »
    words: str  # the label as typed
    label: str  # the label as listed


def find_labels(text: str, fields: Iterable[str]) -> list[Label]:
    """Every label of these fields in the text, in order."""
    fields = tuple(field for field in fields if field in LABELS)
    if not fields:
        return []
    pattern, owners = _labels_regex(fields)
    found = []
    for match in pattern.finditer(text or ""):
        index = next(int(name[1:]) for name, value in match.groupdict().items() if value is not None)
        words = match.group(0)
        label, field = owners[index]
        found.append(Label(field, match.start(), match.end(), bool(re.search(r"[:=]", words)), words, label))
    return found


def labels_of(question: str) -> tuple[str, ...]:
    """The fields whose labels may stand before the answer to a question."""
    return LABEL_FIELDS.get(question, (question,))


def unlabelled(text: str, fields: Iterable[str]) -> str:
    """The text without a label of these fields before its value (« Date de naissance : 12/02/2003 » →
    « 12/02/2003 »); the text as it is when it does not begin with one, or holds nothing else."""
    value = (text or "").strip()
    body = LEADING.sub("", value)
    found = find_labels(body, fields)
    if found and found[0].start == 0:
        rest = body[found[0].end :].strip(" \t-–—:=")
        return rest or value
    return value


VALUE_EDGES = " \t,;/|-–—:="
CONNECTOR_END = re.compile(r"[\s,;]+(?:et|puis)$", re.IGNORECASE)


def labelled_values(text: str, fields: Iterable[str]) -> list[tuple[Label, str]] | None:
    """Each label of these fields and the value typed after it (« Nom : MARTIN, prénom : Léa »); None when the text
    does not begin with one (or holds none followed by a colon), has words before the first, or a label without
    a value."""
    found = find_labels(text, fields)
    if not found or (found[0].start > 0 and not any(label.colon for label in found)):
        return None
    if text[: found[0].start].strip(VALUE_EDGES):  # words before the first label: not a copy of the form
        return None
    values = []
    for index, label in enumerate(found):
        stop = found[index + 1].start if index + 1 < len(found) else len(text)
        value = CONNECTOR_END.sub("", text[label.end : stop].strip(VALUE_EDGES)).strip(VALUE_EDGES)
        if not value:
            return None
        values.append((label, value))
    return values


def labels_as_commas(text: str, fields: Iterable[str]) -> str:
    """« 7 rue Crébillon, Code postal : 44000, Ville : Nantes » → « 7 rue Crébillon, 44000, Nantes »: the labels of
    these fields between values become commas."""
    found = find_labels(text, fields)
    if not found:
        return text
    edges = [0, *(edge for label in found for edge in (label.start, label.end)), len(text)]
    pieces = (text[edges[i] : edges[i + 1]].strip(" ,;-–—:") for i in range(0, len(edges), 2))
    return ", ".join(piece for piece in pieces if piece)
