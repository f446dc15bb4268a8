"""A table published once is used at once by every server: two assistants (each its own Rasa, action server and
front) share one store, as the servers of a cluster do; a table published while both run reaches the next
candidate of each, with no restart, and going back reaches them too."""

from __future__ import annotations

import pytest

from registration.referentials import load_referentials
from registration.referentials.epreuve_tsv import parse_epreuve_tsv
from registration.store import Store
from tests.conftest import _running_stack, rasa_environment
from tests.conversations.driver import fill, validate
from tests.conversations.test_registrations import BASE, start
from tests.unit.test_conversation_tables import TABLE, TOURISME
from tests.unit.test_epreuve_versions import publish_table, revert_table

pytestmark = pytest.mark.conversation

PROFILE = {
    **BASE,
    "nom": "Partout",
    "specialite": "tourisme",
    "epreuve_choice": ("click", "Anglais"),
    "facultatives": ("click", "Aucune"),
}


@pytest.fixture(scope="module")
def second_server(stack, tmp_path_factory):
    """Another assistant on the same store (its own Rasa, action server and front)."""
    rasa_venv, model = rasa_environment()
    var_dir = tmp_path_factory.mktemp("second")
    yield from _running_stack(rasa_venv, model, var_dir, {"DATABASE_URL": stack.extra_env["DATABASE_URL"]})


def publish_tourisme(store: Store) -> int:
    refs = load_referentials()
    report = parse_epreuve_tsv(TABLE, refs.specialites[TOURISME], source="Table publiée", source_date=None)
    assert report.table is not None, report.problems
    return publish_table(store, refs, report.table).version


def registered(server, born: str) -> dict:
    candidate = start(server)
    fill(candidate, {**PROFILE, "date_naissance": born})
    document = validate(candidate)
    [dossier] = Store(server.extra_env["DATABASE_URL"]).find_dossiers(document["number"], born)
    return dossier.content


def test_a_publication_reaches_every_server_at_once(stack, second_server):
    store = Store(stack.extra_env["DATABASE_URL"])
    before = start(second_server)
    fill(before, {**PROFILE, "date_naissance": "01/02/2006"}, until="specialite")  # both servers are running
    version = publish_tourisme(store)
    for server, born in ((second_server, "02/02/2006"), (stack, "03/02/2006")):
        content = registered(server, born)
        assert (
            content["epreuves_table"]["version"] == version and content["epreuves_table"]["level"] != "absent"
        )
        chosen = {e["code"]: e.get("choice") for e in content["epreuves"]}
        assert chosen["E21"] == "Anglais" and "E3" in chosen
    restored = revert_table(store, load_referentials(), TOURISME, 0)
    again = start(second_server)
    fill(again, {**PROFILE, "date_naissance": "04/02/2006"}, until="specialite")
    again.say("tourisme")
    assert "seront saisies par le service des examens" in again.text, again.dump()[-1500:]
    assert restored.version == version + 1
