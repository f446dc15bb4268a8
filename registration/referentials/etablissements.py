"""Loader of etablissements.csv: the establishments, with the check of their UAI codes."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from registration.referentials.reading import (
    ReferentialError,
    _bool,
    _csv_rows,
    _need,
    _read_csv,
    _Source,
    _split,
)
from registration.referentials.records import ESTABLISHMENT_TYPES, Academie, Etablissement, Specialite

# Check letters of a UAI (establishment code): the 7 first characters as a number, mod 23.
UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
ADDED_SOURCE = "service des examens"  # the source of an establishment the exam service added


COLUMNS = ("code", "name", "city", "academie", "type")
OPTIONAL = ("sample", "specialites", "code_invented", "postal_code", "departement", "aliases", "source")


def _etablissement(
    src: _Source,
    line: int,
    row: dict[str, str],
    academies: dict[str, Academie],
    known_specs: set[str],
    codes: set[str],
) -> Etablissement:
    code = _need(src, line, "code", row["code"]).upper()
    if code in codes:
        raise src.fail(line, f"établissement {code} en double")
    codes.add(code)
    if row["academie"] not in academies:
        raise src.fail(line, f"académie inconnue « {row['academie']} »")
    invented = _bool(src, line, "code_invented", row["code_invented"])
    if not invented and not is_valid_uai(code):
        raise src.fail(
            line, f"UAI invalide « {code} » (7 chiffres et la lettre clé ; code_invented = 1 sinon)"
        )
    if row["postal_code"] and not re.fullmatch(r"\d{5}", row["postal_code"]):
        raise src.fail(line, f"code postal invalide « {row['postal_code']} »")
    departement = row["departement"].upper()
    if departement and departement not in academies[row["academie"]].departements:
        raise src.fail(line, f"département « {row['departement']} » hors de l'académie {row['academie']}")
    kind = row["type"].upper()
    if kind not in ESTABLISHMENT_TYPES:
        raise src.fail(line, f"type « {row['type']} » inconnu ({', '.join(ESTABLISHMENT_TYPES)})")
    specs = _split(row["specialites"])
    unknown = [s for s in specs if s not in known_specs]
    if unknown:
        raise src.fail(line, f"spécialité(s) inconnue(s) : {', '.join(unknown)}")
    return Etablissement(
        code,
        _need(src, line, "name", row["name"]),
        row["city"],
        row["academie"],
        kind,
        _bool(src, line, "sample", row["sample"]),
        specs,
        row["postal_code"],
        departement,
        _split(row["aliases"]),
        invented,
        row["source"],
    )


def _known_specs(specialites: dict[str, Specialite]) -> set[str]:
    return set(specialites) | {o.code for s in specialites.values() for o in s.options}


def _load_etablissements(
    directory: Path, academies: dict[str, Academie], specialites: dict[str, Specialite]
) -> tuple[Etablissement, ...]:
    src = _Source(directory, "etablissements.csv")
    known_specs = _known_specs(specialites)
    codes: set[str] = set()
    return tuple(
        _etablissement(src, line, row, academies, known_specs, codes)
        for line, row in _read_csv(src, COLUMNS, OPTIONAL)
    )


@dataclass(frozen=True)
class EtablissementsReport:
    """Uploaded establishments: their rows when every one is right, else every error with its line."""

    etablissements: tuple[Etablissement, ...]
    errors: tuple[ReferentialError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.etablissements)


def parse_etablissements(
    text: str,
    academies: dict[str, Academie],
    specialites: dict[str, Specialite],
    shipped_codes: set[str],
    label: str = "établissements",
) -> EtablissementsReport:
    """Reads establishments the exam service adds (the columns of etablissements.csv; ``source`` defaults to the
    service) and reports every error with its line; a code of the shipped list is refused (it is already there)."""
    src = _Source(Path("."), label)
    src.label = label
    known_specs = _known_specs(specialites)
    codes: set[str] = set()
    found: list[Etablissement] = []
    errors: list[ReferentialError] = []
    try:
        for line, row in _csv_rows(src, text.lstrip("\ufeff"), COLUMNS, OPTIONAL):
            try:
                if row["code"].strip().upper() in shipped_codes:
                    raise src.fail(
                        line, f"établissement {row['code'].strip().upper()} déjà dans la liste livrée"
                    )
                item = _etablissement(src, line, row, academies, known_specs, codes)
            except ReferentialError as error:
                errors.append(error)
                continue
            found.append(dataclasses.replace(item, source=item.source or ADDED_SOURCE))
    except ReferentialError as error:  # the header, or a row with more values than columns
        errors.append(error)
    if not found and not errors:
        errors.append(src.fail(None, "aucun établissement dans ce fichier"))
    return EtablissementsReport(tuple(found), tuple(errors))


def is_valid_uai(code: str) -> bool:
    """Whether a code is a well-formed UAI: 7 digits (Corsica written 620/720) and the right check letter."""
    code = str(code or "").strip().upper()
    return bool(re.fullmatch(r"\d{7}[A-Z]", code)) and UAI_LETTERS[int(code[:7]) % 23] == code[7]
