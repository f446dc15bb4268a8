"""Reads every answer a free sentence holds, at any question: « Bonjour, je m'appelle Léa Martin, née le 3 mai
2004 à Lyon, j'habite 12 rue des Lilas 75015 Paris et je veux m'inscrire en BTS MCO au lycée Jean Lurçat ».

The sentence is cut where a phrase introduces an answer (« je m'appelle », « né(e) le », « j'habite », an
e-mail address, « BTS », « lycée »; how the BTS is prepared is recognised anywhere). What comes before the first
such phrase is the answer to the question asked. Each piece is read by the reader of its question (the same
readers and validators as when the question is asked alone), so a value is kept only when its question would
keep it; a piece whose value fails its check is reported with the reason, and asked again later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from registration import rules
from registration.conversation.catalogue import YESNO, Context, Step
from registration.conversation.catalogue import composite as one
from registration.conversation.catalogue.providers import _candidate_number, _family_fills
from registration.conversation.readers import fillers
from registration.conversation.readers.families import read_family, strip_families
from registration.conversation.readers.first_names import is_first_name
from registration.conversation.readers.schools import read_school
from registration.conversation.readers.specialties import read_specialty
from registration.conversation.texts import FIELD_LABELS, GROUP_LABELS
from registration.conversation.types import Turn
from registration.referentials import normalise
from registration.rules import Invalid, Result, Valid

# The questions a sentence may answer, and the answers each of them gives.
GROUPS: dict[str, tuple[str, ...]] = {
    "identite": one.IDENTITY_FILLS,
    "date_naissance": ("date_naissance",),
    "lieu_naissance": one.BIRTHPLACE_FILLS,
    "adresse_complete": one.ADDRESS_FILLS,
    "email": ("email",),
    "categorie_famille": ("categorie_famille", "categorie"),
    "etablissement": ("etablissement",),
    "specialite": ("specialite", "option"),
    "former_number": ("former_number",),
}
# The question asked → the group its answer belongs to.
ASKED_GROUP = {
    **{key: group for group, keys in GROUPS.items() for key in keys},
    **{group: group for group in GROUPS},
}
BORN = "born"  # « né(e) le … à … »: a date and a place of birth
WISH = "start"  # « je veux m'inscrire »

APOSTROPHE = fillers.APOSTROPHE
EMAIL = re.compile(r"[^\s@<>,;:()]+@[^\s@<>,;:()]+\.[a-z]{2,}", re.IGNORECASE)
CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        WISH,
        re.compile(
            rf"\b(?:(?:je\s+|j)?(?:veux|voudrais|souhaite|souhaiterais|aimerais|d[ée]sire)\s+"
            rf"(?:m{APOSTROPHE}?\s*|me\s+)?inscri\w*|m{APOSTROPHE}\s*inscrire|minscrire|(?:une\s+)?inscription)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "identite",
        re.compile(
            rf"\b(?:je\s*m{APOSTROPHE}?\s*ap+el+e|j\s*m{APOSTROPHE}?\s*ap+el+e|jm{APOSTROPHE}?ap+el+e|"
            rf"mon nom (?:est|c{APOSTROPHE}?\s*est)|moi\s+c{APOSTROPHE}?\s*est)\b",
            re.IGNORECASE,
        ),
    ),
    (
        BORN,
        re.compile(
            r"\b(?:n[ée]e?s?(?:\s*\(e\))?(?=\s+(?:le|en|à|a|au|aux|dans|\d))|ma date de naissance(?:\s+(?:est|c['’ ]?est))?)",
            re.IGNORECASE,
        ),
    ),
    (
        "adresse_complete",
        re.compile(
            rf"\b(?:j\s*{APOSTROPHE}?\s*habite|je vis|je r[ée]side|domicili[ée]e?|"
            rf"mon adresse(?!\s+(?:e-?mail|mail|[ée]lectronique)))\b",
            re.IGNORECASE,
        ),
    ),
    ("specialite", re.compile(r"\bb\.?\s?t\.?\s?s\b\.?", re.IGNORECASE)),
    (
        "etablissement",
        re.compile(r"\b(?:(?:au|à la|a la|dans le|en)\s+)?(?:lyc[ée]e|lyc)\b", re.IGNORECASE),
    ),
)
# The form's labels that introduce an answer (« Nom : », « date de naissance », « CP »), by the group they answer;
# a label of the group just introduced stays in its piece (« Nom : MARTIN, prénom : Léa » is one identity).
LABEL_GROUPS: dict[str, str] = {
    **{key: "identite" for key in fillers.labels_of("identite")},
    "date_naissance": BORN,
    **{key: "lieu_naissance" for key in fillers.labels_of("lieu_naissance")},
    **{key: "adresse_complete" for key in fillers.labels_of("adresse_complete")},
    "email": "email",
    "categorie_famille": "categorie_famille",
    "etablissement": "etablissement",
    "specialite": "specialite",
    "former_number": "former_number",
}
# « je suis Inès BOUZID »: a name only when a word in capitals or with a capital follows (not « je suis née »).
I_AM = re.compile(r"\bje suis\s+(?=[A-ZÀ-Ý])", re.UNICODE)
NOT_NAMES = frozenset(
    {"né", "née", "nee", "ne", "au", "en", "à", "a", "dans", "candidat", "candidate", "apprenti"}
)
CONNECTORS = re.compile(r"(?:[\s,;.!]*\b(?:et|puis|aussi|donc|mais)\b)?[\s,;.!-]*$", re.IGNORECASE)
PLACE_JOINT = re.compile(r"[\s,]+(?:à|a|au|aux|en|dans)\s+", re.IGNORECASE)
MAX_LENGTH = 400


@dataclass
class Reading:
    """What a sentence holds: answers by question group, the groups whose value failed its check (with the
    reason), and whether it says that the candidate wants to register."""

    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    wish: bool = False
    echoes: dict[str, str] = field(default_factory=dict)  # group → how its reader says what it read

    def flat(self, answered: dict[str, Any] | None = None) -> dict[str, Any]:
        """The answers in the order of the catalogue (a group keeps its own order), without those already given."""
        answered = answered or {}
        out: dict[str, Any] = {}
        for group in GROUPS:
            for key, value in self.values.get(group, {}).items():
                if key not in answered or (answered[key] != value and value not in ("", None)):
                    out[key] = value  # a new answer, or another one than given before (read back as such)
        return out


@dataclass(frozen=True)
class _Piece:
    group: str
    cue: str
    text: str
    span: tuple[int, int] = (0, 0)  # where the phrase and its answer are in the sentence


def label(key: str) -> str:
    return FIELD_LABELS.get(key, key)


def group_label(group: str) -> str:
    return GROUP_LABELS.get(group, group)


def group_of(key: str) -> str | None:
    return next((group for group, keys in GROUPS.items() if key in keys), None)


def _cuts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, group) of every phrase that introduces an answer, in order, without overlaps."""
    found: list[tuple[int, int, str]] = []
    for group, pattern in CUES:
        found += [(m.start(), m.end(), group) for m in pattern.finditer(text)]
    for m in I_AM.finditer(text):
        following = text[m.end() :].split(maxsplit=1)
        if following and following[0].lower() not in NOT_NAMES:
            found.append((m.start(), m.end(), "identite"))
    for m in EMAIL.finditer(text):
        found.append((m.start(), m.end(), "email"))
    labels = _label_cuts(text)
    found += labels
    found.sort(key=lambda cut: (cut[0], -(cut[1] - cut[0])))
    kept: list[tuple[int, int, str]] = []
    for cut in found:
        if kept and cut[0] < kept[-1][1]:
            continue
        if kept and cut in labels and cut[2] == kept[-1][2]:
            continue  # « …, prénom : Léa » after « Nom : MARTIN »: the same answer goes on
        kept.append(cut)
    return [cut for cut in kept if cut[2] != EMAIL_LABEL]


EMAIL_LABEL = "email-label"  # « mail : » before an e-mail address: the address itself is the cut


def _label_cuts(text: str) -> list[tuple[int, int, str]]:
    """The labels that introduce an answer: followed by a colon, of several words (« date de naissance »), or
    first in the sentence."""
    start = len(text) - len(fillers.LEADING.sub("", text))
    cuts = []
    for label in fillers.find_labels(text, LABEL_GROUPS):
        if label.label in fillers.STRICT_LABELS:
            continue
        if label.colon or label.start <= start or " " in label.label:
            group = LABEL_GROUPS[label.field]
            cuts.append((label.start, label.end, EMAIL_LABEL if group == "email" else group))
    return cuts


def pieces(text: str) -> tuple[str, list[_Piece]]:
    """The words before the first phrase that introduces an answer, and each introduced piece."""
    cuts = _cuts(text)
    leading = text[: cuts[0][0]] if cuts else text
    found = []
    for index, (start, end, group) in enumerate(cuts):
        stop = cuts[index + 1][0] if index + 1 < len(cuts) else len(text)
        if group == "email":
            found.append(_Piece(group, "", text[start:end], (start, end)))
            continue
        body = text[end:stop]
        if index + 1 < len(cuts) and cuts[index + 1][2] == "email":  # « …, mon mail c'est lea@… »
            body = fillers.EMAIL_CUE.sub("", CONNECTORS.sub("", body))
        body = CONNECTORS.sub("", body).strip(" ,;.")
        found.append(_Piece(group, text[start:end], body, (start, stop)))
    leading = CONNECTORS.sub("", leading)
    if found and found[0].group == "email":  # « mon mail c'est » before the address is no answer
        leading = fillers.EMAIL_CUE.sub("", leading).strip()
    return leading.strip(" ,;."), found


def _values(result: Result) -> dict[str, Any] | None:
    return dict(result.value) if isinstance(result, Valid) else None


def _read_born(ctx: Context, text: str, reading: Reading) -> None:
    """« le 3 mai 2004 à Lyon », « à Bordeaux », « 12/02/2003 a Brest »: a date, a place, or both."""
    joint = PLACE_JOINT.search(" " + text)
    date_text = text[: max(joint.start() - 1, 0)] if joint else text
    place_text = text[joint.end() - 1 :] if joint else ""
    if date_text.strip(" ,"):
        date = rules.validate_birth_date(fillers.without(fillers.DATE_CUE, date_text), ctx.today)
        if isinstance(date, Valid):
            reading.values["date_naissance"] = {"date_naissance": date.value}
        else:
            reading.refused["date_naissance"] = date.message
    if place_text.strip():
        _read_group(ctx, "lieu_naissance", place_text, reading)


def _read_group(ctx: Context, group: str, text: str, reading: Reading) -> None:
    result = _reader(ctx, group, text)
    if result is None:
        return
    values = _values(result)
    if values:
        reading.values[group] = values
        if isinstance(result, Valid) and result.echo:
            reading.echoes[group] = result.echo
    elif isinstance(result, Invalid) and result.message:
        reading.refused[group] = result.message


def _reader(ctx: Context, group: str, text: str) -> Result | None:
    if not text.strip():
        return None
    if group == "identite":
        return one.read_identity(ctx, text)
    if group == "lieu_naissance":
        return one.read_birthplace(ctx, text)
    if group == "adresse_complete":
        return one.read_address(ctx, text)
    if group == "email":
        found = EMAIL.search(text)
        result = rules.validate_email(found.group(0) if found else fillers.trim(text))
        return Valid({"email": result.value}) if isinstance(result, Valid) else result
    if group == "specialite":
        return read_specialty(ctx, strip_families(ctx, text))
    if group == "etablissement":
        return read_school(ctx, strip_families(ctx, text))
    if group == "categorie_famille":
        return read_family(ctx, text)
    if group == "former_number":
        result = _candidate_number(ctx, fillers.trim(text))
        return Valid({"former_number": result.value}) if isinstance(result, Valid) else result
    return None


def _read_asked(ctx: Context, step: Step, text: str, reading: Reading) -> None:
    """The words before any introducing phrase, read as the answer to the question asked."""
    group = ASKED_GROUP.get(step.id)
    if step.id == "date_naissance":
        _read_born(ctx, text, reading)
    elif group is not None:
        _read_group(ctx, group, text, reading)
    elif step.kind == YESNO and isinstance(answer := rules.validate_yes_no(text), Valid):
        reading.values[step.id] = {step.id: answer.value}


def read(ctx: Context, step: Step, text: str, intent: str | None = None) -> Reading:
    """Every answer the sentence holds; the question asked is `step` (its answer is the leading words)."""
    reading = Reading()
    if not text or len(text) > MAX_LENGTH or text.startswith("/"):
        return reading
    leading, found = pieces(text)
    reading.wish = any(piece.group == WISH for piece in found) or intent == "new_registration"
    # The specialty first: the establishment is told apart by the specialty it teaches.
    order = {"specialite": 0, "adresse_complete": 1}
    for piece in sorted(found, key=lambda p: order.get(p.group, 2)):
        read_ctx = Context(ctx.refs, {**ctx.answers, **reading.flat()}, ctx.today, ctx.session)
        if piece.group == BORN:
            _read_born(read_ctx, piece.text, reading)
        elif piece.group == "identite" and _labelled_only(piece):
            continue  # « pas de nom d'usage »: a label with no name after it
        elif piece.group in ("identite", "adresse_complete"):  # their readers drop the phrase themselves
            _read_group(read_ctx, piece.group, f"{piece.cue} {piece.text}", reading)
        elif piece.group == "etablissement" and not _school_named(piece.text):
            continue  # « je suis au lycée »: how the BTS is prepared, read below
        elif piece.group != WISH:
            _read_group(read_ctx, piece.group, piece.text, reading)
    if leading and step.id == WISH and "identite" not in reading.values:
        _read_opening_name(ctx, leading, reading)
    if leading and step.id != WISH:
        _read_asked(
            Context(ctx.refs, {**ctx.answers, **reading.flat()}, ctx.today, ctx.session),
            step,
            leading,
            reading,
        )
    _read_family(ctx, step, text, found, reading)
    return reading


# Words written with a capital in a greeting that are no family name.
_NOT_NAMES = """ici voici voila merci moi toi nous vous tout tous toutes monde bonne bon journee soiree madame monsieur
mademoiselle equipe service scolarite examens examen inscription inscriptions candidat candidate eleve etudiant
etudiante encore aussi deja svp stp"""
NOT_A_NAME = frozenset(_NOT_NAMES.split())
OPENING_NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ'’ -]+(?:,[A-Za-zÀ-ÖØ-öø-ÿ'’ -]+)?$")


def _read_opening_name(ctx: Context, leading: str, reading: Reading) -> None:
    """« Bonjour, Paul Durand, né le … », « Bonjour, MARTIN Léa, … »: a name typed alone before what a first message
    says, read only when the text tells the family name from the first names (capitals, a comma, or one part
    made of usual first names and the other of none); a greeting that leaves it in doubt is not read."""
    body = fillers.TRAILING.sub("", fillers.LEADING.sub("", leading)).strip(" ,;.")
    body = one.CIVILITY.sub("", body).strip()
    if not body or not OPENING_NAME.match(body):
        return
    family, given = _opening_parts(body)
    if family and given:
        _read_group(ctx, "identite", f"{family}, {given}", reading)


def _opening_parts(body: str) -> tuple[str, str]:
    """(family name, first names) when the text tells them apart for sure; ("", "") when it does not."""
    if "," in body:  # « Durand, Paul »: the family name first, as the form asks it
        family, _, given = (part.strip() for part in body.partition(","))
        words = given.split()
        if family and words and all(is_first_name(w) for w in words) and not is_first_name(family):
            return family, given
        return "", ""
    words = body.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return "", ""
    upper = [one.is_upper_word(w) for w in words]
    if any(upper) and not all(upper):  # « Paul DURAND », « MARTIN Léa »
        parts = one.split_name(body)
        return parts if parts and all(parts) else ("", "")
    if any(upper):
        return "", ""
    if any(normalise(w) in NOT_A_NAME for w in words):  # « Bonjour Tout Le Monde », « Léa Ici »
        return "", ""
    known = [is_first_name(w) for w in words]
    named = [w.lower() not in one.PARTICLES for w in words]
    # « Paul Durand », « Léa Marie Da Silva »: usual first names, then a family name that is none
    for cut in range(1, len(words)):
        rest_known = any(k and n for k, n in zip(known[cut:], named[cut:], strict=True))
        if all(known[:cut]) and not rest_known and named[cut - 1]:
            return " ".join(words[cut:]), " ".join(words[:cut])
    return "", ""


def _labelled_only(piece: _Piece) -> bool:
    """An identity introduced by a label (« Nom : », « nom d'usage ») that gives no name after its labels."""
    cue_labels = fillers.find_labels(piece.cue, fillers.labels_of("identite"))
    is_label = bool(cue_labels) and cue_labels[0].start == 0
    return is_label and one.labelled_names(f"{piece.cue} {piece.text}") is None


def _school_named(text: str) -> bool:
    return bool(re.search(r"[A-Za-zÀ-ÿ]{3,}", text))


def _read_family(ctx: Context, step: Step, text: str, found: list[_Piece], reading: Reading) -> None:
    """How the BTS is prepared, anywhere outside the name of an establishment (« en alternance »)."""
    if "categorie_famille" in reading.values:
        return
    asked = step.id == "categorie_famille"
    outside = text
    for piece in reversed(found):  # the name of an establishment says nothing of how the BTS is prepared
        if piece.group == "etablissement" and _school_named(piece.text):
            start, stop = piece.span
            if asked:  # « je suis au lycée Fresnel », asked how the BTS is prepared: « au lycée » answers it
                start += len(piece.cue)
            outside = outside[:start] + " " + outside[stop:]
    result = read_family(ctx, outside, anywhere=not asked)
    values = _values(result)
    if values:
        read_ctx = Context(ctx.refs, {**ctx.answers, **reading.flat()}, ctx.today, ctx.session)
        values.update(_family_fills(read_ctx, values["categorie_famille"]))
        reading.values["categorie_famille"] = values


def specialty_mentioned(ctx: Context, text: str) -> dict[str, Any]:
    """The specialty (and option) a first message names after « BTS » (« je veux m'inscrire en BTS SIO option
    SLAM »): {} when it names none, or none exactly."""
    _leading, found = pieces(text or "")
    piece = next((p for p in found if p.group == "specialite"), None)
    if piece is None:
        return {}
    result = read_specialty(ctx, strip_families(ctx, piece.text))
    return dict(result.value) if isinstance(result, Valid) else {}


def other_groups(reading: Reading, step: Step, answered: dict[str, Any]) -> list[str]:
    """The groups of answers (not given yet) that the sentence holds beyond the question asked."""
    asked = ASKED_GROUP.get(step.id, step.id)
    fresh = reading.flat(answered)
    return [g for g in GROUPS if g != asked and any(key in fresh for key in GROUPS[g])]


def from_sentence(turn: Turn, text: str, ctx: Context, step: Step) -> dict[str, Any]:
    """Answers found in a sentence beyond the question asked (with its own answer); {} when the sentence is a
    plain answer to the question asked."""
    if ctx.get("start") != "new":
        return {}
    reading = read(ctx, step, text, turn.intent)
    if not other_groups(reading, step, ctx.answers):
        return {}
    return reading.flat(ctx.answers)


# « je veux modifier mon inscription », « consulter mon dossier », « je suis déjà inscrite »: a registration made
# before, not a new one.
CONSULT = re.compile(
    r"\b(?:modifi\w*|consult\w*|corrig\w*|chang(?:er|ement)|revoir|v[ée]rifier|o[uù] en est|"
    r"d[ée]j[àa] (?:inscrit\w*|fait\w*|valid\w*|enregistr\w*)|mon dossier|num[ée]ro de dossier)\b",
    re.IGNORECASE,
)


def says_consult(text: str) -> bool:
    """Whether a first message asks for a registration made before (to see or change it)."""
    return bool(text) and not text.startswith("/") and bool(CONSULT.search(text))


def says_wish(text: str) -> bool:
    """Whether a message says that the candidate wants to register (« je voudrais m'inscrire »)."""
    return (
        bool(text) and not text.startswith("/") and bool(CUES[0][1].search(text)) and not says_consult(text)
    )
