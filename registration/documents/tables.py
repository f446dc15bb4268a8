"""The confirmation PDF's two long tables: the bilan des acquis and the épreuves."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from registration.documents.formatting import DASH, MISSING, as_text, format_note, join_texts
from registration.documents.layout import grid, paragraph
from registration.documents.styles import CONTENT_WIDTH


def acquis_table(acquis: list, styles: dict[str, ParagraphStyle]) -> Flowable:
    """One row per acquis: épreuve (and the diploma it comes from), position, mark, year, académie."""
    rows = []
    for item in acquis:
        if not isinstance(item, dict):
            continue
        epreuve = join_texts([item.get("epreuve_code"), item.get("epreuve_title")], f" {DASH} ")
        diplome = as_text(item.get("diplome_title"))
        diplome_code = as_text(item.get("diplome_code"))
        if diplome and diplome_code:
            diplome = f"{diplome} ({diplome_code})"
        cell_markup = escape(epreuve or MISSING)
        if diplome:
            cell_markup += f'<br/><font size="7" color="#555555">{escape(diplome)}</font>'
        rows.append(
            [
                Paragraph(cell_markup, styles["base"]),
                as_text(item.get("position")).upper(),
                format_note(item.get("note")),
                item.get("annee"),
                item.get("academie"),
            ]
        )
    if not rows:
        return paragraph("Aucun acquis déclaré", styles["base"])
    widths = [84 * mm, 22 * mm, 15 * mm, 14 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    return grid(["Épreuve", "Position", "Note", "Année", "Académie"], rows, widths, styles)


def epreuves_table(epreuves: list, styles: dict[str, ParagraphStyle]) -> Flowable:
    """One row per épreuve: code, title (facultative ones marked), status and choice."""
    rows = []
    for item in epreuves:
        if not isinstance(item, dict):
            continue
        title = as_text(item.get("title"))
        if item.get("facultative"):
            title = f"{title} (épreuve facultative)" if title else "Épreuve facultative"
        status = as_text(item.get("status")).upper()
        choice = as_text(item.get("choice"))
        if choice:
            status = f"{status} {DASH} choix : {choice}" if status else f"Choix : {choice}"
        rows.append([item.get("code"), title, status])
    if not rows:
        return paragraph("Aucune épreuve renseignée", styles["base"])
    widths = [18 * mm, 100 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    return grid(["Code", "Intitulé", "Statut / choix"], rows, widths, styles)


def declared_list(lines: list[str], styles: dict[str, ParagraphStyle]) -> Flowable:
    """The wishes and declared acquis of a specialty with no table, one line each, for the service to check."""
    return paragraph("\n".join(f"{DASH} {line}" for line in lines), styles["base"])
