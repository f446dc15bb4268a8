"""The confirmation PDF's building blocks: paragraphs, section bands, tables, signature box, page footer."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from registration.documents.formatting import MISSING, as_text
from registration.documents.styles import ACCENT, CONTENT_WIDTH, GREY, LIGHT, MARGIN, PAGE_WIDTH, RULE


def paragraph(value: Any, style: ParagraphStyle, *, empty: str = MISSING) -> Paragraph:
    """A paragraph of plain (escaped) text; multi-line text keeps its line breaks."""
    text = as_text(value)
    if not text:
        text = empty
    markup = "<br/>".join(escape(line) for line in text.splitlines())
    return Paragraph(markup, style)


class SignatureBox(Flowable):
    """A drawn rectangle with the caption "Date et signature du candidat"."""

    def __init__(self, width: float, height: float, caption: str, font: str) -> None:
        super().__init__()
        self.width = width
        self.height = height
        self.caption = caption
        self.font = font

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = min(self.width, available_width)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(ACCENT)
        c.setLineWidth(1)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        c.setFillColor(GREY)
        c.setFont(self.font, 8.5)
        c.drawString(3 * mm, self.height - 5 * mm, self.caption)
        c.restoreState()


def numbered_canvas(footer_left: str, font: str):
    """A canvas class that writes "Page n sur N" and a reminder of the dossier in every footer."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab API)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            y = 12 * mm
            self.line(MARGIN, y + 4 * mm, PAGE_WIDTH - MARGIN, y + 4 * mm)
            self.setFont(font, 7.5)
            self.setFillColor(GREY)
            self.drawString(MARGIN, y, footer_left)
            self.drawRightString(PAGE_WIDTH - MARGIN, y, f"Page {self._pageNumber} sur {total}")
            self.restoreState()

    return NumberedCanvas


def section_band(title: str, styles: dict[str, ParagraphStyle]) -> Table:
    """A section title, white on the accent colour, across the page."""
    table = Table([[Paragraph(escape(title), styles["section"])]], colWidths=[CONTENT_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ]
        )
    )
    return table


def fields(
    rows: list[tuple[str, Any]], styles: dict[str, ParagraphStyle], label_width: float = 52 * mm
) -> Table:
    """Label and value rows, the label in grey."""
    data = [[paragraph(label, styles["label"]), paragraph(value, styles["base"])] for label, value in rows]
    table = Table(data, colWidths=[label_width, CONTENT_WIDTH - label_width])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def grid(
    header: list[str], rows: list[list[Any]], widths: list[float], styles: dict[str, ParagraphStyle]
) -> Table:
    """A table with a header row that repeats on every page it spans."""
    data = [[Paragraph(escape(h), styles["cell_head"]) for h in header]]
    data += [[c if isinstance(c, Flowable) else paragraph(c, styles["base"]) for c in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    table.setStyle(TableStyle(commands))
    return table
