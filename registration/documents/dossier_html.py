"""The dossier as accessible HTML, the equivalent of the confirmation PDF (which ReportLab cannot tag): the same
récapitulatif the candidate validated, as a table of labelled rows, headed lists and paragraphs. Used by the web
page of the dossier (bot/web/dossier_page.py) and the confirmation e-mail's HTML part."""

from __future__ import annotations

from html import escape
from typing import Any

from registration.documents.summary import summary_text

ROW = " : "


def dossier_lines(content: dict[str, Any]) -> list[str]:
    """The récapitulatif's lines, its title left out."""
    return summary_text(content).splitlines()[1:]


def dossier_html(
    content: dict[str, Any], *, level: int = 2, caption: str = "", inline_style: bool = False
) -> str:
    """HTML of the dossier: rows « label : value » in a table (header cells name each row), « label : » then
    indented lines as a heading and a list, anything else as a paragraph. `level` is the headings' level;
    `inline_style` styles the table for e-mail readers (no stylesheet there)."""
    cell = ' style="text-align: left; padding: 2px 12px 2px 0; vertical-align: top;"' if inline_style else ""
    parts: list[str] = []
    rows: list[str] = []
    items: list[str] = []

    def close_rows() -> None:
        if rows:
            head = f"<caption>{escape(caption)}</caption>" if caption and not parts else ""
            parts.append(f'<table class="dossier-table">{head}<tbody>{"".join(rows)}</tbody></table>')
            rows.clear()

    def close_items() -> None:
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
            items.clear()

    for line in dossier_lines(content):
        if not line.strip():
            continue
        if line.startswith("  "):
            items.append(f"<li>{escape(line.strip())}</li>")
            continue
        close_items()
        if line.rstrip().endswith(" :"):
            close_rows()
            parts.append(f"<h{level}>{escape(line.rstrip()[:-2])}</h{level}>")
        elif ROW in line:
            label, value = line.split(ROW, 1)
            rows.append(f'<tr><th scope="row"{cell}>{escape(label)}</th><td{cell}>{escape(value)}</td></tr>')
        else:
            close_rows()
            parts.append(f"<p>{escape(line)}</p>")
    close_items()
    close_rows()
    return "\n".join(parts)
