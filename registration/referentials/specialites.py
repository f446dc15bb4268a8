"""Loader of specialites.csv: the BTS specialties and their options."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from registration.referentials.reading import _need, _read_csv, _Source, _split
from registration.referentials.records import Specialite, SpecialiteOption


def _load_specialites(directory: Path) -> dict[str, Specialite]:
    src = _Source(directory, "specialites.csv")
    groups: dict[str, dict[str, Any]] = {}
    codes: dict[str, int] = {}
    for line, row in _read_csv(
        src, ("code", "title"), ("specialite", "option", "aliases", "option_aliases", "rncp")
    ):
        code = row["code"]
        if not re.fullmatch(r"\d{8}", code):
            raise src.fail(line, f"code de diplôme invalide « {code} » (8 chiffres)")
        if code in codes:
            raise src.fail(line, f"code {code} en double (déjà ligne {codes[code]})")
        codes[code] = line
        group = row["specialite"] or code
        if not re.fullmatch(r"\d{8}", group):
            raise src.fail(line, f"code de spécialité invalide « {group} » (8 chiffres)")
        title = _need(src, line, "title", row["title"])
        entry = groups.setdefault(
            group, {"title": title, "line": line, "options": [], "aliases": [], "plain": False}
        )
        if entry["title"] != title:
            raise src.fail(
                line,
                f"intitulé « {title} » différent de celui de la spécialité {group} "
                f"(ligne {entry['line']}) : « {entry['title']} »",
            )
        entry["aliases"].extend(a for a in _split(row["aliases"]) if a not in entry["aliases"])
        if row["option"]:
            entry["options"].append(
                (line, SpecialiteOption(code, row["option"], _split(row["option_aliases"])))
            )
        else:
            if entry["options"] or entry["plain"] or code != group:
                raise src.fail(
                    line, f"la spécialité {group} a plusieurs lignes : chaque ligne doit nommer son option"
                )
            entry["plain"] = True
    result: dict[str, Specialite] = {}
    for group, entry in groups.items():
        if entry["plain"] and entry["options"]:
            raise src.fail(
                entry["options"][0][0], f"la spécialité {group} a une ligne sans option et des options"
            )
        option_codes = {o.code for _, o in entry["options"]}
        if group in codes and group not in option_codes and not entry["plain"]:
            raise src.fail(entry["line"], f"le code de spécialité {group} est le code d'une autre ligne")
        result[group] = Specialite(
            group, entry["title"], tuple(o for _, o in entry["options"]), tuple(entry["aliases"])
        )
    return result
