"""Acquis, épreuves, former candidates, consultation and modification, through the real Rasa and action servers."""

from __future__ import annotations

import pytest

from tests.conversations.client import Candidate
from tests.conversations.driver import current_question, fill, open_dossier, pdf_text, validate
from tests.conversations.test_registrations import BASE, start, store_of, stored

pytestmark = pytest.mark.conversation

SAME_BTS = "☐ BREVET DE TECHNICIEN SUPERIEUR - MANAGEMENT COMMERCIAL OPERATIONNEL"
LICENCE = "☐ LICENCE, MASTER"
PROGRESSIVE = {
    **BASE,
    "categorie": ("click", "Formation professionnelle continue — établissement public"),
    "forme": ("click", "Forme progressive"),
}


def up_to_acquis(stack, profile: dict) -> Candidate:
    candidate = start(stack)
    fill(candidate, profile, until="acquis_diplomas")
    return candidate


def keep_only(candidate: Candidate, keep: dict[str, list[str]]) -> None:
    """Answers the « conserver cet acquis ? » questions: épreuve code → answers (year, académie, mark)."""
    for _ in range(20):
        if current_question(candidate) != "acquis_keep":
            return
        text = candidate.text.split("Épreuve ")[-1]
        code = text.split()[0]
        if code in keep:
            candidate.click("Oui")
            for value in keep[code]:
                candidate.say(value)
        else:
            candidate.click("Non")


def test_progressive_candidate_keeps_a_mark_of_8(stack):
    candidate = up_to_acquis(stack, {**PROGRESSIVE, "nom": "Benali", "date_naissance": "14/07/1998"})
    candidate.click(SAME_BTS)
    candidate.click("Suite")
    keep_only(candidate, {"E1": ["2024", "Paris", "8"]})
    assert "E1 Culture générale et expression — BENEFICE — 8.00" in candidate.text
    candidate.click("Suite")
    assert current_question(candidate) == "epreuves_progressive"
    candidate.click("☐ E5")
    candidate.click("☐ E2")
    candidate.click("Suite")
    fill(candidate, {"epreuve_choice": ("click", "Anglais"), "facultatives": ("click", "Aucune")})
    document = validate(candidate)
    content = stored(stack, document, "14/07/1998").content
    assert content["acquis"] == [
        {
            "diplome_code": "320 - 31213",
            "diplome_title": content["acquis"][0]["diplome_title"],
            "epreuve_code": "E1",
            "epreuve_title": "Culture générale et expression",
            "position": "BENEFICE",
            "annee": 2024,
            "academie": "Paris",
            "note": 8.0,
        }
    ]
    status = {e["code"]: e["status"] for e in content["epreuves"]}
    assert status["E1"] == "ACQUIS" and status["E5"] == "INSCRIT" and status["E2"] == "INSCRIT"
    assert status["E4"] == "NON INSCRIT"
    text = pdf_text(document["url"])
    assert "BENEFICE" in text and "8.00" in text and "Anglais" in text


def test_marks_and_years_refused(stack):
    candidate = up_to_acquis(stack, {**BASE, "nom": "Moreau", "date_naissance": "01/01/2000"})
    candidate.click(SAME_BTS)
    candidate.click("Suite")
    assert current_question(candidate) == "acquis_keep"
    candidate.click("Oui")
    candidate.say("2020")  # seven years before the 2027 session
    assert "5 ans" in candidate.text and current_question(candidate) == "acquis_annee"
    assert "Ne pas garder cette note" in [b["title"] for b in candidate.buttons]  # a way out, not a loop
    candidate.say("2024")
    candidate.say("Lyon")
    candidate.say("8")  # forme globale: a mark below 10 is not kept
    assert "progressive" in candidate.text and current_question(candidate) == "acquis_note"
    candidate.say("21")
    assert "20" in candidate.text and current_question(candidate) == "acquis_note"
    candidate.say("12,5")
    assert current_question(candidate) == "acquis_keep"


def test_a_mark_that_cannot_be_kept_is_given_up_with_a_button(stack):
    """A bénéfice of 2020 for the 2027 session (more than 5 years), then a mark of 8 in forme globale: each
    time « Ne pas garder cette note » ends the loop; the épreuve is then to sit, and no acquis is kept."""
    candidate = up_to_acquis(stack, {**BASE, "nom": "Girard", "date_naissance": "02/02/2000"})
    candidate.click(SAME_BTS)
    candidate.click("Suite")
    candidate.click("Oui")
    candidate.say("2020")
    candidate.click("Ne pas garder cette note")
    assert current_question(candidate) == "acquis_keep"  # the next épreuve
    candidate.click("Oui")
    for typed in ("2024", "Lyon", "8"):
        candidate.say(typed)
    assert current_question(candidate) == "acquis_note"
    candidate.click("Ne pas garder cette note")
    keep_only(candidate, {})
    assert "Aucun acquis retenu" in candidate.text


def test_former_candidate_with_two_benefices_and_a_dispense(stack):
    candidate = start(stack)
    candidate.click("M'inscrire")
    candidate.click("Oui")
    candidate.say("2025 01 123456")
    candidate.say("12/02/2003")
    assert "DUBOIS" in candidate.text and "ne peut pas être modifié" in candidate.text
    keep = {
        "nom_usage": ("click", "Garder"),
        "prenoms": ("click", "Garder"),
        "naissance_lieu": ("click", "Garder"),
        "naissance_departement": ("click", "Garder"),
        "naissance_arrondissement": ("click", "Garder"),
        "residence_lieu": ("click", "Garder"),
        "adresse": ("click", "Garder"),
        "lieu_dit": ("click", "Garder"),
        "code_postal": ("click", "Garder"),
        "localite": ("click", "Garder"),
        "email": ("click", "Garder"),
        "categorie": ("click", "Candidat individuel"),
        "handicap": ("click", "Non"),
        "etablissement": ("click", "CANDIDATS INDIVIDUELS - PARIS"),
        "specialite": ("click", "Garder"),
        "consent_press": ("click", "Non"),
        "consent_collectivites": ("click", "Non"),
        "acquis_diplomas": ("click", "Suite"),
        "acquis_keep": ("click", "Garder"),
        "acquis_annee": ("click", "Garder"),
        "acquis_academie": ("click", "Garder"),
        "acquis_note": ("click", "Garder"),
        "acquis_bilan": ("click", "Suite"),
        "epreuve_choice": ("click", "Anglais"),
        "facultatives": ("click", "Aucune"),
    }
    fill(candidate, keep, until="acquis_diplomas")
    assert "☑" in " ".join(candidate.titles())  # diplomas pre-ticked from the former registration
    fill(candidate, keep)
    document = validate(candidate)
    content = stored(stack, document, "12/02/2003").content
    assert content["etat_civil"]["nom"] == "DUBOIS"
    assert content["former_candidate_number"] == "202501123456"
    positions = sorted((a["epreuve_code"], a["position"]) for a in content["acquis"])
    assert positions.count(("E1", "DISPENSE")) == 1
    assert sum(1 for _, p in positions if p == "BENEFICE") == 2
    text = pdf_text(document["url"])
    assert "DISPENSE" in text and "BENEFICE" in text and "DUBOIS" in text


def test_modification_of_the_address_gives_revision_1(stack):
    candidate = start(stack)
    fill(candidate, {**BASE, "nom": "Garnier", "date_naissance": "20/10/2002"})
    first = validate(candidate)
    number = first["number"]
    other = open_dossier(Candidate(stack.rasa_url), str(number), "20/10/2002")
    assert f"{number} – 0" in other.text and "GARNIER" in other.text
    other.click("Modifier")
    other.say("modifier adresse")
    fill(other, {**BASE, "adresse": "3 place Bellecour", "code_postal": "75002", "localite": "Paris"})
    second = validate(other)
    assert second["dossier"] == f"{number} – 1"
    store = store_of(stack)
    dossier = stored(stack, second, "20/10/2002")
    revisions = store.revisions(dossier.id)
    assert [r.revision for r in revisions] == [0, 1]
    assert revisions[0].content["residence"]["adresse"] == "12 rue de la Paix"
    assert revisions[1].content["residence"]["adresse"] == "3 place Bellecour"
    assert all(r.pdf for r in revisions)
    assert "3 place Bellecour".upper() in pdf_text(second["url"]).upper()


def test_a_modification_asked_in_words_from_the_first_message(stack):
    """« je veux modifier mon inscription » opens the consultation (never a new registration), « modifier mon
    adresse » at its menu asks the address at once, and the new address is the one the dossier keeps."""
    candidate = start(stack)
    fill(candidate, {**BASE, "nom": "Mots", "date_naissance": "21/10/2002"})
    number = validate(candidate)["number"]
    other = Candidate(stack.rasa_url)
    other.say("je veux modifier mon inscription")
    assert "numéro de dossier" in other.text and "déjà été candidat" not in other.text
    other.say(str(number))
    other.say("21 octobre 2002")
    other.say("modifier mon adresse")
    assert current_question(other) == "adresse_complete", other.text
    other.say("3 place des Vosges 75004 Paris")
    second = validate(other)
    assert second["dossier"] == f"{number} – 1"
    assert stored(stack, second, "21/10/2002").content["residence"]["adresse"] == "3 place des Vosges"


def test_consultation_after_the_closing_time(stack):
    from tests.samples import paris_candidate

    content = paris_candidate()
    content["academie"] = {"code": "27", "name": "Corse"}
    content["etat_civil"]["date_naissance"] = "09/09/2001"
    revision = store_of(stack).validate(content, academie_code="27", session=2027)
    candidate = open_dossier(Candidate(stack.rasa_url), str(revision.number), "09/09/2001")
    assert revision.label in candidate.text
    assert "plus le modifier" in candidate.text
    assert "Modifier" not in candidate.titles()


def test_ten_wrong_dates_stop_this_client_not_the_owner(stack):
    candidate = start(stack)
    fill(candidate, {**BASE, "nom": "Petit", "date_naissance": "05/05/2005"})
    number = validate(candidate)["number"]
    intruder = Candidate(stack.rasa_url)
    intruder.say("bonjour")
    intruder.click("Consulter ou modifier")
    messages = set()
    for attempt in range(10):
        intruder.say(str(number))
        intruder.say(f"{attempt + 1:02d}/01/2000")
        messages.add(intruder.text.split("\n")[0])
    intruder.say(str(number))
    intruder.say("05/05/2005")  # even the right date is refused for this client now
    assert "Trop d'essais" in intruder.text
    assert any(m.get("custom", {}).get("type") == "throttled" for m in intruder.last)
    owner = Candidate(stack.rasa_url)  # the owner, elsewhere, still gets in
    owner.say("bonjour")
    owner.click("Consulter ou modifier")
    owner.say(str(number))
    owner.say("05/05/2005")
    assert f"{number} – 0" in owner.text
    wrong_number = open_dossier(Candidate(stack.rasa_url), "99999", "05/05/2005")
    assert wrong_number.text.split("\n")[0] in messages  # the same message, whichever was wrong
