"""The RGAA 4.1 audit of the candidates' pages, read from its data file (accessibility_audit.yml): each
criterion that applies, how it was checked, and the result. The statement (/accessibilite) and
docs/accessibility.md are computed from it, so the conformance rate they give is the one measured
(tests/browser/test_statement.py checks both against it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

C, NC = "conforme", "non conforme"
SOURCE = Path(__file__).with_name("accessibility_audit.yml")


@dataclass(frozen=True)
class Criterion:
    number: str
    title: str
    how: str
    result: str
    note: str = ""


def _load() -> tuple[str, tuple[str, ...], tuple[Criterion, ...]]:
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    methods: dict[str, str] = data["methods"]
    criteria = []
    for row in data["criteria"]:
        if row["result"] not in (C, NC):
            raise ValueError(f"{SOURCE.name}: criterion {row['number']}: result must be « {C} » or « {NC} »")
        how = methods.get(row["how"], row["how"])  # a method's name, or how it was checked in words
        criteria.append(Criterion(str(row["number"]), row["title"], how, row["result"], row.get("note", "")))
    return str(data["date"]), tuple(data["pages"]), tuple(criteria)


AUDIT_DATE, PAGES, CRITERIA = _load()


def applicable() -> tuple[Criterion, ...]:
    return CRITERIA


def non_conformities() -> list[Criterion]:
    return [c for c in CRITERIA if c.result == NC]


def rate() -> int:
    """The RGAA rate: conforming criteria over applicable ones, in whole per cent (rounded down)."""
    return 100 * sum(1 for c in CRITERIA if c.result == C) // len(CRITERIA)


def level() -> str:
    """« totalement conforme » at 100 %, « partiellement conforme » from 50 %, else « non conforme »."""
    value = rate()
    return (
        "totalement conforme" if value == 100 else "partiellement conforme" if value >= 50 else "non conforme"
    )
