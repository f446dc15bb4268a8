"""Loader of etablissements.csv: the establishments, with the check of their UAI codes."""

from __future__ import annotations

import re
from pathlib import Path

from registration.referentials.reading import _bool, _need, _read_csv, _Source, _split
from registration.referentials.records import ESTABLISHMENT_TYPES, Academie, Etablissement, Specialite

# Check letters of a UAI (establishment code): the 7 first characters as a number, mod 23.
UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def _load_etablissements(
    directory: Path, academies: dict[str, Academie], specialites: dict[str, Specialite]
) -> tuple[Etablissement, ...]:
    src = _Source(directory, "etablissements.csv")
    known_specs = set(specialites) | {o.code for s in specialites.values() for o in s.options}
    result: list[Etablissement] = []
    codes: set[str] = set()
    for line, row in _read_csv(
        src,
        ("code", "name", "city", "academie", "type"),
        ("sample", "specialites", "code_invented", "postal_code", "departement", "aliases", "source"),
    ):
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
        result.append(
            Etablissement(
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
        )
    return tuple(result)


def is_valid_uai(code: str) -> bool:
    """Whether a code is a well-formed UAI: 7 digits (Corsica written 620/720) and the right check letter."""
    code = str(code or "").strip().upper()
    return bool(re.fullmatch(r"\d{7}[A-Z]", code)) and UAI_LETTERS[int(code[:7]) % 23] == code[7]
