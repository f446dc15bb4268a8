"""Acquis declared in words where no diploma list exists, kept and matched when the service publishes a table;
diploma lists published, restored and in effect at the next turn (real store, real referentials, no Rasa)."""

from __future__ import annotations

from registration.lists import service
from registration.lists.core import Author, Upload
from registration.lists.kinds import DIPLOMAS, exam_tables
from registration.lists.kinds.diplomas import parse_diplomas
from registration.lists.published import context, current_referentials
from tests.unit.test_conversation import Chat, services  # noqa: F401  (the fixture)
from tests.unit.test_conversation_schools import to_establishment
from tests.unit.test_conversation_tables import TOURISME, publish_tourisme

CPI = "32020009"  # Conception des produits industriels: a table, no diploma list


def to_cpi_acquis(chat: Chat) -> Chat:
    to_establishment(chat).say("emile dubois").say("conception des produits industriels")
    if "ne propose pas" in chat.text:
        chat.click("Oui")
    chat.click("Publication seulement")
    assert "Avez-vous déjà des notes de ce BTS" in chat.text, chat.text
    return chat


def validated(services, chat: Chat):  # noqa: F811
    chat.click("Valider votre inscription")
    document = next(r.custom for r in chat.replies if r.custom)
    [dossier] = services.store.find_dossiers(document["number"], "03/05/2004")
    return document, dossier


def test_a_cpi_candidate_declares_a_benefice_matched_to_its_epreuve(services):  # noqa: F811
    chat = to_cpi_acquis(Chat(services)).click("Oui")
    chat.say("E1 culture générale, BTS CPI 2024").say("2024").say("Lyon").say("12,5")
    assert "à quelle(s) épreuve(s) de votre BTS correspond-il" in chat.text, chat.text
    chat.click("☐ E1").click("Suite")
    chat.click("Non")  # no other acquis
    assert "Récapitulatif" in chat.text and "BENEFICE E1 (déclaré, à vérifier)" in chat.text, chat.text
    _, dossier = validated(services, chat)
    [item] = dossier.content["acquis_declares"]
    assert item["epreuves"] == ["E1"] and item["position"] == "BENEFICE" and item["note"] == 12.5
    assert item["retenu"] is True
    status = {e["code"]: e["status"] for e in dossier.content["epreuves"]}
    assert status["E1"] == "ACQUIS" and status["E2"] == "INSCRIT"


def test_a_declared_mark_below_10_in_forme_globale_is_not_kept(services):  # noqa: F811
    chat = to_cpi_acquis(Chat(services)).click("Oui")
    chat.say("E2 mathématiques, BTS CPI 2024").say("2024").say("Lyon").say("8")
    chat.click("☐ E2").click("Suite").click("Non")
    assert "BENEFICE E2 (non retenu : plus de 5 ans, ou note inférieure à 10 en forme globale)" in chat.text
    _, dossier = validated(services, chat)
    [item] = dossier.content["acquis_declares"]
    assert item["epreuves"] == ["E2"] and item["retenu"] is False
    assert {e["code"]: e["status"] for e in dossier.content["epreuves"]}[
        "E2"
    ] == "INSCRIT"  # sat this session


def test_a_cpi_candidate_without_acquis_answers_one_question(services):  # noqa: F811
    chat = to_cpi_acquis(Chat(services)).click("Non")
    assert "Récapitulatif" in chat.text, chat.text
    _, dossier = validated(services, chat)
    assert dossier.content["acquis_declares"] == []
    assert {e["status"] for e in dossier.content["epreuves"]} == {"INSCRIT"}


def test_a_declared_acquis_survives_the_publication_of_a_table(services):  # noqa: F811
    chat = to_establishment(Chat(services)).say("emile dubois").say("tourisme")
    if "ne propose pas" in chat.text:
        chat.click("Oui")
    chat.click("Publication seulement").click("☐ Anglais").click("Suite").click("Non")
    chat.click("Oui")  # acquis to declare
    chat.say("Culture générale, BTS Tourisme 2023").say("2023").click("Non précisée").say("14")
    assert "à quelle(s) épreuve(s)" not in chat.text  # no table yet: nothing to match
    chat.click("Non")
    document, dossier = validated(services, chat)
    assert dossier.content["acquis_declares"][0]["epreuve"] == "Culture générale, BTS Tourisme 2023"

    publish_tourisme(services)
    ctx = context(services.store, services.refs, 2027)
    state = exam_tables.table_state(ctx, TOURISME)
    assert state is not None
    [pending] = exam_tables.to_complete(ctx, state, 2027)
    assert pending.declared == [{"epreuve": "Culture générale, BTS Tourisme 2023", "epreuves": []}]
    reader = Chat(services, "unit-2").say("bonjour", "greet", 1.0).click("Consulter")
    reader.say(str(document["number"])).say("03/05/2004")
    assert "Votre dossier est à compléter" in reader.text
    assert "Culture générale, BTS Tourisme 2023" in reader.text  # still in the dossier after the publication
    reader.click("Modifier")
    reader.click("Anglais").click("Aucune")  # the new table's own questions
    assert "« Culture générale, BTS Tourisme 2023 »" in reader.text, reader.text
    reader.click("☐ E1").click("Suite")
    assert "Récapitulatif" in reader.text and "E1 Culture générale et expression : ACQUIS" in reader.text
    reader.click("Valider votre inscription")
    [revised] = services.store.find_dossiers(document["number"], "03/05/2004")
    assert revised.revision == 1
    [item] = revised.content["acquis_declares"]
    assert item["epreuves"] == ["E1"] and item["note"] == 14.0 and item["statut"] == "declare"
    status = {e["code"]: e["status"] for e in revised.content["epreuves"]}
    assert status == {"E1": "ACQUIS", "E21": "INSCRIT", "E3": "INSCRIT", "EF1": "NON INSCRIT"}
    assert exam_tables.to_complete(ctx, state, 2027) == []


UPLOAD = """specialite;code;intitule;epreuve;position;verifie;code_invente;note
32020009;320 - 20009;BTS CONCEPTION DES PRODUITS INDUSTRIELS (session antérieure);E1;BENEFICE;non;non;Code au format du guide, non confirmé
32020009;320 - 20009;BTS CONCEPTION DES PRODUITS INDUSTRIELS (session antérieure);E2;BENEFICE;non;non;
"""


def test_a_diploma_list_published_for_cpi_then_restored(services):  # noqa: F811
    ctx = context(services.store, services.refs, 2027)
    wrong = (
        "specialite;code;intitule;epreuve;position;verifie\n"
        "99999999;X;Y;E1;BENEFICE;oui\n"
        "32020009;X;Y;E9;BENEFICE;oui\n"
        "32020009;X;Y;E1;AUTRE;oui\n"
        "32020009;X;Y;E1;DISPENSE;\n"
        "32020009;X;Y;E1;DISPENSE;non\n"
    )
    refused = service.read(DIPLOMAS, ctx, Upload(wrong, "diplômes"))
    assert not refused.ok
    report = parse_diplomas(wrong, ctx.refs)
    assert [e.line for e in report.errors] == [2, 3, 4, 5, 6]
    assert refused.errors == [str(e) for e in report.errors]
    assert "rien n'est supposé vérifié" in refused.errors[3]
    assert "demande une note" in refused.errors[4]

    seen = service.read(DIPLOMAS, ctx, Upload(UPLOAD, "diplômes"))
    assert seen.ok and seen.count == 1, seen.errors
    assert seen.changes == [
        "32020009 : ajouté 320 - 20009 BTS CONCEPTION DES PRODUITS INDUSTRIELS (session antérieure) : "
        "E1 BENEFICE, E2 BENEFICE (non vérifié : Code au format du guide, non confirmé)"
    ]
    done = service.publish(DIPLOMAS, ctx, seen, source="Essai", author=Author("t"))
    assert done.version is not None and done.version.version == 1
    refs = current_referentials(services.store, services.refs)
    [diploma] = refs.diplomas_for(CPI)
    assert not diploma.verified and [c.epreuve_code for c in diploma.covers] == ["E1", "E2"]
    assert refs.diplomas_for("32031213") == services.refs.diplomas_for("32031213")  # the others kept

    chat = to_establishment(Chat(services)).say("emile dubois").say("conception des produits industriels")
    if "ne propose pas" in chat.text:
        chat.click("Oui")
    chat.click("Publication seulement")
    assert "Possédez-vous" in chat.text, chat.text
    assert "☐ BTS CONCEPTION DES PRODUITS INDUSTRIELS (session antérieure)" in [
        b.title for r in chat.replies for b in r.buttons
    ]

    back = service.revert(DIPLOMAS, ctx, 0, author=Author("t")).version
    assert back is not None and back.version == 2 and back.restores == 0
    assert current_referentials(services.store, services.refs).diplomas_for(CPI) == ()
    entries = services.store.list_versions("diplomas")
    assert [e.version for e in entries] == [2, 1]


def test_the_command_line_lists_checks_publishes_and_goes_back(tmp_path):
    from tests.unit.test_lists_cli import run

    listed = run(tmp_path, "list", "--specialite", "32031213", kind="diplomes")
    assert listed.returncode == 0 and listed.stdout.startswith(
        "specialite;code;intitule;epreuve;position;verifie"
    )
    assert ";320 - 31209;" in listed.stdout and ";non;oui;" in listed.stdout  # an invented code, not verified
    bad = tmp_path / "bad.csv"
    bad.write_text("specialite;code;intitule;epreuve;position;verifie\n32020009;X;Y;E1;BENEFICE;non\n")
    refused = run(tmp_path, "import", str(bad), "--source", "essai", kind="diplomes")
    assert (
        refused.returncode == 2 and "ligne 2 : diplôme X : verifie = non demande une note" in refused.stderr
    )
    good = tmp_path / "good.csv"
    good.write_text(UPLOAD, encoding="utf-8")
    dry = run(tmp_path, "import", str(good), "--source", "Arrêté", "--dry-run", kind="diplomes")
    assert dry.returncode == 0 and "32020009 : ajouté 320 - 20009" in dry.stdout
    assert "Aucune version publiée" in run(tmp_path, "history", kind="diplomes").stdout
    assert "version 1" in run(tmp_path, "import", str(good), "--source", "Arrêté", kind="diplomes").stdout
    assert "320 - 20009" in run(tmp_path, "list", "--specialite", CPI, kind="diplomes").stdout
    assert run(tmp_path, "revert", "0", kind="diplomes").returncode == 0
    history = run(tmp_path, "history", kind="diplomes").stdout
    assert history.index("v2 (retour à la version 0)") < history.index("v1")
    assert "320 - 20009" not in run(tmp_path, "list", "--specialite", CPI, kind="diplomes").stdout
