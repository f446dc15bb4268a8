"""The TSV reader of règlements d'examen: every shared transcription, and malformed files with their lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from registration.referentials import load_referentials
from registration.referentials.epreuve_tsv import SUPERSEDED, date_in_text, parse_epreuve_tsv
from registration.referentials.records import PARTIAL, UNVERIFIED, VERIFIED

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "referentials"
SHARED = DATA / "sources" / "epreuves"
HEADER = (
    "unite\tepreuve\tintitule\tcoefficient\tforme_scolaire_public\tforme_hors_contrat\tfacultative\tsource"
)


@pytest.fixture(scope="module")
def refs():
    return load_referentials(DATA)


def parse(refs, text: str, code: str = "32023012", **kwargs):
    return parse_epreuve_tsv(text, refs.specialites[code], referentials_dir=DATA, **kwargs)


def tsv(*rows: str, head: str = "# Bâtiment; arrêté du 23 juin 2011; in force: yes", extra: str = "") -> str:
    return "\n".join([head, *([extra] if extra else []), HEADER, *rows]) + "\n"


def row(unit: str, code: str, title: str, coef: str = "2", optional: str = "non", *more: str) -> str:
    return "\t".join([unit, code, title, coef, "écrite", "écrite", optional, "arrêté", *more])


SUPERSEDED_FILES = {"32031311", "32032003"}


@pytest.mark.parametrize("path", sorted(SHARED.glob("*.tsv")), ids=lambda p: p.stem)
def test_every_shared_table_is_read_and_superseded_ones_are_refused_as_current(refs, path):
    report = parse(refs, path.read_text(encoding="utf-8"), path.stem)
    if path.stem in SUPERSEDED_FILES:
        assert report.status == SUPERSEDED and report.table is None
        assert [e.line for e in report.errors] == [1]
        assert "superseded" in report.errors[0].message
        return
    assert report.errors == [], report.messages()
    table = report.table
    assert table is not None and table.specialite == path.stem and table.epreuves
    assert not table.verified and table.level in (UNVERIFIED, PARTIAL)
    assert table.level == (PARTIAL if "# PARTIAL" in path.read_text(encoding="utf-8") else UNVERIFIED)
    assert table.source and table.source_date is not None
    codes = [(e.code, e.option_code) for e in table.epreuves]
    assert len(codes) == len(set(codes))
    for e in table.epreuves:
        assert e.optional == e.code.startswith("EF")
        assert e.coefficient is None or e.coefficient > 0


def test_the_details_of_the_shared_tables(refs):
    def table(code):
        return parse(refs, (SHARED / f"{code}.tsv").read_text(encoding="utf-8"), code).table

    batiment = table("32023012")
    codes = [e.code for e in batiment.epreuves]
    assert "E3" not in codes and {"E31", "E32", "E41", "E42", "E61", "E62"} <= set(codes)  # parents dropped
    ef1 = next(e for e in batiment.epreuves if e.code == "EF1")  # code from the unit UF1
    assert ef1.optional and ef1.unit == "UF1" and "Anglais" not in ef1.choices and "Allemand" in ef1.choices
    assert next(e for e in batiment.epreuves if e.code == "E2").choices == ()  # « Anglais »: no choice
    assert batiment.source_date.isoformat() == "2011-06-23"
    mco = table("32031213")
    e2, e3 = (next(e for e in mco.epreuves if e.code == c) for c in ("E2", "E3"))
    assert "Anglais" in e2.choices and e3.choices == ()  # the same language is asked once
    assert next(e for e in mco.epreuves if e.code == "E2").coefficient == 1.5  # « 1,5 »
    prothesiste = table("32033111")
    uf = next(e for e in prothesiste.epreuves if e.unit == "UF")
    assert uf.code == "EF1" and "EF1" in prothesiste.note
    communication_like = table("32031103")  # E21 without unit under the parent E2 (language)
    e21 = next(e for e in communication_like.epreuves if e.code == "E21")
    assert e21.unit == "" and e21.choices
    crsa = table("32020111")  # « EF1 » written in the unit column
    assert any(e.code == "EF1" and e.optional for e in crsa.epreuves)


def test_every_error_is_reported_with_its_line_number(refs):
    text = tsv(
        row("U1", "E1", "Culture générale et expression", "3"),
        row("U2", "E2", "Anglais", "-2"),
        row("U2", "E3", "Mathématiques", "deux"),
        row("U4", "E1", "Étude technique", "4"),
        row("UF1", "", "Langue vivante facultative", "", "peut-être"),
        row("U5", "EF2", "Étude économique", "6", "non"),
        row("", "", "Sans code", "1"),
    )
    report = parse(refs, text)
    assert report.table is None
    assert report.messages() == [
        "ligne 4 : coefficient « -2 » : un nombre positif est attendu",
        "ligne 5 : coefficient « deux » : un nombre positif est attendu",
        "ligne 5 : unité U2 en double (déjà ligne 4)",
        "ligne 6 : épreuve E1 en double (déjà ligne 3)",
        "ligne 7 : facultative « peut-être » : « oui » ou « non » est attendu",
        "ligne 8 : épreuve EF2 : une épreuve facultative (facultative = oui) a un code EF… et une "
        "épreuve obligatoire un code E…",
        "ligne 9 : ni unité ni code d'épreuve : l'une des deux colonnes doit être remplie",
    ]


def test_header_and_status_errors(refs):
    assert parse(refs, "unite\tepreuve\n").messages()[0].startswith("ligne 1 : la première ligne")
    unknown = parse(refs, tsv(row("U1", "E1", "CGE"), head="# Bâtiment; arrêté; in force: peut-être"))
    assert unknown.messages()[0].startswith("ligne 1 : statut « peut-être »")
    columns = parse(refs, "# B; a; in force: yes\nunite\tepreuve\tintitulé\tcoef\n")
    assert columns.messages() == [
        "ligne 2 : colonne inconnue « coef » (colonnes : choix, coefficient, epreuve, facultative, "
        "forme_hors_contrat, forme_scolaire_public, intitule, option, source, unite)",
        "ligne 2 : colonne(s) absente(s) de l'en-tête : coefficient, facultative",
    ]
    assert parse(refs, tsv()).messages() == ["aucune épreuve dans le fichier"]
    extra = parse(refs, tsv(row("U1", "E1", "CGE") + "\ttrop"))
    assert extra.messages() == ["ligne 3 : 9 cellules pour 8 colonnes (tabulation en trop ?)"]


def test_facultatives_are_limited_by_the_table(refs):
    rows = [row("U1", "E1", "CGE")] + [row(f"UF{n}", "", f"Facultative {n}", "", "oui") for n in (1, 2, 3)]
    too_many = parse(refs, tsv(*rows))
    assert too_many.messages() == ["ligne 6 : épreuve EF3 : 3 épreuves facultatives, la table en permet 2"]
    allowed = parse(refs, tsv(*rows, extra="# facultatives: 3"))
    assert allowed.errors == [] and allowed.table.max_optional == 2  # a candidate still sits at most 2
    one = parse(refs, tsv(*rows, extra="# facultatives: 1"))
    assert one.messages() == [
        "ligne 6 : épreuve EF2 : 3 épreuves facultatives, la table en permet 1 "
        "(« # facultatives: 1 », ligne 2)"
    ]


def test_options_and_choices_columns(refs):
    head = "# SIO; arrêté du 8 juillet 2024; in force: yes"
    header = HEADER + "\toption\tchoix"
    text = "\n".join(
        [
            head,
            header,
            row("U1", "E1", "Culture générale et expression", "2", "non", "", ""),
            row("U2", "E2", "Langue vivante", "2", "non", "", "langues"),
            row("U6", "E6", "Administration des systèmes", "4", "non", "SISR", ""),
            row("U6", "E6", "Conception d'applications", "4", "non", "32032614", ""),
            row("U7", "E7", "Cybersécurité", "4", "non", "B", "A|B"),
            row("UF1", "", "Mathématiques approfondies", "", "oui", "SLAM", "x"),
            row("U8", "E8", "Projet", "4", "non", "SIAM", ""),
        ]
    )
    report = parse(refs, text, "32032613")
    assert report.messages() == [
        "ligne 8 : choix « x » : « langues » ou au moins deux valeurs séparées par « | » sont attendus",
        "ligne 9 : option « SIAM » inconnue pour la spécialité 32032613 ; options : 32032613 (A : solutions "
        "d'infrastructure, systèmes et réseaux), 32032614 (B : solutions logicielles et applications métiers)",
    ]
    fixed = text.replace("\tx", "\tlangues").replace("SIAM", "SLAM")
    table = parse(refs, fixed, "32032613", source="Arrêté du 8 juillet 2024 (SIO)", verified=True).table
    assert table.level == VERIFIED and table.source == "Arrêté du 8 juillet 2024 (SIO)"
    by_key = {(e.code, e.option_code): e for e in table.epreuves}
    assert by_key[("E6", "32032613")].title == "Administration des systèmes"
    assert by_key[("E6", "32032614")].title == "Conception d'applications"
    assert by_key[("E7", "32032614")].choices == ("A", "B")
    assert "Espagnol" in by_key[("E2", None)].choices
    assert by_key[("EF1", "32032614")].optional
    clash = fixed.replace("\t32032614\t", "\t\t")  # E6 common and E6 of an option
    assert "ligne 6 : épreuve E6 en double (déjà ligne 5)" in parse(refs, clash, "32032613").messages()
    no_option = parse(refs, tsv(row("U1", "E1", "CGE") + "\tA\t").replace(HEADER, header))
    assert no_option.messages() == [
        "ligne 3 : option « A » inconnue pour la spécialité 32023012 (elle n'a pas d'option)"
    ]


def test_dates_in_french_texts():
    assert (
        date_in_text("arrêté du 1er mars 2019 modifié par l'arrêté du 8 juillet 2024").isoformat()
        == "2019-03-01"
    )
    assert date_in_text("Arrêté du 8 juillet 2024").isoformat() == "2024-07-08"
    assert date_in_text("sans date") is None
