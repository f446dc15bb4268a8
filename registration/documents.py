"""The confirmation d'inscription PDF that the candidate prints, signs and sends back."""
from __future__ import annotations

import io
import re
import threading
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from registration.settings import PARIS

__all__ = ["render_confirmation", "confirmation_filename", "address_block", "format_note"]

ADDRESS_MAX_LINES = 6
ADDRESS_MAX_CHARS = 38
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
DASH = "\u2013"  # en dash, as in "175 – 0"
MISSING = "\u2014"  # em dash shown for an empty value

ACCENT = colors.HexColor("#1f3a68")
LIGHT = colors.HexColor("#eef2f8")
RULE = colors.HexColor("#b8c4d6")
GREY = colors.HexColor("#555555")

QUESTION_PRESS = (
    "Acceptez-vous la publication de votre résultat par la presse ou sur les sites internet "
    "de sociétés de droit privé ?"
)
QUESTION_COLLECTIVITES = (
    "Acceptez-vous la communication de votre nom et de votre adresse aux collectivités territoriales "
    "en vue d'une éventuelle remise de récompense ?"
)

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


def _fonts_ready() -> tuple[str, str, str]:
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
                for name, path in zip(names, paths):
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


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = _fonts_ready()
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
            "box_number", parent=base, fontName=bold, fontSize=22, leading=26, alignment=TA_CENTER,
            textColor=ACCENT,
        ),
        "right_small": ParagraphStyle("right_small", parent=base, fontSize=8, alignment=TA_RIGHT),
        "address": ParagraphStyle("address", parent=base, fontSize=10, leading=13),
        "notice": ParagraphStyle("notice", parent=base, fontSize=9.5, leading=12.5),
        "notice_bold": ParagraphStyle("notice_bold", parent=base, fontName=bold, fontSize=9.5, leading=12.5),
    }


# ---------------------------------------------------------------------------------------------
# Small value helpers: every access tolerates None, missing keys and unexpected types.


def _get(mapping: Any, *keys: str) -> Any:
    """mapping[k1][k2]... or None when any level is missing or not a dict."""
    value = mapping
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # control characters except tab and line feed


def _text(value: Any) -> str:
    """A printable, stripped string for any value (None → "")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    text = unicodedata.normalize("NFC", str(value))
    return _CONTROL.sub("", text).strip()


def _p(value: Any, style: ParagraphStyle, *, empty: str = MISSING) -> Paragraph:
    """A paragraph of plain (escaped) text; multi-line text keeps its line breaks."""
    text = _text(value)
    if not text:
        text = empty
    markup = "<br/>".join(escape(line) for line in text.splitlines())
    return Paragraph(markup, style)


def _yes_no(value: Any) -> str:
    if value is True:
        return "Oui"
    if value is False:
        return "Non"
    text = _text(value).lower()
    if text in {"oui", "o", "yes", "true", "1"}:
        return "Oui"
    if text in {"non", "n", "no", "false", "0"}:
        return "Non"
    return "Non renseigné"


def format_note(value: Any) -> str:
    """A mark with two decimals ("12.00", as Inscrinet shows it), or an em dash when there is none."""
    if value is None or value == "" or isinstance(value, bool):
        return MISSING
    try:
        return f"{float(str(value).replace(',', '.')):.2f}"
    except ValueError:
        return _text(value)


def _paris(moment: datetime) -> datetime:
    return moment.replace(tzinfo=PARIS) if moment.tzinfo is None else moment.astimezone(PARIS)


def _join(parts: Iterable[Any], sep: str = " ") -> str:
    return sep.join(t for t in (_text(p) for p in parts) if t)


def confirmation_filename(label: str) -> str:
    """The attachment name for a dossier label: "175 – 0" → "confirmation-inscription-bts-175-0.pdf"."""
    slug = re.sub(r"[^0-9A-Za-z]+", "-", _ascii(_text(label))).strip("-").lower()
    return f"confirmation-inscription-bts-{slug or 'dossier'}.pdf"


# ---------------------------------------------------------------------------------------------
# Postal address (AFNOR NF Z10-011): at most 6 lines of 38 characters, the lines from the street
# line on in capitals, without accents or punctuation.

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O",
                            "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"})


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _postal_line(text: Any) -> str:
    """Capitals without accents or punctuation (hyphens and slashes kept), single spaces."""
    plain = _ascii(_text(text)).upper()
    plain = re.sub(r"[.,;:!?\"'’`«»()\[\]{}_*#]+", " ", plain)
    return re.sub(r"\s+", " ", plain).strip()


def _wrap(line: str, width: int = ADDRESS_MAX_CHARS) -> list[str]:
    """Split a line at spaces into pieces of at most `width` characters (a long word is cut)."""
    pieces: list[str] = []
    current = ""
    for word in line.split():
        while len(word) > width:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:width])
            word = word[width:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width:
            current = candidate
        else:
            pieces.append(current)
            current = word
    if current:
        pieces.append(current)
    return pieces


def address_block(content: dict) -> list[str]:
    """The postal address of the candidate as AFNOR lines (at most 6 lines of at most 38 characters).

    Line order: identity, complement, street, lieu-dit, postal code and locality. Abroad, Inscrinet's
    convention applies: the real postal code sits in the lieu-dit line, "99999" and the country name
    form the last line. Long lines wrap while room remains, then are cut.
    """
    content = content if isinstance(content, dict) else {}
    residence = content.get("residence") if isinstance(content.get("residence"), dict) else {}
    abroad = bool(residence.get("a_l_etranger"))
    prenoms = re.sub(r"\s+", " ", _text(_get(content, "etat_civil", "prenoms")))
    nom = _text(_get(content, "etat_civil", "nom_usage")) or _text(_get(content, "etat_civil", "nom"))
    identity = re.sub(r"\s+", " ", _join([prenoms, nom.upper()]))
    if len(identity) > ADDRESS_MAX_CHARS and prenoms:  # La Poste usage: the first first name only
        identity = re.sub(r"\s+", " ", _join([prenoms.split()[0], nom.upper()]))

    code_postal = _text(residence.get("code_postal"))
    localite = _text(residence.get("localite"))
    if abroad:
        code_postal = code_postal or "99999"
        localite = localite or _text(residence.get("pays"))

    # One entry per AFNOR line: (priority for wrapped continuations, pieces); lower is kept first.
    groups: list[tuple[int, list[str]]] = []
    if identity:
        groups.append((3, _wrap(identity)))
    complement = re.sub(r"\s+", " ", _text(residence.get("complement")))
    if complement:
        groups.append((2, _wrap(complement)))
    for priority, value in ((0, residence.get("adresse")), (1, residence.get("lieu_dit"))):
        line = _postal_line(value)
        if line:
            groups.append((priority, _wrap(line)))
    last = _postal_line(_join([code_postal, localite]))
    if last:
        groups.append((0, _wrap(last)))
    if len(groups) > ADDRESS_MAX_LINES:  # cannot happen with the five fields above; kept as a guard
        groups = groups[:1] + groups[-(ADDRESS_MAX_LINES - 1):]

    # Every AFNOR line keeps its first piece; continuations fill the remaining room by priority.
    budget = ADDRESS_MAX_LINES - len(groups)
    keep = [1] * len(groups)
    for index in sorted(range(len(groups)), key=lambda i: groups[i][0]):
        extra = min(len(groups[index][1]) - 1, budget)
        keep[index] += extra
        budget -= extra
    return [piece for (_, pieces), n in zip(groups, keep) for piece in pieces[:n]]


# ---------------------------------------------------------------------------------------------
# Document pieces.


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


def _numbered_canvas(footer_left: str, font: str):
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


def _section(title: str, styles: dict[str, ParagraphStyle]) -> Table:
    table = Table([[Paragraph(escape(title), styles["section"])]], colWidths=[CONTENT_WIDTH])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]))
    return table


def _fields(rows: list[tuple[str, Any]], styles: dict[str, ParagraphStyle],
            label_width: float = 52 * mm) -> Table:
    data = [[_p(label, styles["label"]), _p(value, styles["base"])] for label, value in rows]
    table = Table(data, colWidths=[label_width, CONTENT_WIDTH - label_width])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _grid(header: list[str], rows: list[list[Any]], widths: list[float],
          styles: dict[str, ParagraphStyle]) -> Table:
    data = [[Paragraph(escape(h), styles["cell_head"]) for h in header]]
    data += [[c if isinstance(c, Flowable) else _p(c, styles["base"]) for c in row] for row in rows]
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


def _birth_place(content: dict) -> tuple[str, str]:
    """(lieu de naissance, pays de naissance) as printed."""
    naissance = content.get("naissance") if isinstance(content.get("naissance"), dict) else {}
    pays = _text(naissance.get("pays"))
    en_france = naissance.get("en_france")
    if en_france is False:
        return "Né(e) à l'étranger", pays
    departement = _text(naissance.get("departement"))
    nom = _text(naissance.get("departement_nom"))
    place = f"{nom} ({departement})" if nom and departement else nom or departement
    arrondissement = _text(naissance.get("arrondissement"))
    if arrondissement:
        number = arrondissement.lstrip("0") or arrondissement
        suffix = "er" if number == "1" else "e"
        arr = f"{number}{suffix} arrondissement" if number.isdigit() else f"arrondissement {arrondissement}"
        place = f"{place}, {arr}" if place else arr
    if en_france is True and not pays:
        pays = "France"
    return place, pays


def _birth_date(value: Any) -> str:
    text = _text(value)
    if text.startswith("00/00/"):
        return f"{text} (jour et mois non connus)"
    return text


def _etablissement(value: Any) -> str:
    if not isinstance(value, dict):
        return _text(value)
    name = _text(value.get("name"))
    city = _text(value.get("city"))
    code = _text(value.get("code"))
    text = _join([name, city], ", ")
    if code:
        text = f"{text} ({code})" if text else code
    return text


def _coded(value: Any, title_key: str = "title") -> str:
    """"Title (code)" for {"code", "title"} dicts; plain text otherwise."""
    if not isinstance(value, dict):
        return _text(value)
    title = _text(value.get(title_key)) or _text(value.get("label")) or _text(value.get("name"))
    code = _text(value.get("code"))
    if title and code:
        return f"{title} ({code})"
    return title or code


def _categorie(value: Any) -> str:
    if isinstance(value, dict):
        return _text(value.get("label")) or _text(value.get("code"))
    return _text(value)


def _forme(value: Any) -> str:
    text = _text(value).lower()
    return {"globale": "Globale", "progressive": "Progressive"}.get(text, _text(value))


def _handicap(value: Any) -> str:
    if value is True:
        return "Oui — aménagement d'épreuves demandé"
    if value is False:
        return "Non"
    return _text(value) or "Non renseigné"


def _acquis_table(acquis: list, styles: dict[str, ParagraphStyle]) -> Flowable:
    rows = []
    for item in acquis:
        if not isinstance(item, dict):
            continue
        epreuve = _join([item.get("epreuve_code"), item.get("epreuve_title")], f" {DASH} ")
        diplome = _text(item.get("diplome_title"))
        diplome_code = _text(item.get("diplome_code"))
        if diplome and diplome_code:
            diplome = f"{diplome} ({diplome_code})"
        cell_markup = escape(epreuve or MISSING)
        if diplome:
            cell_markup += f'<br/><font size="7" color="#555555">{escape(diplome)}</font>'
        rows.append([
            Paragraph(cell_markup, styles["base"]),
            _text(item.get("position")).upper(),
            format_note(item.get("note")),
            item.get("annee"),
            item.get("academie"),
        ])
    if not rows:
        return _p("Aucun acquis déclaré", styles["base"])
    widths = [84 * mm, 22 * mm, 15 * mm, 14 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    return _grid(["Épreuve", "Position", "Note", "Année", "Académie"], rows, widths, styles)


def _epreuves_table(epreuves: list, styles: dict[str, ParagraphStyle]) -> Flowable:
    rows = []
    for item in epreuves:
        if not isinstance(item, dict):
            continue
        title = _text(item.get("title"))
        if item.get("facultative"):
            title = f"{title} (épreuve facultative)" if title else "Épreuve facultative"
        status = _text(item.get("status")).upper()
        choice = _text(item.get("choice"))
        if choice:
            status = f"{status} {DASH} choix : {choice}" if status else f"Choix : {choice}"
        rows.append([item.get("code"), title, status])
    if not rows:
        return _p("Aucune épreuve renseignée", styles["base"])
    widths = [18 * mm, 100 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    return _grid(["Code", "Intitulé", "Statut / choix"], rows, widths, styles)


def _header(content: dict, label: str, styles: dict[str, ParagraphStyle]) -> Table:
    session = _text(content.get("session"))
    subtitle = "Brevet de technicien supérieur"
    if session:
        subtitle += f" {MISSING} session {session}"
    academie = content.get("academie")
    academie = _text(academie.get("name")) if isinstance(academie, dict) else _text(academie)
    left = [
        Paragraph("Confirmation d'inscription", styles["title"]),
        Spacer(1, 2),
        _p(subtitle, styles["subtitle"]),
        _p(f"Académie : {academie}" if academie else "Académie : non renseignée", styles["subtitle"]),
    ]
    right = [
        Paragraph("Numéro de dossier", styles["box_label"]),
        _p(label, styles["box_number"]),
    ]
    box_width = 52 * mm
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH - box_width - 4 * mm, box_width],
                  style=TableStyle([
                      ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                      ("LEFTPADDING", (0, 0), (0, 0), 0),
                      ("BOX", (1, 0), (1, 0), 1.2, ACCENT),
                      ("BACKGROUND", (1, 0), (1, 0), LIGHT),
                      ("TOPPADDING", (1, 0), (1, 0), 6),
                      ("BOTTOMPADDING", (1, 0), (1, 0), 8),
                  ]))
    table.hAlign = "LEFT"
    return table


def _address_flowable(content: dict, styles: dict[str, ParagraphStyle]) -> Flowable:
    lines = address_block(content)
    if not lines:
        return _p("Adresse non renseignée", styles["base"])
    markup = "<br/>".join(escape(line) for line in lines)
    residence = content.get("residence") if isinstance(content.get("residence"), dict) else {}
    note = ""
    if residence.get("a_l_etranger"):
        pays = _text(residence.get("pays"))
        note = "Résidence à l'étranger" + (f" ({pays})" if pays else "") + (
            " : le code postal réel figure sur la ligne du lieu-dit, le code 99999 est suivi du pays."
        )
    else:
        note = "Adresse de résidence : les documents relatifs à votre inscription y sont envoyés."
    block = Table([[Paragraph(markup, styles["address"])]], colWidths=[92 * mm])
    block.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]))
    outer = Table([[block, _p(note, styles["small"])]], colWidths=[96 * mm, CONTENT_WIDTH - 96 * mm])
    outer.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, 0), 5),
        ("LEFTPADDING", (1, 0), (1, 0), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
    ]))
    outer.hAlign = "LEFT"
    return outer


def _return_notice(validated_at: datetime, return_deadline: date | None, service_address: str | None,
                   styles: dict[str, ParagraphStyle], font: str) -> list[Flowable]:
    moment = _paris(validated_at)
    validated = Paragraph(
        escape(f"Validée le {moment:%d/%m/%Y} à {moment:%H:%M}") + " (heure de Paris)", styles["notice_bold"]
    )
    deadline = f" avant le {return_deadline:%d/%m/%Y}" if return_deadline else " dans les meilleurs délais"
    address = _text(service_address)
    if address:
        where = " à l'adresse suivante :"
    else:
        where = " au service des examens de votre académie."
    instruction = Paragraph(escape(
        "Vérifiez ces informations, corrigez en rouge toute erreur, datez, signez et renvoyez cette "
        f"confirmation{deadline}{where}"
    ), styles["notice"])
    parts: list[Flowable] = [validated, Spacer(1, 4), instruction]
    if address:
        lines = [line.strip() for line in re.split(r"\r?\n", address) if line.strip()]
        address_para = Paragraph("<br/>".join(escape(line) for line in lines), styles["notice_bold"])
        holder = Table([[address_para]], colWidths=[CONTENT_WIDTH - 10 * mm])
        holder.setStyle(TableStyle([
            ("LEFTPADDING", (0, 0), (-1, -1), 10 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        holder.hAlign = "LEFT"
        parts.append(holder)
    parts += [
        Spacer(1, 3),
        Paragraph(escape("Votre inscription ne sera définitive qu'à réception de ce document signé."),
                  styles["notice_bold"]),
        Spacer(1, 6),
        SignatureBox(90 * mm, 32 * mm, "Date et signature du candidat", font),
    ]
    return [KeepTogether(parts)]


def render_confirmation(
    content: dict,
    *,
    label: str,
    validated_at: datetime,
    return_deadline: date | None,
    service_address: str | None,
) -> bytes:
    """The confirmation d'inscription of a validated dossier as PDF bytes (A4).

    `content` is the dossier dict described in docs/dossier.md; missing keys print as "—".
    `validated_at` is shown in Paris time (a naive value is taken as Paris time).
    """
    content = content if isinstance(content, dict) else {}
    regular, _bold, _italic = _fonts_ready()
    styles = _styles()
    label = _text(label) or MISSING
    session = _text(content.get("session"))

    story: list[Flowable] = [_header(content, label, styles), Spacer(1, 8)]

    def section(title: str, *body: Flowable, splittable: bool = False) -> None:
        if splittable:  # a long table may continue on the next page (its header row repeats)
            story.extend([CondPageBreak(40 * mm), _section(title, styles), Spacer(1, 3), *body])
        else:
            story.append(KeepTogether([_section(title, styles), Spacer(1, 3), *body]))
        story.append(Spacer(1, 7))

    etat_civil = content.get("etat_civil") if isinstance(content.get("etat_civil"), dict) else {}
    lieu, pays = _birth_place(content)
    civil_rows = [
        ("Nom de famille", etat_civil.get("nom")),
        ("Nom d'usage", etat_civil.get("nom_usage")),
        ("Prénoms", etat_civil.get("prenoms")),
        ("Date de naissance", _birth_date(etat_civil.get("date_naissance"))),
        ("Lieu de naissance", lieu),
        ("Pays de naissance", pays),
    ]
    if _text(content.get("former_candidate_number")):
        civil_rows.append(("Numéro de candidat antérieur", content.get("former_candidate_number")))
    section("État civil", _fields(civil_rows, styles))

    section("Adresse", _address_flowable(content, styles))
    section("Adresse électronique", _fields([("Adresse électronique", content.get("email"))], styles))

    specialite = content.get("specialite")
    option = _get(specialite, "option")
    section("Candidature", _fields([
        ("Catégorie", _categorie(content.get("categorie"))),
        ("Handicap nécessitant un aménagement d'épreuves", _handicap(content.get("handicap"))),
        ("Établissement", _etablissement(content.get("etablissement"))),
        ("Spécialité", _coded(specialite)),
        ("Option", _coded(option) if option else "Sans option" if isinstance(specialite, dict)
         and "option" in specialite else None),
        ("Forme de passage", _forme(content.get("forme"))),
    ], styles))

    section("Communication des résultats", _fields([
        (QUESTION_PRESS, _yes_no(content.get("consent_press"))),
        (QUESTION_COLLECTIVITES, _yes_no(content.get("consent_collectivites"))),
    ], styles, label_width=CONTENT_WIDTH - 30 * mm))

    acquis = content.get("acquis") if isinstance(content.get("acquis"), list) else []
    section("Bilan des acquis", _acquis_table(acquis, styles), splittable=True)

    epreuves = content.get("epreuves") if isinstance(content.get("epreuves"), list) else []
    section("Épreuves", _epreuves_table(epreuves, styles), splittable=True)

    story.append(Spacer(1, 4))
    story += _return_notice(validated_at, return_deadline, service_address, styles, regular)

    buffer = io.BytesIO()
    footer = f"Confirmation d'inscription BTS{' ' + session if session else ''} {MISSING} dossier {label}"
    nom = _join([etat_civil.get("nom"), etat_civil.get("prenoms")])
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=15 * mm,
        bottomMargin=22 * mm,
        title=f"Confirmation d'inscription BTS {DASH} dossier {label}",
        author="Service des examens",
        subject=f"Confirmation d'inscription{(' ' + DASH + ' ' + nom) if nom else ''}",
        creator="Pré-inscription BTS",
    )
    doc.build(story, canvasmaker=_numbered_canvas(footer, regular))
    return buffer.getvalue()
