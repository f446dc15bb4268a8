"""Lays out the confirmation d'inscription PDF that the candidate prints, signs and sends back."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
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

from registration.documents import formatting as fmt
from registration.documents.address import address_block
from registration.documents.formatting import DASH, MISSING, as_text, dict_at, join_texts, list_at, nested
from registration.documents.layout import SignatureBox, fields, numbered_canvas, paragraph, section_band
from registration.documents.styles import (
    ACCENT,
    CONTENT_WIDTH,
    LIGHT,
    MARGIN,
    RULE,
    fonts_ready,
    paragraph_styles,
)
from registration.documents.tables import acquis_table, declared_list, epreuves_table
from registration.rules.places import ABROAD_POSTAL_CODE
from registration.settings import PARIS, paris_time

QUESTION_PRESS = (
    "Acceptez-vous la publication de votre résultat par la presse ou sur les sites internet "
    "de sociétés de droit privé ?"
)
QUESTION_COLLECTIVITES = (
    "Acceptez-vous la communication de votre nom et de votre adresse aux collectivités territoriales "
    "en vue d'une éventuelle remise de récompense ?"
)


def confirmation_filename(label: str) -> str:
    """The attachment name for a dossier label: "175 – 0" → "confirmation-inscription-bts-175-0.pdf"."""
    return f"confirmation-inscription-bts-{fmt.dossier_slug(label)}.pdf"


def _header(content: dict, label: str, styles: dict[str, ParagraphStyle]) -> Table:
    session = as_text(content.get("session"))
    subtitle = "Brevet de technicien supérieur"
    if session:
        subtitle += f" {MISSING} session {session}"
    academie = content.get("academie")
    academie = as_text(academie.get("name")) if isinstance(academie, dict) else as_text(academie)
    left = [
        Paragraph("Confirmation d'inscription", styles["title"]),
        Spacer(1, 2),
        paragraph(subtitle, styles["subtitle"]),
        paragraph(f"Académie : {academie}" if academie else "Académie : non renseignée", styles["subtitle"]),
    ]
    right = [
        Paragraph("Numéro de dossier", styles["box_label"]),
        paragraph(label, styles["box_number"]),
    ]
    box_width = 52 * mm
    table = Table(
        [[left, right]],
        colWidths=[CONTENT_WIDTH - box_width - 4 * mm, box_width],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("BOX", (1, 0), (1, 0), 1.2, ACCENT),
                ("BACKGROUND", (1, 0), (1, 0), LIGHT),
                ("TOPPADDING", (1, 0), (1, 0), 6),
                ("BOTTOMPADDING", (1, 0), (1, 0), 8),
            ]
        ),
    )
    table.hAlign = "LEFT"
    return table


def _address_flowable(content: dict, styles: dict[str, ParagraphStyle]) -> Flowable:
    lines = address_block(content)
    if not lines:
        return paragraph("Adresse non renseignée", styles["base"])
    markup = "<br/>".join(escape(line) for line in lines)
    residence = dict_at(content, "residence")
    note = ""
    if residence.get("a_l_etranger"):
        pays = as_text(residence.get("pays"))
        note = (
            "Résidence à l'étranger"
            + (f" ({pays})" if pays else "")
            + (
                " : le code postal réel figure sur la ligne du lieu-dit, "
                f"le code {ABROAD_POSTAL_CODE} est suivi du pays."
            )
        )
    else:
        note = "Adresse de résidence : les documents relatifs à votre inscription y sont envoyés."
    block = Table([[Paragraph(markup, styles["address"])]], colWidths=[92 * mm])
    block.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    outer = Table([[block, paragraph(note, styles["small"])]], colWidths=[96 * mm, CONTENT_WIDTH - 96 * mm])
    outer.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, 0), 5),
                ("LEFTPADDING", (1, 0), (1, 0), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    outer.hAlign = "LEFT"
    return outer


def _return_notice(
    validated_at: datetime,
    return_deadline: date | None,
    service_address: str | None,
    styles: dict[str, ParagraphStyle],
    font: str,
) -> list[Flowable]:
    moment = paris_time(validated_at).astimezone(PARIS)
    validated = Paragraph(
        escape(f"Validée le {moment:%d/%m/%Y} à {moment:%H:%M}") + " (heure de Paris)", styles["notice_bold"]
    )
    deadline = f" {fmt.deadline_phrase(return_deadline)}"
    address = as_text(service_address)
    where = " à l'adresse suivante :" if address else " au service des examens de votre académie."
    instruction = Paragraph(
        escape(
            "Vérifiez ces informations, corrigez en rouge toute erreur, datez, signez et renvoyez cette "
            f"confirmation{deadline}{where}"
        ),
        styles["notice"],
    )
    parts: list[Flowable] = [validated, Spacer(1, 4), instruction]
    if address:
        lines = [line.strip() for line in re.split(r"\r?\n", address) if line.strip()]
        address_para = Paragraph("<br/>".join(escape(line) for line in lines), styles["notice_bold"])
        holder = Table([[address_para]], colWidths=[CONTENT_WIDTH - 10 * mm])
        holder.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 10 * mm),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        holder.hAlign = "LEFT"
        parts.append(holder)
    parts += [
        Spacer(1, 3),
        Paragraph(
            escape("Votre inscription ne sera définitive qu'à réception de ce document signé."),
            styles["notice_bold"],
        ),
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
    regular, _bold, _italic = fonts_ready()
    styles = paragraph_styles()
    label = as_text(label) or MISSING
    session = as_text(content.get("session"))

    story: list[Flowable] = [_header(content, label, styles), Spacer(1, 8)]

    def section(title: str, *body: Flowable, splittable: bool = False) -> None:
        if splittable:  # a long table may continue on the next page (its header row repeats)
            story.extend([CondPageBreak(40 * mm), section_band(title, styles), Spacer(1, 3), *body])
        else:
            story.append(KeepTogether([section_band(title, styles), Spacer(1, 3), *body]))
        story.append(Spacer(1, 7))

    etat_civil = dict_at(content, "etat_civil")
    lieu, pays = fmt.birth_place_and_country(content)
    civil_rows = [
        ("Nom de famille", etat_civil.get("nom")),
        ("Nom d'usage", etat_civil.get("nom_usage")),
        ("Prénoms", etat_civil.get("prenoms")),
        ("Date de naissance", fmt.birth_date(etat_civil.get("date_naissance"))),
        ("Lieu de naissance", lieu),
        ("Pays de naissance", pays),
    ]
    if as_text(content.get("former_candidate_number")):
        civil_rows.append(("Numéro de candidat antérieur", content.get("former_candidate_number")))
    section("État civil", fields(civil_rows, styles))

    section("Adresse", _address_flowable(content, styles))
    section("Adresse électronique", fields([("Adresse électronique", content.get("email"))], styles))

    specialite = content.get("specialite")
    option = nested(specialite, "option")
    section(
        "Candidature",
        fields(
            [
                ("Catégorie", fmt.categorie(content.get("categorie"))),
                ("Handicap nécessitant un aménagement d'épreuves", fmt.handicap(content.get("handicap"))),
                ("Établissement", fmt.etablissement(content.get("etablissement"))),
                *(
                    [("Ancien établissement (dernière candidature)", fmt.etablissement(former))]
                    if (former := content.get("former_etablissement"))
                    else []
                ),
                ("Spécialité", fmt.coded(specialite)),
                (
                    "Option",
                    fmt.coded(option)
                    if option
                    else "Sans option"
                    if isinstance(specialite, dict) and "option" in specialite
                    else None,
                ),
                ("Forme de passage", fmt.forme(content.get("forme"))),
            ],
            styles,
        ),
    )

    section(
        "Communication des résultats",
        fields(
            [
                (QUESTION_PRESS, fmt.stated_yes_no(content.get("consent_press"))),
                (QUESTION_COLLECTIVITES, fmt.stated_yes_no(content.get("consent_collectivites"))),
            ],
            styles,
            label_width=CONTENT_WIDTH - 30 * mm,
        ),
    )

    acquis = list_at(content, "acquis")
    section("Bilan des acquis", acquis_table(acquis, styles), splittable=True)

    epreuves = list_at(content, "epreuves")
    notice = fmt.epreuves_notice(content)
    lead = [paragraph(notice, styles["base"]), Spacer(1, 3)] if notice else []
    section(fmt.epreuves_heading(content), *lead, epreuves_table(epreuves, styles), splittable=True)
    declared = fmt.wishes_lines(content) + fmt.declared_lines(content)
    if declared:
        section("Souhaits et acquis déclarés", declared_list(declared, styles), splittable=True)

    story.append(Spacer(1, 4))
    story += _return_notice(validated_at, return_deadline, service_address, styles, regular)

    buffer = io.BytesIO()
    footer = f"Confirmation d'inscription BTS{' ' + session if session else ''} {MISSING} dossier {label}"
    nom = join_texts([etat_civil.get("nom"), etat_civil.get("prenoms")])
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
        # A screen reader reads it in French; a viewer shows its title rather than its file name. (ReportLab
        # writes no structure tags: the content is drawn top to bottom, in the order the page is read, and the
        # same dossier is offered as an accessible HTML page: bot/web/dossier_page.py.)
        lang="fr-FR",
        displayDocTitle=True,
    )
    doc.build(story, canvasmaker=numbered_canvas(footer, regular))
    return buffer.getvalue()
