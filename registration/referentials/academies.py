"""Loader of academies.csv and departements.csv: the académies and the départements they cover."""

from __future__ import annotations

import re
from pathlib import Path

from registration.referentials.reading import _bool, _need, _read_csv, _Source, _split
from registration.referentials.records import Academie, Departement
from registration.referentials.search import normalise

DEPARTEMENT_KINDS = ("DEPARTEMENT", "COLLECTIVITE")
_DEP_CODE = re.compile(r"^(\d{2}|2A|2B|9[78]\d)$")


def _load_departements(directory: Path, academie_codes: set[str]) -> dict[str, Departement]:
    src = _Source(directory, "departements.csv")
    result: dict[str, Departement] = {}
    for line, row in _read_csv(src, ("code", "name", "academie"), ("kind",)):
        code = row["code"].upper()
        if not _DEP_CODE.match(code):
            raise src.fail(line, f"code de département invalide « {row['code']} »")
        if code in result:
            raise src.fail(line, f"département {code} en double")
        name = _need(src, line, "name", row["name"])
        if row["academie"] not in academie_codes:
            raise src.fail(line, f"académie inconnue « {row['academie']} » (absente de academies.csv)")
        kind = (row["kind"] or "DEPARTEMENT").upper()
        if kind not in DEPARTEMENT_KINDS:
            raise src.fail(line, f"kind « {row['kind']} » inconnu ({', '.join(DEPARTEMENT_KINDS)})")
        result[code] = Departement(code, name, row["academie"], kind == "COLLECTIVITE")
    return result


def _load_academies(directory: Path) -> tuple[dict[str, Academie], dict[str, Departement]]:
    src = _Source(directory, "academies.csv")
    rows: dict[str, tuple[int, dict[str, str]]] = {}
    names: set[str] = set()
    for line, row in _read_csv(
        src, ("code", "name", "vice_rectorat"), ("departements", "siec", "region", "aliases")
    ):
        code = row["code"]
        if not re.fullmatch(r"\d{2}", code):
            raise src.fail(line, f"code d'académie invalide « {code} » (2 chiffres)")
        if code in rows:
            raise src.fail(line, f"académie {code} en double")
        name = _need(src, line, "name", row["name"])
        if normalise(name) in names:
            raise src.fail(line, f"nom d'académie en double « {name} »")
        names.add(normalise(name))
        _bool(src, line, "vice_rectorat", row["vice_rectorat"])
        _bool(src, line, "siec", row["siec"])
        rows[code] = (line, row)
    if not rows:
        raise src.fail(None, "aucune académie")
    departements = _load_departements(directory, set(rows))
    academies: dict[str, Academie] = {}
    for code, (line, row) in rows.items():
        deps = tuple(d for d, dep in departements.items() if dep.academie_code == code)
        listed = tuple(d.upper() for d in _split(row["departements"]))
        if listed and set(listed) != set(deps):
            raise src.fail(
                line,
                f"départements {', '.join(listed)} différents de departements.csv "
                f"({', '.join(deps) or 'aucun'})",
            )
        academies[code] = Academie(
            code,
            row["name"],
            deps,
            _bool(src, line, "vice_rectorat", row["vice_rectorat"]),
            _bool(src, line, "siec", row["siec"]),
            row["region"],
            _split(row["aliases"]),
        )
    return academies, departements
