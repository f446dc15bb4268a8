"""The confirmation PDF's look: page geometry, colours, fonts and paragraph styles."""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN

ACCENT = colors.HexColor("#1f3a68")
LIGHT = colors.HexColor("#eef2f8")
RULE = colors.HexColor("#b8c4d6")
GREY = colors.HexColor("#555555")

# ---------------------------------------------------------------------------------------------
# Fonts: a TrueType font with œ, ’ and – (DejaVu from Debian, else Vera shipped with ReportLab),
# else the standard Helvetica (WinAnsi encoding, which also has these characters).

_FONT_CANDIDATES = [
    (
        Path("/usr/share/fonts/truetype/dejavu"),
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
    ),
]
_font_lock = threading.Lock()
_fonts: tuple[str, str, str] | None = None


def _reportlab_font_dir() -> Path:
    import reportlab

    return Path(reportlab.__file__).resolve().parent / "fonts"


def fonts_ready() -> tuple[str, str, str]:
    """Register the document fonts once; return the (regular, bold, italic) font names."""
    global _fonts
    if _fonts is not None:
        return _fonts
    with _font_lock:
        if _fonts is not None:
            return _fonts
        candidates = list(_FONT_CANDIDATES) + [
            (_reportlab_font_dir(), ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf")),
        ]
        for directory, files in candidates:
            paths = [directory / name for name in files]
            if not all(p.is_file() for p in paths):
                continue
            names = ("ConfSans", "ConfSans-Bold", "ConfSans-Italic", "ConfSans-BoldItalic")
            try:
                for name, path in zip(names, paths, strict=False):
                    pdfmetrics.registerFont(TTFont(name, str(path)))
            except Exception:  # a damaged font file: try the next candidate
                continue
            pdfmetrics.registerFontFamily(
                "ConfSans", normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3]
            )
            _fonts = (names[0], names[1], names[2])
            return _fonts
        _fonts = ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique")
        return _fonts


def paragraph_styles() -> dict[str, ParagraphStyle]:
    """The named paragraph styles of the document, in its fonts."""
    regular, bold, italic = fonts_ready()
    base = ParagraphStyle("base", fontName=regular, fontSize=9, leading=11.5)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9, textColor=GREY),
        "label": ParagraphStyle("label", parent=base, textColor=GREY),
        "bold": ParagraphStyle("bold", parent=base, fontName=bold),
        "cell_head": ParagraphStyle("cell_head", parent=base, fontName=bold, fontSize=8.5, leading=10.5),
        "title": ParagraphStyle(
            "title", parent=base, fontName=bold, fontSize=17, leading=21, textColor=ACCENT
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10.5, leading=13.5),
        "section": ParagraphStyle(
            "section", parent=base, fontName=bold, fontSize=10.5, leading=13, textColor=colors.white
        ),
        "box_label": ParagraphStyle("box_label", parent=base, alignment=TA_CENTER, textColor=GREY),
        "box_number": ParagraphStyle(
            "box_number",
            parent=base,
            fontName=bold,
            fontSize=22,
            leading=26,
            alignment=TA_CENTER,
            textColor=ACCENT,
        ),
        "right_small": ParagraphStyle("right_small", parent=base, fontSize=8, alignment=TA_RIGHT),
        "address": ParagraphStyle("address", parent=base, fontSize=10, leading=13),
        "notice": ParagraphStyle("notice", parent=base, fontSize=9.5, leading=12.5),
        "notice_bold": ParagraphStyle("notice_bold", parent=base, fontName=bold, fontSize=9.5, leading=12.5),
    }
