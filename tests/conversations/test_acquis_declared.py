"""Acquis declared in words, through the real Rasa and action servers: a candidate of a specialty with a table but
no diploma list (CPI) declares a bénéfice; acquis declared for a specialty with no table survive the publication
of its table, the candidate matching each to its épreuves at the modification."""

from __future__ import annotations

import pytest

from registration.referentials import load_referentials
from tests.conversations.client import Candidate
from tests.conversations.driver import fill, open_dossier, pdf_text, validate
from tests.conversations.test_registrations import BASE, start, store_of, stored
from tests.conversations.test_tables_across_servers import publish_tourisme
from tests.unit.test_conversation_tables import TOURISME
from tests.unit.test_epreuve_versions import revert_table

pytestmark = pytest.mark.conversation

CPI = {
    **BASE,
    "nom": "Declarant",
    "date_naissance": "11/03/2001",
    "specialite": "conception des produits industriels",
    "acquis_declares": ("click", "Oui"),
    "declared_epreuve": "E1 Culture générale et expression, BTS CPI session 2024",
    "declared_annee": "2024",
    "declared_academie": "Lille",
    "declared_note": "13",
    "declared_match": [("click", "☐ E1"), ("click", "Suite")],
    "declared_more": ("click", "Non"),
}


def test_a_cpi_candidate_declares_a_benefice(stack):
    candidate = start(stack)
    fill(candidate, CPI, until="declared_match")
    assert "☐ E1" in " ".join(candidate.titles()) and "Je ne sais pas" in candidate.titles()
    fill(candidate, CPI)
    document = validate(candidate)
    content = stored(stack, document, "11/03/2001").content
    [item] = content["acquis_declares"]
    assert item["epreuve"] == CPI["declared_epreuve"] and item["annee"] == 2024 and item["note"] == 13.0
    assert item["epreuves"] == ["E1"] and item["position"] == "BENEFICE" and item["statut"] == "declare"
    status = {e["code"]: e["status"] for e in content["epreuves"]}
    assert status["E1"] == "ACQUIS" and status["E2"] == "INSCRIT"
    text = pdf_text(document["url"])
    assert "BTS CPI session 2024" in text and "BENEFICE E1" in text


TOURISME_PROFILE = {
    **BASE,
    "nom": "Survivant",
    "date_naissance": "22/09/2003",
    "specialite": "tourisme",
    "langues_souhait": [("click", "☐ Anglais"), ("click", "Suite")],
    "facultative_souhait": ("click", "Non"),
    "acquis_declares": ("click", "Oui"),
    "declared_epreuve": "Culture générale, BTS Tourisme 2023",
    "declared_annee": "2023",
    "declared_academie": ("click", "Non précisée"),
    "declared_note": "14",
    "declared_more": ("click", "Non"),
}


def test_a_declared_acquis_survives_the_publication_of_a_table(stack):
    candidate = start(stack)
    fill(candidate, TOURISME_PROFILE)
    document = validate(candidate)
    assert stored(stack, document, "22/09/2003").content["epreuves_table"]["level"] == "absent"
    store = store_of(stack)
    version = publish_tourisme(store)
    try:
        other = open_dossier(Candidate(stack.rasa_url), document["number"], "22/09/2003")
        assert "à compléter" in other.text and "Culture générale, BTS Tourisme 2023" in other.text
        other.click("Modifier")
        fill(
            other,
            {"epreuve_choice": ("click", "Anglais"), "facultatives": ("click", "Aucune")},
            until="declared_match",
        )
        assert "« Culture générale, BTS Tourisme 2023 »" in other.text
        other.click("☐ E1")
        other.click("Suite")
        assert "Récapitulatif" in other.text, other.text
        assert "E1 Culture générale et expression : ACQUIS" in other.text
        second = validate(other)
        revised = stored(stack, second, "22/09/2003").content
        [item] = revised["acquis_declares"]
        assert item["epreuve"] == "Culture générale, BTS Tourisme 2023" and item["note"] == 14.0
        assert item["epreuves"] == ["E1"]
        assert revised["epreuves_table"]["version"] == version
        assert {e["code"]: e["status"] for e in revised["epreuves"]}["E1"] == "ACQUIS"
    finally:
        revert_table(store, load_referentials(), TOURISME, 0)
