"""Former candidates imported from the exam service's file: every error with its line and nothing written,
the import from the command line (audited), and the conversation finding an imported candidate."""

from __future__ import annotations

import pytest

from registration.conversation.engine.turn import Services
from registration.helpdesk import AuditLog
from registration.lists import cli, service
from registration.lists.core import Upload
from registration.lists.kinds import FORMER_CANDIDATES
from registration.lists.kinds.former_candidates import parse_former
from registration.lists.published import context
from registration.referentials import load_referentials
from registration.security.attempts import AttemptGuard
from registration.store import Store
from tests.unit.test_conversation import Chat

HEADER = "numero_candidat;date_naissance;nom;nom_usage;prenoms;specialite;session;academie;epreuve;note;conservee\n"
GOOD = HEADER + (
    "2026 01 000123;03/04/2005;Moreau;;Jade;32031213;2026;01;E5;12,5;oui\n"
    "2026 01 000123;03/04/2005;Moreau;;Jade;32031213;2026;01;E4;8;non\n"
    "2026 24 000456;21/10/2004;Diallo;;Awa Marie;32031213;2025;24;;;\n"
)
BROKEN = HEADER + (
    "2026 01 000123;31/02/2005;Moreau;;Jade;32031213;2026;01;E5;12,5;oui\n"
    "2026 01 000124;03/04/2005;Petit;;Léo;99999999;2026;01;E5;12,5;oui\n"
    "2026 01 000125;03/04/2005;Roux;;Noé;32031213;2026;01;E5;25;oui\n"
    "2026 01 000126;03/04/2005;Blanc;;Zoé;32031213;2026;01;E5;;oui\n"
    "2026 01 000127;03/04/2005;Blanc;;Zoé;32031213;2026;99;E5;11;peut-être\n"
    "2026 01 000128;03/04/2005;Gros;;Ana;32031213;2027;01;E5;11;oui\n"
    "2026 24 000456;21/10/2004;Diallo;;Awa;32031213;2025;24;;;\n"
    "2026 24 000456;21/10/2005;Diallo;;Awa;32031213;2025;24;E5;12;oui\n"
)


@pytest.fixture()
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("BTS_NOW", "2026-11-26T10:00:00")
    monkeypatch.setenv("BTS_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.delenv("BTS_DEMO_FORMER_CANDIDATES", raising=False)
    instance = Store(f"sqlite:///{tmp_path / 'bts.sqlite3'}")
    instance.migrate()
    yield instance
    instance.dispose()


@pytest.fixture(scope="module")
def refs():
    return load_referentials()


def test_every_error_is_reported_with_its_line_and_no_record_is_read(refs):
    report = parse_former(BROKEN, refs, 2027, "anciens.csv")
    assert not report.ok and report.records == {}
    messages = [str(e) for e in report.errors]
    assert len(messages) == 7, messages
    assert messages[0].startswith("anciens.csv, ligne 2 : date_naissance : « 31/02/2005 »")
    assert "ligne 3 : specialite : code « 99999999 » inconnu" in messages[1]
    assert "ligne 4 : note : « 25 »" in messages[2]
    assert "ligne 5 : note : une épreuve conservée doit avoir sa note" in messages[3]
    assert "ligne 6 : academie : code « 99 » inconnu" in messages[4]
    assert "ligne 7 : session : « 2027 »" in messages[5]
    assert "ligne 9 : le candidat 2026 24 000456 a un autre date_naissance à la ligne 8" in messages[6]


def test_missing_columns_are_named(refs):
    report = parse_former("numero_candidat;nom\n1;X\n", refs, 2027)
    assert not report.ok and "ligne 1 : colonne(s) manquante(s) : date_naissance" in str(report.errors[0])


def test_a_good_file_gives_one_record_per_candidate_with_the_marks_kept_as_acquis(refs):
    report = parse_former(GOOD, refs, 2027)
    assert report.ok and report.rows == 3 and set(report.records) == {"202601000123", "202624000456"}
    jade = report.records["202601000123"]
    assert jade["etat_civil"] == {
        "nom": "MOREAU",
        "nom_usage": "",
        "prenoms": "Jade",
        "date_naissance": "03/04/2005",
    }
    assert jade["academie"] == {"code": "01", "name": "Paris"} and jade["session"] == 2026
    assert [(a["epreuve_code"], a["note"], a["position"], a["annee"]) for a in jade["acquis"]] == [
        ("E5", 12.5, "BENEFICE", 2026)
    ]
    assert [(r["epreuve"], r["conservee"]) for r in jade["resultats"]] == [("E5", True), ("E4", False)]
    assert report.records["202624000456"]["acquis"] == []


def test_an_import_with_errors_changes_nothing_and_a_good_one_is_audited(store, tmp_path, capsys):
    broken, good = tmp_path / "errone.csv", tmp_path / "anciens.csv"
    broken.write_text(BROKEN, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    assert cli.main(["anciens-candidats", "import", str(broken)], store) == 2
    err = capsys.readouterr().err
    assert "errone.csv, ligne 2 :" in err and "ligne 9 :" in err and "rien n'a été importé" in err
    assert store.count_former_candidates() == 0
    assert cli.main(["anciens-candidats", "import", str(good), "--dry-run"], store) == 0
    assert "2 nouveau(x) candidat(s)" in capsys.readouterr().out
    assert store.count_former_candidates() == 0 and AuditLog(store).entries() == []

    assert cli.main(["anciens-candidats", "import", str(good), "--source", "Résultats 2026"], store) == 0
    assert "Importé : 2 ajouté(s), 0 remplacé(s)." in capsys.readouterr().out
    assert store.count_former_candidates() == 2
    entry = AuditLog(store).entries()[0]
    assert entry.action == "import des anciens candidats" and "Résultats 2026 ; 2 ajouté(s)" in entry.after
    # the same file again replaces the two records; preview says so
    seen = service.read(
        FORMER_CANDIDATES, context(store, load_referentials(), 2027), Upload(GOOD, "anciens.csv")
    )
    assert seen.ok and seen.count == 2
    assert "2 candidat(s) déjà connu(s), remplacé(s) par ce fichier" in seen.changes
    assert (
        cli.main(["anciens-candidats", "import", str(good)], store) == 0
        and store.count_former_candidates() == 2
    )


def test_demo_records_only_when_asked_for(store, capsys):
    assert store.find_former_candidate("2025 01 123456", "12/02/2003") is None
    assert cli.main(["anciens-candidats", "demo"], store) == 0
    assert store.find_former_candidate("2025 01 123456", "12/02/2003") is not None
    assert "3 ancien(s) candidat(s)" in capsys.readouterr().out


def test_the_conversation_finds_an_imported_candidate_and_prefills_the_kept_mark(store, tmp_path):
    good = tmp_path / "anciens.csv"
    good.write_text(GOOD, encoding="utf-8")
    assert cli.main(["anciens-candidats", "import", str(good)], store) == 0
    services = Services(load_referentials(), store, 2027, AttemptGuard(store))
    chat = Chat(services, "unit-former")
    chat.say("bonjour", "greet", 1.0).click("M'inscrire").click("Oui")
    chat.say("2026 01 000123").say("03/04/2005")
    assert "J'ai retrouvé votre inscription précédente" in chat.text, chat.text
    assert "MOREAU" in chat.text and "session 2026" in chat.text
    state = store.load_draft("unit-former")
    assert state["answers"]["nom"] == "MOREAU" and state["answers"]["date_naissance"] == "03/04/2005"
    defaults = state["defaults"]
    assert defaults["prenoms"] == "Jade" and defaults["specialite"] == "32031213"
    assert any(value == 12.5 for key, value in defaults.items() if "E5" in key), defaults

    other = Chat(services, "unit-former-2")
    other.say("bonjour", "greet", 1.0).click("M'inscrire").click("Oui")
    other.say("2026 01 000123").say("04/04/2005")
    assert "Je ne retrouve pas d'inscription précédente" in other.text
