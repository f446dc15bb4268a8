"""docs/accessibility.md and the statement page give the audit as measured: the same criteria, results and rate."""

from __future__ import annotations

import re
from pathlib import Path

from bot.web import accessibility_audit as audit
from bot.web.pages import statement_body

DOC = Path(__file__).resolve().parents[2] / "docs" / "accessibility.md"


def test_the_doc_lists_the_audited_criteria_with_their_results():
    text = DOC.read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+\.\d+) \| .+ \| (conforme|non conforme)", text, re.M)
    assert rows == [(c.number, c.result) for c in audit.CRITERIA]
    assert f"**{audit.rate()} %**" in text


def test_the_statement_rate_is_the_audit_rate():
    conforming = sum(1 for c in audit.CRITERIA if c.result == audit.C)
    assert audit.rate() == 100 * conforming // len(audit.CRITERIA)
    body = statement_body()
    assert f"<strong>{audit.rate()}&nbsp;%</strong>" in body
    assert all(f"Critère {c.number}" in body for c in audit.non_conformities())
