"""Every field a candidate gives, typed in conversation (engine without Rasa, real store), is read back from
both exports, the CSV and the JSON lines (a declared acquis too, once matched to an épreuve of a table published
since); a dossier validated just after midnight is listed under its Paris day."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from bot.console.pages import paris
from registration.backoffice.export import HEADER, stream
from registration.backoffice.search import DossierQuery, search
from registration.settings import now
from tests.unit.test_conversation import Chat, services  # noqa: F401  (the fixture)
from tests.unit.test_conversation_tables import publish_tourisme

# Content keys derived from another answer (a code's name, a type read in the referentials) or flags that the
# columns say otherwise (« oui »/« non », the 99999 of an address abroad); everything else must be exported.
DERIVED = {
    "departement_nom",
    "type",
    "en_france",
    "a_l_etranger",
    "conversation_answers",
    "epreuves_table",
    "statut",
}


def register(chat: Chat, birthplace: str, address: str, *after_address: str) -> dict[str, Any]:
    chat.say("bonjour", "greet", 1.0).click("M'inscrire").click("Non")
    chat.say("LEFÈVRE Léa Marie").click("Ajouter un nom d'usage").say("Durand").say("03/05/2004")
    chat.say(birthplace).say(address)
    for step in after_address:
        chat.click(step[1:]) if step.startswith("!") else chat.say(step)
    chat.say("lea@example.org").click("Scolaire").click("Oui")
    return chat


def to_summary(chat: Chat) -> Chat:
    if "Scolaire — établissement public" in [b.title for r in chat.replies for b in r.buttons]:
        chat.click("Scolaire — établissement public")  # an unlisted establishment: its category is asked
    chat.say("tourisme")
    if "ne propose pas" in chat.text:
        chat.click("Oui")
    chat.click("Publication seulement").click("☐ Anglais").click("Suite")
    chat.click("Oui").say("Espagnol")  # a facultative wished
    chat.click("Oui").say("E1 Culture générale et expression").say("2024").say("Rennes").say("12,5").click(
        "Non"
    )
    assert "Récapitulatif" in chat.text, chat.text
    chat.click("Valider votre inscription")
    assert "Notez votre numéro de dossier" in chat.text, chat.text
    return chat


def exported(services) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:  # noqa: F811
    text = b"".join(stream(services.store, DossierQuery(), None, "csv")).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    lines = b"".join(stream(services.store, DossierQuery(), None, "jsonl")).decode().splitlines()
    return rows, [json.loads(line) for line in lines]


def leaves(value: Any, key: str = "") -> list[tuple[str, str]]:
    """(key, text) of every string the dossier content holds, the derived ones left out."""
    if key in DERIVED:
        return []
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in leaves(v, k)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in leaves(item, key)]
    return [(key, value)] if isinstance(value, str) and value else []


def assert_everything_exported(content: dict[str, Any], row: dict[str, str], line: dict[str, Any]) -> None:
    cells = " ‖ ".join(row.values())
    flat = json.dumps(line, ensure_ascii=False)
    for key, text in leaves(content):
        assert text in cells, f"{key}={text!r} is in no CSV column"
        assert json.dumps(text, ensure_ascii=False)[1:-1] in flat, f"{key}={text!r} is in no JSON key"


def test_every_field_given_in_france_is_in_both_exports(services):  # noqa: F811
    chat = register(
        Chat(services),
        "Paris 15e",
        "12 rue de la Paix 75014 Paris",
        "!Ajouter un complément d'adresse",
        "Bâtiment C escalier 2",
    )
    to_summary(
        chat.click("Mon établissement n'est pas dans la liste").say("Lycée des Oliviers").say("Vanves")
    )
    [dossier] = services.store.find_dossiers(1, "03/05/2004")
    [row], [line] = exported(services)
    assert row["complement_adresse"] == line["complement_adresse"] == "Bâtiment C escalier 2"
    assert row["arrondissement_naissance"] == "15" and row["nom_usage"] == "DURAND"
    assert row["etablissement"] == "Lycée des Oliviers" and row["etablissement_commune"] == "VANVES"
    assert row["etablissement_non_reference"] == "oui" and row["amenagement_epreuves"] == "oui"
    assert "Espagnol" in row["souhaits"] and "Rennes" in row["acquis_declares"]
    assert line["acquis_declares"][0]["note"] == 12.5
    assert row["acquis_declares_epreuves"] == "non rapproché"  # no table yet: matched to no épreuve
    assert set(line) >= set(HEADER)
    assert_everything_exported(dossier.content, row, line)

    # The service publishes the specialty's table: the candidate matches the declared acquis to its épreuve.
    publish_tourisme(services)
    chat = Chat(services, "unit-2").say("bonjour", "greet", 1.0).click("Consulter").say("1").say("03/05/2004")
    chat.click("Modifier").click("Anglais").click("Aucune")  # the new table's own questions
    assert "« E1 Culture générale et expression »" in chat.text, chat.text
    chat.click("☐ E1").click("Suite")
    assert "Récapitulatif" in chat.text, chat.text
    chat.click("Valider votre inscription")
    [dossier] = services.store.find_dossiers(1, "03/05/2004")
    assert dossier.revision == 1 and dossier.content["acquis_declares"][0]["epreuves"] == ["E1"]
    [row], [line] = exported(services)
    assert row["acquis_declares_epreuves"] == line["acquis_declares_epreuves"] == "E1 : BENEFICE, retenu"
    assert "Rennes" in row["acquis_declares"] and "note 12,5/20" in row["acquis_declares"]
    assert "E1 Culture générale et expression : ACQUIS" in row["epreuves"]
    [declared] = line["acquis_declares"]
    assert (declared["epreuves"], declared["position"], declared["retenu"]) == (["E1"], "BENEFICE", True)
    assert_everything_exported(dossier.content, row, line)


def test_an_address_abroad_keeps_its_postal_code_and_town_in_both_exports(services):  # noqa: F811
    chat = register(Chat(services), "Casablanca, Maroc", "Via Roma 10, 00184 Rome, Italie")
    to_summary(chat.click("Mon établissement n'est pas dans la liste").say("Liceo Dante").say("Rome"))
    [dossier] = services.store.find_dossiers(1, "03/05/2004")
    [row], [line] = exported(services)
    assert row["code_postal"] == "99999" and row["pays_residence_code"] == "IT"
    assert row["code_postal_et_ville_etranger"] == line["code_postal_et_ville_etranger"] == "00184 Rome"
    assert row["complement_adresse"] == "" and row["pays_naissance_code"] == "MA"
    assert_everything_exported(dossier.content, row, line)


def test_a_dossier_validated_at_half_past_midnight_is_of_that_paris_day(services, monkeypatch):  # noqa: F811
    monkeypatch.setenv("BTS_NOW", "2027-01-12T00:30:00")  # the project's clock, after the fixture's
    services.store.validate(
        {
            "academie": {"code": "01", "name": "Paris"},
            "etat_civil": {"nom": "NUIT", "date_naissance": "01/01/2004"},
        },
        academie_code="01",
        session=2027,
        validated_at=now(),
    )
    [row], [line] = exported(services)
    assert row["date_validation"] == line["date_validation"] == "12/01/2027"
    page = search(services.store, DossierQuery(date_from=date(2027, 1, 12), date_to=date(2027, 1, 12)), None)
    assert page.total == 1 and page.rows[0].validated_at is not None
    assert paris(page.rows[0].validated_at, "%d/%m/%Y %H:%M") == "12/01/2027 00:30"
