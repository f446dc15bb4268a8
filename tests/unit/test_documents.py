"""Tests of the confirmation d'inscription PDF: content, accents, escaping, address block, robustness."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from registration.documents import (
    address_block,
    confirmation_filename,
    format_note,
    render_confirmation,
)
from tests.samples import (
    SERVICE_ADDRESS,
    abroad_candidate,
    all_samples,
    paris_candidate,
    partial_dossier,
    tricky_candidate,
)

LABEL = "175 \u2013 0"
# 13:05 UTC on 26 November 2026 is 14:05 in Paris (CET, UTC+1).
VALIDATED_AT = datetime(2026, 11, 26, 13, 5, tzinfo=UTC)
DEADLINE = date(2026, 12, 4)


def render(content: dict, **overrides) -> bytes:
    options = dict(
        label=LABEL, validated_at=VALIDATED_AT, return_deadline=DEADLINE, service_address=SERVICE_ADDRESS
    )
    options.update(overrides)
    return render_confirmation(content, **options)


def text_of(pdf: bytes) -> str:
    """All pages' text with whitespace collapsed, so phrases wrapped over lines still match."""
    reader = PdfReader(io.BytesIO(pdf))
    raw = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", raw)


@pytest.fixture(scope="module")
def paris_text() -> str:
    return text_of(render(paris_candidate()))


@pytest.fixture(scope="module")
def abroad_text() -> str:
    return text_of(render(abroad_candidate()))


def test_is_an_a4_pdf_with_metadata():
    pdf = render(paris_candidate())
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert LABEL in reader.metadata.title


def test_header_and_dossier_number(paris_text):
    for expected in [
        "Confirmation d'inscription",
        "Brevet de technicien supérieur — session 2027",
        "Académie : Paris",
        "Numéro de dossier",
        LABEL,
    ]:
        assert expected in paris_text


def test_etat_civil_with_accents(paris_text):
    for expected in [
        "LEFÈVRE",
        "CŒURDEROY",
        "Zoé Françoise",
        "14/02/2006",
        "Paris (75), 15e arrondissement",
        "Pays de naissance France",
    ]:
        assert expected in paris_text, expected


def test_address_block_in_pdf(paris_text):
    for expected in ["Zoé Françoise CŒURDEROY", "Bâtiment B, 3e étage", "12 RUE DE L EGLISE", "75015 PARIS"]:
        assert expected in paris_text, expected


def test_candidature(paris_text):
    for expected in [
        "zoe.lefevre@example.org",
        "Scolaire — établissement public",
        "Oui — aménagement d'épreuves demandé",
        "Lycée Léonard de Vinci, PARIS (0750650H)",
        "Services informatiques aux organisations (32032602)",
        "Solutions logicielles et applications métiers (32032603)",
        "Forme de passage Globale",
    ]:
        assert expected in paris_text, expected


def test_consents_with_full_questions(paris_text, abroad_text):
    press = (
        "Acceptez-vous la publication de votre résultat par la presse ou sur les sites internet "
        "de sociétés de droit privé ?"
    )
    local = (
        "Acceptez-vous la communication de votre nom et de votre adresse aux collectivités "
        "territoriales en vue d'une éventuelle remise de récompense ?"
    )
    assert f"{press} Oui" in paris_text and f"{local} Non" in paris_text
    assert f"{press} Non" in abroad_text and f"{local} Oui" in abroad_text


def test_no_acquis_and_epreuves(paris_text):
    assert "Aucun acquis déclaré" in paris_text
    for expected in [
        "E1 Culture générale et expression INSCRIT",
        "E2 Expression et communication en langue anglaise INSCRIT – choix : Anglais",
        "E7 Cybersécurité des services informatiques INSCRIT",
        "EF1 Langue vivante étrangère 2 (épreuve facultative) INSCRIT – choix : Espagnol",
        "EF2 Engagement étudiant (épreuve facultative) NON INSCRIT",
    ]:
        assert expected in paris_text, expected


def test_validation_time_in_paris_and_return_instruction(paris_text):
    assert "Validée le 26/11/2026 à 14:05" in paris_text
    assert (
        "Vérifiez ces informations, corrigez en rouge toute erreur, datez, signez et renvoyez cette "
        "confirmation avant le 04/12/2026 à l'adresse suivante :"
    ) in paris_text
    assert " ".join(SERVICE_ADDRESS.splitlines()) in paris_text
    assert "Votre inscription ne sera définitive qu'à réception de ce document signé." in paris_text
    assert "Date et signature du candidat" in paris_text


def test_page_numbers_in_footer():
    reader = PdfReader(io.BytesIO(render(paris_candidate())))
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} sur {total}" in text
        assert f"dossier {LABEL}" in text


def test_abroad_candidate(abroad_text):
    for expected in [
        "BENNANI",
        "Yasmine Noëlle",
        "00/00/1998",
        "Né(e) à l'étranger",
        "Maroc",
        "0123456789",
        "c/o Müller",
        "SCHONHAUSER ALLEE 145",
        "10437 BERLIN",
        "99999 ALLEMAGNE",
        "Enseignement à distance",
        "Forme de passage Progressive",
        "Sans option",
    ]:
        assert expected in abroad_text, expected


def test_bilan_des_acquis_table(abroad_text):
    assert "Épreuve Position Note Année Académie" in abroad_text
    assert "E1 – Culture générale et expression" in abroad_text
    assert "BENEFICE 12.00 2023 Rennes" in abroad_text
    assert "BENEFICE 8.50 2024 Créteil" in abroad_text
    assert "DISPENSE — 2022 —" in abroad_text
    assert "Aucun acquis déclaré" not in abroad_text


def test_epreuves_statuses(abroad_text):
    for expected in [
        "E1 Culture générale et expression ACQUIS",
        "E5 Relation client et vente conseil NON INSCRIT",
        "E6 Animation et dynamisation de l'offre commerciale INSCRIT",
    ]:
        assert expected in abroad_text, expected


def test_markup_characters_are_printed_literally():
    text = text_of(render(tricky_candidate()))
    for expected in [
        "O'CONNOR & <FILS>",
        "Anne-Sœur <b>Ève</b> & Cie",
        "o'connor&fils@example.org",
        "Lycée <Saint-Exupéry> & Associés",
    ]:
        assert expected in text, expected


@pytest.mark.parametrize(
    "content",
    [partial_dossier(), {}, {"academie": None, "etat_civil": None, "acquis": None, "epreuves": [None, 3]}],
)
def test_partial_dossiers_render(content):
    text = text_of(render(content, return_deadline=None, service_address=None))
    assert LABEL in text
    assert (
        "renvoyez cette confirmation dans les meilleurs délais au service des examens de votre académie"
    ) in text
    assert "Date et signature du candidat" in text


def test_partial_dossier_values():
    text = text_of(render(partial_dossier()))
    assert "DURAND" in text and "Aucune épreuve renseignée" in text
    assert "E1 — — — —" in text  # the incomplete acquis row


def test_naive_validation_time_is_paris_time():
    text = text_of(render({}, validated_at=datetime(2026, 11, 26, 14, 5)))
    assert "Validée le 26/11/2026 à 14:05" in text


def test_render_is_not_affected_by_typographic_characters():
    content = paris_candidate()
    content["etablissement"]["name"] = "Lycée de l’Œuvre – Saint-Nazaire"
    text = text_of(render(content))
    assert "Lycée de l’Œuvre – Saint-Nazaire" in text


# --- address block -------------------------------------------------------------------------------


def _is_postal(line: str) -> bool:
    plain = unicodedata.normalize("NFKD", line)
    return line == line.upper() and plain == line and not re.search(r"[.,;:'’]", line)


@pytest.mark.parametrize("name", sorted(all_samples()))
def test_address_block_limits(name):
    lines = address_block(all_samples()[name])
    assert len(lines) <= 6
    assert all(0 < len(line) <= 38 for line in lines)


def test_address_block_france():
    assert address_block(paris_candidate()) == [
        "Zoé Françoise CŒURDEROY",
        "Bâtiment B, 3e étage",
        "12 RUE DE L EGLISE",
        "75015 PARIS",
    ]


def test_address_block_abroad_uses_99999_and_country():
    lines = address_block(abroad_candidate())
    assert lines[-2:] == ["10437 BERLIN", "99999 ALLEMAGNE"]
    assert all(_is_postal(line) for line in lines[2:])


def test_address_block_abroad_defaults():
    content = abroad_candidate()
    content["residence"].update(code_postal="", localite="")
    assert address_block(content)[-1] == "99999 ALLEMAGNE"


def test_long_address_keeps_the_street_and_locality():
    lines = address_block(tricky_candidate())
    assert lines[0] == "Anne-Sœur O'CONNOR & <FILS>"  # first first name only when too long
    assert lines[-1] == "75015 PARIS"
    assert "MARECHAL-DE-LATTRE" in lines
    assert all(_is_postal(line) for line in lines[2:])


def test_address_block_of_nothing():
    assert address_block({}) == []
    assert address_block(None) == []  # type: ignore[arg-type]


# --- helpers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label,expected",
    [
        (LABEL, "confirmation-inscription-bts-175-0.pdf"),
        ("175-12", "confirmation-inscription-bts-175-12.pdf"),
        ("", "confirmation-inscription-bts-dossier.pdf"),
    ],
)
def test_confirmation_filename(label, expected):
    assert confirmation_filename(label) == expected


@pytest.mark.parametrize(
    "value,expected", [(12, "12.00"), (8.5, "8.50"), ("15,25", "15.25"), (None, "—"), ("", "—")]
)
def test_format_note(value, expected):
    assert format_note(value) == expected


def test_decomposed_accents_and_control_characters():
    content = paris_candidate()
    content["etat_civil"]["prenoms"] = unicodedata.normalize("NFD", "Zoé\x00 Hélène\x07")
    text = text_of(render(content))
    assert "Zoé Hélène" in text


def test_language_and_title_shown_and_reading_order_as_read_by_poppler(tmp_path):
    """pdfinfo (poppler-utils, as PDF readers and screen readers' converters see the file): French, the title
    shown in the viewer's bar instead of the file name; pdftotext: the text in the order the page is read."""
    import shutil
    import subprocess

    assert shutil.which("pdfinfo"), "poppler-utils is missing: apt-get install -y poppler-utils"
    path = tmp_path / "confirmation.pdf"
    path.write_bytes(render(paris_candidate()))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip() == f"Confirmation d'inscription BTS \u2013 dossier {LABEL}"
    catalog = PdfReader(path).trailer["/Root"]
    assert catalog["/Lang"] == "fr-FR"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    order = ["Confirmation d'inscription", "LEFÈVRE", "Page 1 sur"]
    found = [text.find(part) for part in order]
    assert all(at >= 0 for at in found) and found == sorted(found), (found, text[:400])
