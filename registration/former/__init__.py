"""Former candidates, as the exam service loads them (console « Anciens candidats », ``python -m
registration.former``): reading its file (``reading.py``, format in docs/anciens-candidats.md), a preview with
what changes, and the import, audited. The conversation's former-candidate path finds the records imported
(``registration/store/former.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from registration.former.reading import COLUMNS, OPTIONAL, FormerReport, parse_former
from registration.referentials import Referentials
from registration.store import Store

__all__ = [
    "COLUMNS",
    "OPTIONAL",
    "FormerPreview",
    "FormerReport",
    "import_records",
    "parse_former",
    "preview",
]


@dataclass(frozen=True)
class FormerPreview:
    report: FormerReport
    changes: list[str]

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def count(self) -> int:
        return len(self.report.records)


def preview(
    text: str, store: Store, refs: Referentials, session: int, label: str = "fichier"
) -> FormerPreview:
    """What an import would do: every error with its line, or the candidates added and replaced."""
    report = parse_former(text, refs, session, label)
    if not report.ok:
        return FormerPreview(report, [])
    known = store.former_numbers_known(list(report.records))
    kept = sum(len(record["acquis"]) for record in report.records.values())
    changes = [
        f"{len(report.records)} candidat(s) lu(s) sur {report.rows} ligne(s), {kept} note(s) conservée(s)",
        f"{len(report.records) - len(known)} nouveau(x) candidat(s)",
        f"{len(known)} candidat(s) déjà connu(s), remplacé(s) par ce fichier",
    ]
    return FormerPreview(report, changes)


def import_records(
    store: Store, seen: FormerPreview, *, source: str, staff_email: str, staff_id: int | None = None
) -> tuple[int, int]:
    """Stores the records of a preview without error, in one transaction; (added, replaced)."""
    if not seen.ok:
        raise ValueError("a file with errors is never imported")
    return store.import_former_candidates(
        seen.report.records, source=source, staff_email=staff_email, staff_id=staff_id
    )
