"""Attacks and faults against the running assistant (Rasa, action server, front server, store): trust holds."""

from __future__ import annotations

import json
import secrets
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import httpx
import pytest

from registration.helpdesk import HelpDesk
from registration.store import RESUME_ALPHABET, Store
from tests.conversations.client import Candidate
from tests.conversations.driver import current_question, fill, open_dossier, validate
from tests.conversations.test_registrations import BASE, store_of
from tests.samples import paris_candidate

pytestmark = pytest.mark.conversation


def front(stack, local_address: str) -> httpx.Client:
    """A browser-like client of the front server, connecting from its own loopback address."""
    return httpx.Client(
        base_url=stack.front_url, timeout=60, transport=httpx.HTTPTransport(local_address=local_address)
    )


def payload_of(replies: list[dict], title: str) -> str:
    return next(b["payload"] for r in replies for b in r.get("buttons") or [] if b["title"].startswith(title))


def stored_dossier(stack, academie: str, birth_date: str, email: str, **changes) -> tuple[Store, object]:
    content = paris_candidate()
    content["academie"] = {"code": academie, "name": changes.pop("academie_name", "Paris")}
    content["etat_civil"]["date_naissance"] = birth_date
    content["email"] = email
    for key, value in changes.items():
        content[key] = value
    store = store_of(stack)
    return store, store.validate(content, academie_code=academie, session=2027)


def give_legacy_number(store: Store, dossier_id: int, number: int) -> None:
    """The number a dossier had when numbers were counted per académie (the same in two académies)."""
    from registration.models import Dossier

    with store._sessions() as session, session.begin():
        session.get(Dossier, dossier_id).number = number


def listening_addresses(port: int) -> set[str]:
    """The local addresses listening on a TCP port, read from /proc/net/tcp{,6}."""
    found = set()
    for name in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{name}").read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_internal_services_listen_on_loopback_only(stack):
    for port in (stack.action_port, stack.rasa_port, stack.front_port):
        assert listening_addresses(port) <= {"0100007F", "00000000000000000000000001000000"}, port


def test_a_forged_action_call_is_refused(stack):
    tracker = {
        "sender_id": "test-victim",
        "latest_message": {"text": "répéter", "intent": {"name": "repeat"}},
        "events": [],
        "slots": {},
    }
    call = {
        "next_action": "action_registration_turn",
        "sender_id": "test-victim",
        "tracker": tracker,
        "domain": {},
        "version": "3.6.21",
    }
    assert httpx.post(stack.action_url, json=call, timeout=10).status_code == 403
    forged = httpx.post(stack.action_url, json=call, headers={"X-Action-Secret": "guess"}, timeout=10)
    assert forged.status_code == 403 and "Bonjour" not in forged.text
    assert httpx.get(stack.action_url.replace("/webhook", "/actions"), timeout=10).status_code == 403


def test_the_rasa_http_api_is_closed(stack):
    sender = "test-" + uuid.uuid4().hex[:8]
    Candidate(stack.rasa_url, sender=sender).say("bonjour")
    for path in (f"/conversations/{sender}/tracker", "/status", "/version/../status"):
        assert httpx.get(stack.rasa_url + path, timeout=10).status_code in (401, 403, 404), path
    assert httpx.post(stack.rasa_url + "/model/parse", json={"text": "x"}, timeout=10).status_code in (
        401,
        403,
        404,
        405,
    )


def test_a_sender_chosen_by_the_browser_is_refused(stack):
    with front(stack, "127.0.0.5") as client:
        response = client.post("/api/message", json={"sender": "telegram-12345", "message": "répéter"})
        assert response.status_code == 400
        assert client.post("/api/message", json={"message": "bonjour"}).status_code == 200


def random_code() -> str:
    raw = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def test_thirty_wrong_resume_codes_give_429s(stack):
    with front(stack, "127.0.0.2") as client:
        client.post("/api/message", json={"message": "bonjour"})
        statuses = [
            client.post("/api/message", json={"message": f"reprendre {random_code()}"}).status_code
            for _ in range(30)
        ]
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429] * 20
    # Without keeping the cookie (a new conversation each time), the network address is still counted.
    statuses = []
    for _ in range(12):
        with front(stack, "127.0.0.3") as cookieless:
            response = cookieless.post("/api/message", json={"message": f"reprendre {random_code()}"})
            statuses.append(response.status_code)
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429]
    assert "Trop d'essais" in json.dumps(response.json(), ensure_ascii=False)
    assert int(response.headers["retry-after"]) > 0


def test_fifty_parallel_wrong_dates_record_at_most_the_limit(stack):
    email = f"owner-{uuid.uuid4().hex[:8]}@exemple.fr"
    _, dossier = stored_dossier(stack, "01", "14/07/2001", email)

    def attempt(index: int) -> int:
        with front(stack, "127.0.0.4") as client:
            replies = client.post("/api/message", json={"message": "bonjour"}).json()
            client.post("/api/message", json={"message": payload_of(replies, "Consulter")})
            client.post("/api/message", json={"message": str(dossier.number)})
            return client.post("/api/message", json={"message": f"{index % 28 + 1:02d}/01/1990"}).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(attempt, range(50)))
    assert statuses.count(200) <= 10 and statuses.count(429) >= 40, statuses
    # The real owner, on their own phone (another client), is not locked out by the guesses.
    owner = open_dossier(Candidate(stack.rasa_url), str(dossier.number), "14/07/2001")
    assert dossier.label in owner.text


def test_the_owner_is_told_when_a_dossier_number_turns_hot(stack):
    email = f"hot-{uuid.uuid4().hex[:8]}@exemple.fr"
    _, dossier = stored_dossier(stack, "01", "15/08/2002", email)
    for index in range(10):
        guesser = Candidate(stack.rasa_url)
        guesser.say("bonjour")
        guesser.click("Consulter ou modifier")
        guesser.say(str(dossier.number))
        guesser.say(f"{index + 1:02d}/02/1999")
    outbox = Path(stack.extra_env["BTS_OUTBOX_DIR"])
    messages = [message_from_bytes(p.read_bytes(), policy=default) for p in outbox.glob("*.eml")]
    notices = [m for m in messages if m["To"] == email]
    assert len(notices) == 1 and "tentatives d'accès" in str(notices[0]["Subject"])
    assert "n'a pas été ouvert" in notices[0].get_body().get_content()


def test_a_move_to_another_academie_never_touches_another_dossier(stack):
    limoges = {
        "a_l_etranger": False,
        "adresse": "4 rue Jean Jaurès",
        "complement": "",
        "lieu_dit": "",
        "code_postal": "87000",
        "localite": "LIMOGES",
        "pays": "France",
        "pays_code": "FR",
    }
    store, mine = stored_dossier(
        stack, "22", "21/06/2003", "mine@exemple.fr", academie_name="Limoges", residence=limoges
    )
    other = stored_dossier(stack, "19", "01/01/2000", "other@exemple.fr", academie_name="Reims")[1]
    give_legacy_number(store, other.dossier_id, mine.number)  # numbered per académie, as before
    candidate = open_dossier(Candidate(stack.rasa_url), str(mine.number), "21/06/2003")
    candidate.click("Modifier")
    candidate.say("modifier adresse")
    fill(
        candidate, {**BASE, "adresse": "8 place Drouet d'Erlon", "code_postal": "51100", "localite": "Reims"}
    )
    assert "un changement d'académie ne peut pas se faire ici" in candidate.text
    document = validate(candidate)
    assert document["dossier"] == f"{mine.number} – 1"
    mine_now = store.get_dossier("22", 2027, mine.number)
    assert mine_now.content["residence"]["code_postal"] == "87000"
    other_now = store.get_dossier("19", 2027, mine.number)
    assert other_now.revision == 0 and [r.revision for r in store.revisions(other_now.id)] == [0]


def corse_dossiers(store: Store) -> int:
    from registration.models import Dossier

    return store.transaction(lambda session: session.query(Dossier).filter_by(academie_code="27").count())


def test_validation_after_closing_writes_no_dossier(stack):
    store = store_of(stack)
    before = corse_dossiers(store)
    candidate = Candidate(stack.rasa_url)
    candidate.say("bonjour")
    profile = {
        **BASE,
        "nom": "Santoni",
        "date_naissance": "02/02/2002",
        "code_postal": ["20000", "répéter"],
        "localite": "Ajaccio",
        "categorie": ("click", "Candidat individuel"),
        "etablissement": ("click", "CANDIDATS INDIVIDUELS"),
    }
    fill(candidate, profile)
    candidate.click("Valider votre inscription")
    assert "n'a pas été enregistrée" in candidate.text and "closes" in candidate.text
    assert candidate.document is None
    assert corse_dossiers(store) == before


def test_a_crash_between_dossier_and_pdf_then_valider_again_gives_one_dossier(stack):
    candidate = Candidate(stack.rasa_url)
    candidate.say("bonjour")
    fill(candidate, {**BASE, "nom": "Crashtest", "date_naissance": "11/11/2001"})
    stack.restart_actions({"BTS_FAULT_POINT": "after_dossier"})
    crashing = stack.named["actions"]  # the supervisor starts another one once this one dies
    try:
        payload = payload_of(candidate.last, "Valider votre inscription")
        httpx.post(
            f"{stack.rasa_url}/webhooks/rest/webhook",
            json={"sender": candidate.sender, "message": payload},
            timeout=60,
        )
        assert crashing.wait(timeout=30) == 75  # died after the dossier was committed
    finally:
        stack.restart_actions()
    candidate.say(payload)
    document = candidate.document
    assert document and document["dossier"].endswith("– 0"), candidate.text
    store = store_of(stack)
    found = store.find_dossiers(document["number"], "11/11/2001")
    assert len(found) == 1
    assert [bool(r.pdf) for r in store.revisions(found[0].id)] == [True]
    assert httpx.get(document["url"], timeout=30).content.startswith(b"%PDF")


def test_two_concurrent_modifications_give_one_revision_and_one_refusal(stack):
    store, dossier = stored_dossier(stack, "01", "30/04/2000", "twice@exemple.fr")
    sessions = []
    for _ in range(2):
        candidate = open_dossier(Candidate(stack.rasa_url), str(dossier.number), "30/04/2000")
        candidate.click("Modifier")
        sessions.append(candidate)
    payloads = [payload_of(c.last, "Valider votre inscription") for c in sessions]
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda pair: pair[0].say(pair[1]), zip(sessions, payloads, strict=False)))
    winners = [c for c in sessions if c.document]
    losers = [c for c in sessions if not c.document]
    assert len(winners) == 1 and len(losers) == 1
    assert "modifié entre-temps" in losers[0].text and f"{dossier.number} – 1" in losers[0].text
    assert [r.revision for r in store.revisions(dossier.dossier_id)] == [0, 1]


def test_a_stale_button_gets_the_current_question(stack):
    candidate = Candidate(stack.rasa_url)
    replies = candidate.say("bonjour")
    old = payload_of(replies, "Consulter ou modifier")  # the first question's button
    candidate.click("M'inscrire")
    asked = current_question(candidate)
    candidate.say(old)
    assert "cette question a changé" in candidate.text
    assert current_question(candidate) == asked
    assert store_of(stack).load_draft(candidate.sender)["answers"]["start"] == "new"


def test_a_text_that_answers_the_question_is_not_a_help_desk_request(stack):
    candidate = Candidate(stack.rasa_url)
    candidate.say("bonjour")
    fill(candidate, BASE, until="specialite")
    before = len(HelpDesk(store_of(stack)).requests())
    candidate.say("Services informatiques aux organisations option B")
    assert len(HelpDesk(store_of(stack)).requests()) == before
    assert current_question(candidate) != "specialite" or "Services informatiques" in candidate.text


def test_no_personal_data_in_logs_and_private_files(stack):
    candidate = Candidate(stack.rasa_url)
    candidate.say("bonjour")
    profile = {
        **BASE,
        "nom": "Quintavalle",
        "prenoms": "Zéphyrine",
        "date_naissance": "17/03/2003",
        "email": "zephyrine.quintavalle@exemple.fr",
    }
    fill(candidate, profile)
    document = validate(candidate)
    token = document["url"].rsplit("/", 1)[1]
    httpx.get(document["url"], timeout=30)
    var = Path(stack.var_dir)
    for log in var.glob("*.log"):
        text = log.read_text(errors="replace").lower()
        for secret in ("quintavalle", "zéphyrine", "zephyrine", "17/03/2003", token.lower()):
            assert secret not in text, (log.name, secret)
    for path in [
        *var.glob("*.sqlite3"),
        *Path(stack.extra_env["BTS_OUTBOX_DIR"]).glob("*.eml"),
        var / "secrets.env",
    ]:
        assert path.stat().st_mode & 0o077 == 0, path


def test_abandon_erases_the_conversation_everywhere(stack):
    from sqlalchemy import create_engine, text

    candidate = Candidate(stack.rasa_url)
    candidate.say("bonjour")
    fill(candidate, {**BASE, "nom": "Effaceur"}, until="lieu_naissance")
    HelpDesk(store_of(stack)).open_request(
        candidate.sender,
        "conseiller",
        {"answers": {"nom": "EFFACEUR"}},
        academie_code=None,
        step="lieu_naissance",
    )
    candidate.say("abandon")
    candidate.click("Oui, abandonner")
    time.sleep(3)  # the erasure is repeated once Rasa has saved the abandon turn
    engine = create_engine(f"sqlite:///{stack.var_dir / 'trackers.sqlite3'}")
    with engine.connect() as connection:
        rows = connection.execute(
            text("select data from events where sender_id = :s"), {"s": candidate.sender}
        ).fetchall()
    engine.dispose()
    assert not any("Effaceur".lower() in (row[0] or "").lower() for row in rows)
    assert store_of(stack).load_draft(candidate.sender) is None
    assert all(h.sender_id != candidate.sender for h in HelpDesk(store_of(stack)).requests())
