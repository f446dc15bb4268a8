"""Loader of countries.csv and countries_academies.csv: the countries and the académie of their residents."""

from __future__ import annotations

import re
from pathlib import Path

from registration.referentials.reading import ReferentialError, _need, _read_csv, _Source, _split
from registration.referentials.records import Academie, Country

DEFAULT_COUNTRY = "*"


def _load_countries(directory: Path, academies: dict[str, Academie]) -> dict[str, Country]:
    src = _Source(directory, "countries_academies.csv")
    mapping: dict[str, str | None] = {}
    mapping_lines: dict[str, int] = {}
    for line, row in _read_csv(src, ("country", "academie"), ("note",)):
        country = row["country"].upper()
        if country != DEFAULT_COUNTRY and not re.fullmatch(r"[A-Z]{2}", country):
            raise src.fail(line, f"code pays invalide « {row['country']} » (ISO alpha-2 ou *)")
        if country in mapping:
            raise src.fail(line, f"pays {country} en double")
        if row["academie"] and row["academie"] not in academies:
            raise src.fail(line, f"académie inconnue « {row['academie']} »")
        mapping[country] = row["academie"] or None
        mapping_lines[country] = line
    default = mapping.get(DEFAULT_COUNTRY)

    src = _Source(directory, "countries.csv")
    countries: dict[str, Country] = {}
    for line, row in _read_csv(src, ("code", "name"), ("alpha3", "aliases")):
        code = row["code"].upper()
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise src.fail(line, f"code pays invalide « {row['code']} » (ISO alpha-2)")
        if code in countries:
            raise src.fail(line, f"pays {code} en double")
        alpha3 = row["alpha3"].upper()
        if alpha3 and not re.fullmatch(r"[A-Z]{3}", alpha3):
            raise src.fail(line, f"code alpha-3 invalide « {row['alpha3']} »")
        name = _need(src, line, "name", row["name"])
        academie = mapping.get(code, default)
        countries[code] = Country(code, name, academie, _split(row["aliases"]), alpha3)
    for country, line in mapping_lines.items():
        if country != DEFAULT_COUNTRY and country not in countries:
            raise ReferentialError(
                f"{directory.name}/countries_academies.csv", line, f"pays {country} absent de countries.csv"
            )
    return countries
