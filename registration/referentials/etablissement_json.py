"""Establishments as JSON (how the exam service's additions are stored)."""

from __future__ import annotations

import dataclasses
from typing import Any

from registration.referentials.records import Etablissement


def etablissements_as_json(etablissements: tuple[Etablissement, ...]) -> list[dict[str, Any]]:
    return [dataclasses.asdict(e) for e in etablissements]


def etablissements_from_json(rows: list[dict[str, Any]]) -> tuple[Etablissement, ...]:
    return tuple(
        Etablissement(
            **{
                **row,
                "specialites": tuple(row.get("specialites") or ()),
                "aliases": tuple(row.get("aliases") or ()),
            }
        )
        for row in rows
    )
