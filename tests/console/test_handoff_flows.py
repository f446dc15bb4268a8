"""Hand-offs from end to end, against the running assistant: a web candidate and a conseiller in Chromium,
a Telegram candidate (the local Bot API server of the Telegram tests), a dossier started by phone."""

from __future__ import annotations

import re
import time
import uuid

import httpx
import pytest

from registration.staff.directory import StaffDirectory
from registration.store import Store
from tests.browser.chat import KeyboardCandidate
from tests.conversations.client import Candidate
from tests.conversations.test_registrations import BASE
from tests.telegram.harness import TOKEN, Harness, TelegramUser
from tests.telegram.test_whole_stack import BASE as TELEGRAM_BASE
from tests.telegram.test_whole_stack import new_chat_id

pytestmark = pytest.mark.conversation

PASSWORD = "un mot de passe long et sûr"
PROFILE = {"acquis_diplomas": ("click", "Aucun"), **BASE}


def staff_account(stack, role: str = "conseiller", academies: tuple[str, ...] = ("01",)) -> str:
    email = f"conseiller-{uuid.uuid4().hex[:8]}@ac-paris.fr"
    directory = StaffDirectory(Store(stack.extra_env["DATABASE_URL"]))
    directory.add(email, PASSWORD, role=role, academies=academies)
    return email


def wait_for(check, what: str, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"{what} did not happen within {seconds:.0f} s")


def log_in_page(page, base: str, email: str) -> None:
    page.goto(base + "/conseillers/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r".*/conseillers/$"))


def test_a_web_candidate_talks_to_a_conseiller_who_corrects_the_email(stack, new_page):
    from tests.browser.test_webchat import assert_no_violations

    email = staff_account(stack)
    candidate_page = new_page()
    candidate = KeyboardCandidate(candidate_page)
    candidate.open(stack.front_url + "/")
    candidate.fill({**PROFILE, "nom": "Aidé", "email": "mauvaise.adresse@exemple.fr"})  # « Aidé » is a name
    candidate.type("conseiller")
    assert "Un conseiller vous écrira ici même" in candidate.last_bot_text()

    console = new_page()
    log_in_page(console, stack.front_url, email)
    assert_no_violations(console, "on the queue")
    from registration.helpdesk import HelpDesk

    desk = HelpDesk(Store(stack.extra_env["DATABASE_URL"]))
    mine = [r for r in desk.requests() if (r.state.get("answers") or {}).get("nom") == "AIDÉ"]
    assert len(mine) == 1 and mine[0].step == "summary"
    link = console.get_by_role("link", name=f"Demande n° {mine[0].id}", exact=True)
    wait_for(lambda: link.count() == 1, "the request in the queue (refreshed every 5 s)", 20)
    link.click()
    assert "mauvaise.adresse@exemple.fr" in console.locator(".summary").inner_text()
    assert "conseiller" in console.locator(".transcript").first.inner_text()
    assert_no_violations(console, "on a request")
    console.get_by_role("button", name="Prendre en charge").click()
    console.get_by_label("Votre message au candidat").fill("Bonjour, je corrige votre adresse électronique.")
    console.get_by_role("button", name="Envoyer").click()

    wait_for(
        lambda: "je corrige votre adresse" in candidate_page.locator("#messages").inner_text(),
        "the conseiller's message in the web chat",
    )
    assert candidate_page.locator(".msg__who", has_text="Conseiller").count() >= 1
    # While the conseiller holds the conversation the assistant stays quiet: no reply to wait for.
    candidate_page.locator("#answer").fill("merci, la bonne adresse est lea.bonne@exemple.fr")
    candidate_page.keyboard.press("Enter")
    wait_for(
        lambda: "lea.bonne@exemple.fr" in console.locator("#messages").inner_text(),
        "the candidate's answer in the console",
    )

    console.get_by_label("Question à corriger").select_option("email")
    console.get_by_label("Nouvelle réponse").fill("lea.bonne@exemple.fr")
    console.get_by_role("button", name="Enregistrer la réponse").click()
    assert "Réponse corrigée" in console.locator("main").inner_text()
    console.get_by_label("Issue de la demande").fill("Adresse électronique corrigée")
    console.get_by_role("button", name="Rendre la main au candidat").click()

    wait_for(lambda: "rend la main" in candidate_page.locator("#messages").inner_text(), "the hand-back")
    wait_for(lambda: candidate.question() == "summary", "the summary after the hand-back")
    candidate.choose("Valider votre inscription")
    document = candidate_page.locator("a.document-link")
    assert document.count() == 1
    store = Store(stack.extra_env["DATABASE_URL"])
    [dossier] = [
        d
        for d in store.find_dossiers(
            int(re.search(r"dossier (\d+)", document.inner_text()).group(1)), "03/05/2004"
        )
        if d.content["etat_civil"]["nom"] == "AIDÉ"
    ]
    assert dossier.content["email"] == "lea.bonne@exemple.fr"

    responsable = staff_account(stack, role="responsable", academies=())
    console.context.clear_cookies()
    log_in_page(console, stack.front_url, responsable)
    console.goto(stack.front_url + "/conseillers/journal")
    journal = console.locator("main").inner_text()
    assert "correction" in journal and "lea.bonne@exemple.fr" in journal and email in journal
    assert_no_violations(console, "on the audit log")
    console.goto(stack.front_url + "/conseillers/nouveau-dossier")
    assert_no_violations(console, "on the staff-started dossier page")


def in_process_console(stack, monkeypatch, harness: Harness) -> httpx.Client:
    """The front server's code in this process, with the Telegram settings of the harness."""
    from starlette.testclient import TestClient

    from bot.front import build_app

    monkeypatch.setenv("DATABASE_URL", stack.extra_env["DATABASE_URL"])
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", harness.urls["telegram"])
    monkeypatch.setenv("BTS_NOW", stack.extra_env["BTS_NOW"])
    monkeypatch.setenv("BTS_OUTBOX_DIR", stack.extra_env["BTS_OUTBOX_DIR"])
    # This process's application is made from these settings at the first request (each test has its own).
    return TestClient(build_app(rasa_url=stack.rasa_url), base_url="http://testserver")


def csrf_of(response: httpx.Response) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', response.text).group(1)


def log_in(client, email: str) -> str:
    page = client.get("/conseillers/connexion")
    queue = client.post(
        "/conseillers/connexion", data={"csrf": csrf_of(page), "email": email, "password": PASSWORD}
    )
    assert queue.status_code == 200, queue.text[-500:]
    return csrf_of(queue)


def sent_to(harness: Harness, chat_id: int) -> list[str]:
    return [
        p.get("text", "") for m, p in harness.api.calls if m == "sendMessage" and int(p["chat_id"]) == chat_id
    ]


def test_a_telegram_candidate_talks_to_a_conseiller(stack, monkeypatch):
    email = staff_account(stack)
    with Harness(stack.rasa_url) as harness:
        user = TelegramUser(harness, chat_id=new_chat_id())
        user.say("/start")
        from tests.conversations.driver import fill

        fill(user, {**TELEGRAM_BASE, "nom": "Télé"}, until="lieu_naissance")
        user.say("conseiller")
        client = in_process_console(stack, monkeypatch, harness)
        csrf = log_in(client, email)
        rows = client.get("/conseillers/api/demandes").json()
        row = next(r for r in rows if r["canal"] == "telegram" and r["etape"] == "lieu_naissance")
        assert (
            client.post(f"/conseillers/demandes/{row['id']}/prendre", data={"csrf": csrf}).status_code == 200
        )
        client.post(f"/conseillers/demandes/{row['id']}/message", data={"csrf": csrf, "message": "Bonjour !"})
        assert "Bonjour !" in sent_to(harness, user.chat_id)
        user.say("je suis né à Lyon")
        assert user.text == ""  # the assistant stays quiet
        messages = client.get(f"/conseillers/api/demandes/{row['id']}/messages").json()
        assert messages[-1] == {**messages[-1], "author": "candidat", "text": "je suis né à Lyon"}
        client.post(
            f"/conseillers/demandes/{row['id']}/rendre",
            data={"csrf": csrf, "question": "summary", "issue": "Question comprise"},
        )
        assert any("rend la main" in text for text in sent_to(harness, user.chat_id))
        user.click("En France")  # the question sent with the hand-back still works
        assert "département" in user.text.lower()


def test_a_dossier_started_by_phone_is_finished_on_telegram(stack, monkeypatch):
    email = staff_account(stack)
    with Harness(stack.rasa_url) as harness:
        client = in_process_console(stack, monkeypatch, harness)
        csrf = log_in(client, email)
        form = client.get("/conseillers/nouveau-dossier")
        assert form.status_code == 200
        done = client.post(
            "/conseillers/nouveau-dossier",
            data={
                "csrf": csrf,
                "nom": "Appel",
                "prenoms": "Nora",
                "date_naissance": "08/08/2003",
                "email": "nora.appel@exemple.fr",
            },
        )
        code = re.search(r'class="resume-code">([^<]+)<', done.text).group(1)
        user = TelegramUser(harness, chat_id=new_chat_id())
        user.say(f"/start {code}")
        from tests.conversations.driver import fill
        from tests.telegram.test_whole_stack import validate as telegram_validate

        fill(user, TELEGRAM_BASE)
        sent = telegram_validate(user)
    number = int(re.search(r"(\d+) – 0", sent["caption"]).group(1))
    [dossier] = Store(stack.extra_env["DATABASE_URL"]).find_dossiers(number, "08/08/2003")
    assert dossier.content["etat_civil"]["nom"] == "APPEL"


def test_a_phone_dossier_keeps_where_it_started_its_code_dies_and_it_is_reprinted_on_telegram(
    stack, monkeypatch
):
    """Started by a conseiller on the phone, finished and validated on Telegram: the dossier says « commencé par
    un conseiller », its page lists the phone start, the last resume code no longer resumes anything, and the
    consultation on Telegram sends the confirmation's PDF again."""
    email = staff_account(stack)
    with Harness(stack.rasa_url) as harness:
        client = in_process_console(stack, monkeypatch, harness)
        csrf = log_in(client, email)
        done = client.post(
            "/conseillers/nouveau-dossier",
            data={
                "csrf": csrf,
                "nom": "Origine",
                "prenoms": "Paule",
                "date_naissance": "09/09/2003",
                "email": "paule.origine@exemple.fr",
            },
        )
        code = re.search(r'class="resume-code">([^<]+)<', done.text).group(1)
        user = TelegramUser(harness, chat_id=new_chat_id())
        user.say(f"/start {code}")
        fresh = re.search(r"nouveau code de reprise est ([0-9A-Z-]{14})", user.text).group(1)
        from tests.conversations.driver import fill
        from tests.telegram.test_whole_stack import validate as telegram_validate

        fill(user, TELEGRAM_BASE)
        sent = telegram_validate(user)
        number = int(re.search(r"(\d+) – 0", sent["caption"]).group(1))
        store = Store(stack.extra_env["DATABASE_URL"])
        [dossier] = store.find_dossiers(number, "09/09/2003")

        page = client.get(f"/conseillers/dossiers/{dossier.id}")
        assert page.status_code == 200
        assert "<dt>Canal</dt><dd>commencé par un conseiller au téléphone</dd>" in page.text
        assert "dossier commencé par téléphone" in page.text and email in page.text

        # The code shown on Telegram, typed anywhere: the dossier is validated, nothing is resumed.
        web = Candidate(stack.rasa_url)
        web.say(f"reprendre {fresh}")
        assert "Ce dossier est validé : consultez-le avec son numéro" in web.text
        assert "numéro de dossier" in web.text and "ORIGINE" not in web.text

        user.say("bonjour")
        user.click("Consulter ou modifier")
        user.say(str(number))
        user.say("09/09/2003")
        documents = len(harness.api.documents)
        user.click("Télécharger ma confirmation")
        assert len(harness.api.documents) == documents + 1
        reprinted = harness.api.documents[-1]
        assert reprinted["chat_id"] == user.chat_id and reprinted["bytes"].startswith(b"%PDF")
        assert f"{number} – 0" in reprinted["caption"]
