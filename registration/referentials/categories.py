"""Loader of categories.csv: the candidate categories and what each allows."""

from __future__ import annotations

from pathlib import Path

from registration.referentials.reading import _bool, _need, _read_csv, _Source, _split
from registration.referentials.records import ESTABLISHMENT_TYPES, Category


def _load_categories(directory: Path) -> dict[str, Category]:
    src = _Source(directory, "categories.csv")
    result: dict[str, Category] = {}
    for line, row in _read_csv(
        src,
        ("code", "label", "progressive_allowed", "establishment_types", "ccf", "self_registration"),
        ("aliases",),
    ):
        code = _need(src, line, "code", row["code"]).upper()
        if code in result:
            raise src.fail(line, f"catégorie {code} en double")
        types = tuple(t.upper() for t in _split(row["establishment_types"]))
        unknown = [t for t in types if t not in ESTABLISHMENT_TYPES]
        if unknown or not types:
            raise src.fail(
                line,
                f"type(s) d'établissement inconnu(s) ou absent(s) : {', '.join(unknown) or '-'} "
                f"(attendu : {', '.join(ESTABLISHMENT_TYPES)})",
            )
        result[code] = Category(
            code,
            _need(src, line, "label", row["label"]),
            _bool(src, line, "progressive_allowed", row["progressive_allowed"]),
            types,
            _bool(src, line, "ccf", row["ccf"]),
            _bool(src, line, "self_registration", row["self_registration"]),
            _split(row["aliases"]),
        )
    return result
