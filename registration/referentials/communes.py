"""Communes and their postal codes (referentials/communes.csv): the communes of a postal code, and whether a
commune typed by a candidate belongs to the postal code given.

The file is built by ``python -m registration.sources.build`` from the codes-postaux base; nothing here
needs npm at run time.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from registration.referentials import ReferentialError, _read_csv, _Source, normalise

FILE = "communes.csv"

_SAINTS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_ARRONDISSEMENT_WORDS = frozenset({"arrondissement", "arrondissements", "arr", "arrdt", "ardt", "arrt"})
_ORDINAL = re.compile(r"^0*(\d{1,2})(?:e|er|ere|eme|ieme|em|me|nd|nde)?$")
_ARRONDISSEMENT_NAME = re.compile(r"^(.+?) (\d{1,2})(?:er|e) Arrondissement$")


@dataclass(frozen=True)
class Commune:
    postal_code: str
    insee: str  # INSEE code of the commune (of the arrondissement in Paris, Lyon, Marseille)
    name: str  # official name with accents ("Lyon 2e Arrondissement", "Saint-Denis")
    departement: str  # département of the commune ("69", "2A", "974", "987")
    label: str = ""  # La Poste routing label ("LYON", "ST DENIS"); empty when unknown

    @property
    def short_name(self) -> str:
        """The name for a button: "Lyon 2e" for an arrondissement, the name otherwise."""
        match = _ARRONDISSEMENT_NAME.match(self.name)
        if match:
            number = int(match.group(2))
            return f"{match.group(1)} {number}{'er' if number == 1 else 'e'}"
        return self.name


def canonical_commune(text: str) -> str:
    """The form used to compare commune names: no accents, case, hyphens or spaces; "St" = "Saint";
    "15e", "15ème", "15", "015" = "15"; "arrondissement" and "cedex" (with its number) dropped."""
    words = normalise(text).split()
    kept: list[str] = []
    skip_number = False
    for word in words:
        if word == "cedex":
            skip_number = True
            continue
        if skip_number and word.isdigit():
            continue
        skip_number = False
        if word in _ARRONDISSEMENT_WORDS:
            continue
        word = _SAINTS.get(word, word)
        ordinal = _ORDINAL.match(word)
        if ordinal:
            word = str(int(ordinal.group(1)))
        kept.append(word)
    return "".join(kept)


def _forms(commune: Commune) -> dict[str, int]:
    """The spellings accepted for a commune, with a rank (0 best): its name; for an arrondissement the city
    alone ("Paris 15", "Paris 15e", "PARIS 15" are its name already); its La Poste routing label."""
    forms: dict[str, int] = {}
    if commune.label:
        forms[canonical_commune(commune.label)] = 2
    match = _ARRONDISSEMENT_NAME.match(commune.name)
    if match:
        forms[canonical_commune(match.group(1))] = 1
    forms[canonical_commune(commune.name)] = 0
    forms.pop("", None)
    return forms


class Communes:
    """The postal-code base: look-ups by postal code and check of a typed commune."""

    def __init__(self, communes: tuple[Commune, ...]) -> None:
        self.communes = communes
        self._by_postal_code: dict[str, list[Commune]] = {}
        for commune in communes:
            self._by_postal_code.setdefault(commune.postal_code, []).append(commune)
        self._by_name: dict[str, dict[str, Commune]] | None = None

    def __len__(self) -> int:
        return len(self.communes)

    @property
    def postal_codes(self) -> frozenset[str]:
        return frozenset(self._by_postal_code)

    def for_postal_code(self, postal_code: str) -> list[Commune]:
        """Every commune served by a postal code, by name ([] for an unknown code)."""
        found = self._by_postal_code.get(_clean_postal_code(postal_code), [])
        return sorted(found, key=lambda c: (normalise(c.name), c.insee))

    def is_known_postal_code(self, postal_code: str) -> bool:
        return _clean_postal_code(postal_code) in self._by_postal_code

    def match(self, postal_code: str, text: str) -> Commune | None:
        """The commune of this postal code that the text names (accents, case, hyphens, "St", arrondissement
        forms ignored); None when no commune of the code has that name. "Lyon" for 69002 is Lyon 2e."""
        wanted = canonical_commune(text)
        if not wanted:
            return None
        hits = [
            (rank, c)
            for c in self.for_postal_code(postal_code)
            if (rank := _forms(c).get(wanted)) is not None
        ]
        return min(hits, key=lambda hit: hit[0])[1] if hits else None

    def named(self, text: str) -> list[Commune]:
        """The communes (one per INSEE code) that the text names, in any postal code: "Lyon 3e" gives the
        arrondissement, "Lyon" its nine arrondissements, "Saint-Denis" the communes of that name everywhere."""
        if self._by_name is None:
            index: dict[str, dict[str, Commune]] = {}
            for commune in self.communes:
                for form, rank in _forms(commune).items():
                    if rank <= 1:
                        index.setdefault(form, {}).setdefault(commune.insee, commune)
            self._by_name = index
        return list(self._by_name.get(canonical_commune(text), {}).values())

    @staticmethod
    def arrondissement_number(commune: Commune) -> str | None:
        """ "15" for Paris 15e Arrondissement; None for a commune that is not an arrondissement."""
        match = _ARRONDISSEMENT_NAME.match(commune.name)
        return str(int(match.group(2))) if match else None


def _clean_postal_code(postal_code: str) -> str:
    return re.sub(r"\s", "", str(postal_code or ""))


def _load_file(directory: Path) -> Communes:
    src = _Source(directory, FILE)
    result: list[Commune] = []
    seen: set[tuple[str, str]] = set()
    for line, row in _read_csv(src, ("postal_code", "insee", "name", "departement"), ("label",)):
        if not re.fullmatch(r"\d{5}", row["postal_code"]):
            raise src.fail(line, f"code postal invalide « {row['postal_code']} »")
        if not re.fullmatch(r"\d{5}|2[AB]\d{3}", row["insee"]):
            raise src.fail(line, f"code INSEE invalide « {row['insee']} »")
        if (row["postal_code"], row["insee"]) in seen:
            raise src.fail(line, f"commune {row['insee']} en double pour le code postal {row['postal_code']}")
        seen.add((row["postal_code"], row["insee"]))
        if not re.fullmatch(r"\d{2}|2[AB]|9[78]\d", row["departement"]):
            raise src.fail(line, f"département invalide « {row['departement']} »")
        if not row["name"]:
            raise src.fail(line, "name : valeur manquante")
        result.append(
            Commune(row["postal_code"], row["insee"], row["name"], row["departement"], row["label"])
        )
    if not result:
        raise src.fail(None, "aucune commune")
    return Communes(tuple(result))


@functools.lru_cache(maxsize=4)
def _load(directory: Path) -> Communes:
    if not directory.is_dir():
        raise ReferentialError(str(directory), None, "dossier des référentiels introuvable")
    return _load_file(directory)


def load_communes(directory: Path | None = None) -> Communes:
    """The communes of referentials/communes.csv (settings' folder by default); read once per folder."""
    if directory is None:
        from registration.settings import get_settings

        directory = get_settings().referentials_dir
    return _load(Path(directory).resolve())


def communes_for_postal_code(postal_code: str, directory: Path | None = None) -> list[Commune]:
    """Every commune served by a postal code, by name; [] for an unknown code."""
    return load_communes(directory).for_postal_code(postal_code)


def commune_for_postal_code(postal_code: str, text: str, directory: Path | None = None) -> Commune | None:
    """The commune of the postal code named by the text, or None when it does not match the code."""
    return load_communes(directory).match(postal_code, text)
