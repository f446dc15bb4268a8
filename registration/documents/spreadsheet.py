"""CSV files written for people, who open them in a spreadsheet: no cell of them is read as a formula.

The common rule (OWASP, "CSV injection"): a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is written with a single quote before it (``'=1+1``), which a spreadsheet shows as text and
never evaluates. Numbers are written as they are. Every CSV the product hands to staff is written through
:func:`csv_writer` (``docs/export.md``); the JSON lines of an export keep the raw value.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The cell as a spreadsheet will show it, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """A ``csv.writer`` whose every cell goes through :func:`safe_cell`."""

    def __init__(self, out: Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, **options: Any) -> SafeWriter:
    """A CSV writer for a file people open in a spreadsheet (the options of ``csv.writer``)."""
    return SafeWriter(out, **options)
