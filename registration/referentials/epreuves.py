"""Loader of epreuves/*.yaml: the règlement d'examen (épreuves) of each specialty, with the shared lists."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from registration.referentials.reading import ReferentialError, _bool, _date, _read_yaml, _Source
from registration.referentials.records import Epreuve, EpreuveTable, Specialite

EPREUVES_DIR = "epreuves"
_COMMON_EPREUVES = "_common.yaml"
_EPREUVE_CODE = re.compile(r"^EF?\d+$")


def _epreuve_source(directory: Path, name: str) -> _Source:
    return _Source(directory, f"{EPREUVES_DIR}/{name}")


def _max_optional(src: _Source, line: int | None, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise src.fail(line, "max_optional doit être un entier positif")
    return value


def _load_epreuve_common(directory: Path) -> tuple[int, dict[str, tuple[str, ...]]]:
    """_common.yaml: the default max_optional and the named lists (languages...) épreuves refer to."""
    src = _epreuve_source(directory, _COMMON_EPREUVES)
    data = _read_yaml(src)
    default_max = _max_optional(src, data["__lines__"].get("max_optional"), data.get("max_optional", 2))
    lists: dict[str, tuple[str, ...]] = {}
    block = data.get("lists") or {}
    if not isinstance(block, dict):
        raise src.fail(data["__lines__"].get("lists"), "« lists » doit être une table nom: [valeurs]")
    for name, values in block.items():
        if name in ("__line__", "__lines__"):
            continue
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise src.fail(block["__lines__"].get(name), f"liste « {name} » : liste de textes attendue")
        lists[str(name)] = tuple(v.strip() for v in values)
    return default_max, lists


def _load_epreuve_table(
    src: _Source, spec: Specialite, default_max: int, lists: dict[str, tuple[str, ...]]
) -> EpreuveTable:
    data = _read_yaml(src)
    lines = data["__lines__"]
    declared = str(data.get("specialite") or "").strip()
    if declared != spec.code:
        raise src.fail(
            lines.get("specialite", 1), f"specialite « {declared} » : le fichier est celui de {spec.code}"
        )
    source = str(data.get("source") or "").strip()
    if not source:
        raise src.fail(lines.get("source", 1), "source : valeur manquante (le texte d'où vient la table)")
    if "verified" not in data:
        raise src.fail(1, "verified : valeur manquante (true ou false)")
    verified = _bool(src, lines["verified"], "verified", data["verified"])
    source_date = data.get("source_date")
    if source_date not in (None, "") and not isinstance(source_date, date):
        source_date = _date(src, lines.get("source_date"), "source_date", str(source_date))
    limit = _max_optional(src, lines.get("max_optional"), data.get("max_optional", default_max))
    items = data.get("epreuves")
    if not isinstance(items, list):
        raise src.fail(
            lines.get("epreuves", 1), "liste « epreuves » attendue (vide si la table est inconnue)"
        )
    epreuves: list[Epreuve] = []
    keys: set[tuple[str, str | None]] = set()
    option_codes = {o.code for o in spec.options}
    for item in items:
        if not isinstance(item, dict):
            raise src.fail(lines.get("epreuves"), "chaque épreuve doit être une table")
        line = item["__line__"]
        code = str(item.get("code") or "").strip()
        title = str(item.get("title") or "").strip()
        if not code:
            raise src.fail(line, "épreuve sans code")
        if not _EPREUVE_CODE.match(code):
            raise src.fail(line, f"épreuve « {code} » : code attendu de la forme E1 ou EF1")
        if not title:
            raise src.fail(line, f"épreuve {code} sans intitulé")
        coefficient = item.get("coefficient")
        if coefficient is not None and coefficient != "":
            try:
                coefficient = float(str(coefficient).replace(",", "."))
            except ValueError:
                raise src.fail(
                    line, f"épreuve {code} : coefficient « {coefficient} » n'est pas un nombre"
                ) from None
            if not 0 < coefficient <= 100:
                raise src.fail(line, f"épreuve {code} : coefficient {coefficient} hors limites")
        else:
            coefficient = None
        option = item.get("option_code")
        option = str(option) if option not in (None, "") else None
        if option is not None and option not in option_codes:
            raise src.fail(
                line, f"épreuve {code} : option « {option} » inconnue pour la spécialité {spec.code}"
            )
        if (
            (code, option) in keys
            or (option is None and any(k[0] == code for k in keys))
            or (option is not None and (code, None) in keys)
        ):
            raise src.fail(line, f"épreuve {code} en double pour la spécialité {spec.code}")
        keys.add((code, option))
        choices = item.get("choices") or []
        if isinstance(choices, str):
            if choices.strip() not in lists:
                raise src.fail(
                    line, f"épreuve {code} : liste « {choices} » absente de {EPREUVES_DIR}/{_COMMON_EPREUVES}"
                )
            choices = list(lists[choices.strip()])
        if not isinstance(choices, list) or not all(isinstance(c, str) and c.strip() for c in choices):
            raise src.fail(
                line, f"épreuve {code} : choices doit être une liste de textes ou le nom d'une liste"
            )
        optional = _bool(src, line, "optional", item.get("optional", False))
        if optional != code.startswith("EF"):
            raise src.fail(
                line,
                f"épreuve {code} : les épreuves facultatives (optional: true) ont un code EF…, les autres E…",
            )
        epreuves.append(
            Epreuve(
                code,
                title,
                coefficient,
                str(item.get("unit") or ""),
                optional,
                tuple(c.strip() for c in choices),
                option,
                _bool(src, line, "progressive", item.get("progressive", True)),
            )
        )
    return EpreuveTable(
        spec.code,
        str(data.get("title") or spec.title).strip(),
        source,
        source_date or None,
        verified,
        tuple(epreuves),
        str(data.get("note") or "").strip(),
        limit,
        _bool(src, lines.get("partial", 1), "partial", data.get("partial", False)),
    )


LANGUAGES_LIST = "languages"


def _load_languages(directory: Path) -> tuple[str, ...]:
    """The exam's list of foreign languages (_common.yaml ``lists.languages``), offered when no table is known."""
    return _load_epreuve_common(directory)[1].get(LANGUAGES_LIST, ())


def _load_epreuves(
    directory: Path, specialites: dict[str, Specialite]
) -> tuple[dict[str, EpreuveTable], int]:
    """Every referentials/epreuves/<specialty key>.yaml, with the shared lists of _common.yaml."""
    folder = directory / EPREUVES_DIR
    if not folder.is_dir():
        raise ReferentialError(f"{directory.name}/{EPREUVES_DIR}", None, "dossier des épreuves introuvable")
    default_max, lists = _load_epreuve_common(directory)
    option_keys = {o.code: s.code for s in specialites.values() for o in s.options}
    tables: dict[str, EpreuveTable] = {}
    for path in sorted(folder.iterdir()):
        if path.name == _COMMON_EPREUVES or path.name.startswith(".") or not path.is_file():
            continue
        src = _epreuve_source(directory, path.name)
        if path.suffix != ".yaml":
            raise src.fail(None, "fichier inattendu (un fichier <code de spécialité>.yaml par spécialité)")
        spec = specialites.get(path.stem)
        if spec is None:
            hint = (
                f" ; utiliser le code de la spécialité {option_keys[path.stem]}"
                if path.stem in option_keys
                else ""
            )
            raise src.fail(None, f"spécialité inconnue « {path.stem} » (absente de specialites.csv){hint}")
        tables[spec.code] = _load_epreuve_table(src, spec, default_max, lists)
    return tables, default_max
