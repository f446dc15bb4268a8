"""Text helpers shared by the validators: cleaning, accent folding and character classes."""

from __future__ import annotations

import re
import unicodedata

# Longest answer a validator looks at; anything longer is refused before any costly parsing.
MAX_INPUT = 500

APOSTROPHES = "'\u2019\u02bc\u2018\u00b4`"
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2212"
# Invisible format characters dropped from answers (zero-width spaces and joiners, direction marks, BOM).
INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
    None,
)
_SPACES = re.compile(r"\s+")
# Latin letters that Unicode does not take apart into a base letter and an accent, with their plain forms.
LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
    }
)


def clean(text: object) -> str | None:
    """The answer as NFC text with invisible marks dropped and spaces collapsed; None when not a str."""
    if not isinstance(text, str):
        return None
    value = unicodedata.normalize("NFC", text).translate(INVISIBLE)
    return _SPACES.sub(" ", value).strip()


def fold(text: str) -> str:
    """Lower case without accents, apostrophes made straight, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for apostrophe in APOSTROPHES:
        stripped = stripped.replace(apostrophe, "'")
    return _SPACES.sub(" ", stripped).strip()


def strip_accents(text: str) -> str:
    """The text with accents removed and LIGATURES expanded (Œ → OE, ø → o, ß → ss), case kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(LIGATURES)
    return unicodedata.normalize("NFC", stripped)


def is_latin_letter(ch: str) -> bool:
    """True for a letter of the Latin script (a, é, œ, ß, ñ...)."""
    if not unicodedata.category(ch).startswith("L"):
        return False
    return "LATIN" in unicodedata.name(ch, "")


def has_control(text: str) -> bool:
    """True when the text holds a control, format, surrogate, private-use or unassigned character."""
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text)


def describe_chars(chars: list[str]) -> str:
    """A short French-readable list of offending characters, e.g. « < », « 3 »."""
    shown: list[str] = []
    for ch in chars:
        item = f"« {ch} »" if ch.isprintable() and not ch.isspace() else f"U+{ord(ch):04X}"
        if item not in shown:
            shown.append(item)
        if len(shown) == 3:
            break
    return ", ".join(shown)


def unify_punctuation(text: str) -> str:
    """Typographic apostrophes and dashes replaced by their plain forms."""
    for apostrophe in APOSTROPHES:
        text = text.replace(apostrophe, "'")
    for hyphen in HYPHENS:
        text = text.replace(hyphen, "-")
    return text


_PUNCTUATION = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation turned into spaces, single spaces: the form used for matching."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", str(text).translate(LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(_PUNCTUATION.sub(" ", text).split())
