"""The web chat in real Chromium: keyboard-only registration, axe-core audits, reflow at 320 px and 200 %."""

from __future__ import annotations

import re

import httpx
import pytest

from bot.front import build_app
from registration.conversation.texts import WEB
from tests.browser.chat import BOT_TURNS, USER_TURNS, KeyboardCandidate, axe_violations, horizontal_overflow
from tests.browser.conftest import REPLAY, free_port
from tests.browser.replay import ServerThread
from tests.conversations.test_registrations import COMBINED

pytestmark = pytest.mark.browser

# The candidate of the conversation tests (buttons path: one-sentence answers, Paris, scolaire public, MCO, no
# acquis); the widget's tests answer one field at a time.
PROFILE = {"acquis_diplomas": ("click", "Aucun"), **COMBINED}

SCREENSHOT_320 = "/tmp/webchat-320.png"
DOCUMENT_LINK = re.compile(r"^Télécharger votre confirmation d'inscription \(PDF, dossier \d+ – \d+\)$")


def assert_no_violations(page, when: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core violations {when}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations
    )


def test_keyboard_only_registration_is_accessible_from_start_to_pdf(chat_url, new_page):
    page = new_page()
    candidate = KeyboardCandidate(page)
    candidate.open(chat_url)

    # The page: French, titled, a labelled conversation log and a labelled answer field.
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.locator("h1").inner_text() == "Pré-inscription au BTS"
    log = page.locator("[role=log]")
    assert log.get_attribute("aria-live") == "polite"
    assert page.get_by_label("Votre réponse").count() == 1
    assert page.get_by_role("heading", name="Reprendre avec un code").count() == 1
    # The welcome is multi-line: each line is a paragraph; every turn says who speaks.
    first = page.locator(BOT_TURNS).first
    assert first.locator(".msg__who").inner_text() == "Assistant"
    assert first.locator(".msg__line").count() >= 2, first.inner_text()
    # The answers are a group named by the question they answer, itself a heading naming the answer field.
    assert page.get_by_role("group", name="Que souhaitez-vous faire").locator("button").count() >= 2
    assert page.get_by_role("heading", name="Que souhaitez-vous faire").count() == 1
    assert_no_violations(page, "at start")

    # Keyboard only: the first Tab reaches the skip link, which leads to the answer field.
    page.keyboard.press("Tab")
    assert candidate.assert_focus_visible()["text"] == "Aller au champ de réponse"
    page.keyboard.press("Enter")
    assert candidate.assert_focus_visible()["id"] == "answer"
    page.keyboard.press("Shift+Tab")  # back into the conversation: the choices are reachable backwards too

    audited = False

    def audit_after_a_few_turns(c: KeyboardCandidate) -> None:
        nonlocal audited
        if c.turns == 3 and not audited:
            assert_no_violations(page, "after three turns")
            audited = True
        assert horizontal_overflow(page) <= 0

    candidate.fill(PROFILE, check=audit_after_a_few_turns)
    assert audited

    # A pressed button shows its title as the candidate's message, never its payload.
    said = page.locator(USER_TURNS).all_inner_texts()
    assert any("M'inscrire" in text for text in said), said
    assert not any("/choose" in text for text in said), said

    candidate.choose("Valider votre inscription")
    link = page.locator(BOT_TURNS).last.get_by_role("link", name=DOCUMENT_LINK)
    assert link.count() == 1, candidate.last_bot_text()
    assert link.get_attribute("href").startswith("http")
    candidate.assert_focus_after_reply()
    assert_no_violations(page, "at the end")

    if not REPLAY:
        response = httpx.get(link.get_attribute("href"), timeout=30)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"].startswith("attachment;")
        assert response.content.startswith(b"%PDF")


def chat_cookie(page) -> str | None:
    """The conversation id the server issued to this browser (an HttpOnly cookie)."""
    return next((c["value"] for c in page.context.cookies() if c["name"] == "bts_chat"), None)


def test_choices_work_with_space_and_the_log_survives_a_reload(chat_url, new_page):
    page = new_page()
    candidate = KeyboardCandidate(page)
    candidate.open(chat_url)
    page.locator(BOT_TURNS).last.locator(".choices--answers button").first.focus()
    candidate.choose("M'inscrire", key="Space")
    candidate.assert_focus_after_reply()
    # While a reply is awaited nothing can be sent twice, and a polite status says the assistant is writing.
    assert page.get_by_role("status").inner_text() == ""
    sender = chat_cookie(page)
    assert sender and "bts_chat" not in page.evaluate("document.cookie")  # HttpOnly: scripts cannot read it
    shown = page.locator("#messages > li").count()

    page.reload()
    page.wait_for_selector(BOT_TURNS)
    assert chat_cookie(page) == sender
    assert page.locator("#messages > li").count() == shown
    # Only the latest turn's buttons can still be pressed.
    assert page.locator(f"{BOT_TURNS}:not(:last-child) .choices button:not([disabled])").count() == 0
    assert_no_violations(page, "after a reload")


def test_restart_starts_a_new_conversation_with_a_new_sender(chat_url, new_page):
    page = new_page()
    candidate = KeyboardCandidate(page)
    candidate.open(chat_url)
    page.locator(BOT_TURNS).last.locator(".choices--answers button").first.focus()
    candidate.choose("M'inscrire")
    sender = chat_cookie(page)

    candidate.tab_to(lambda f: f["id"] == "restart", "the Recommencer button")
    page.keyboard.press("Enter")
    assert page.locator("#restart").get_attribute("aria-expanded") == "true"
    assert candidate.focused()["id"] == "restart-question"
    assert_no_violations(page, "while confirming a restart")
    page.keyboard.press("Escape")  # cancelling gives focus back
    assert candidate.focused()["id"] == "restart"
    page.keyboard.press("Enter")
    before = candidate.bot_count()
    candidate.tab_to(lambda f: f["id"] == "restart-yes", "Oui, recommencer")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelectorAll('#messages > li').length === 1"
        " && document.getElementById('status').textContent === ''"
    )
    assert chat_cookie(page) not in (None, sender)
    assert candidate.bot_count() <= before
    candidate.assert_focus_after_reply()


def test_320_px_wide_without_horizontal_scrolling(chat_url, new_page):
    page = new_page(viewport={"width": 320, "height": 640})
    candidate = KeyboardCandidate(page)
    candidate.open(chat_url)
    assert horizontal_overflow(page) <= 0
    page.locator(BOT_TURNS).last.locator(".choices--answers button").first.focus()

    def no_overflow(c: KeyboardCandidate) -> None:
        assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # Up to the category question: its long button titles must wrap.
    candidate.fill(PROFILE, until="categorie_famille", check=no_overflow)
    page.screenshot(path=SCREENSHOT_320, full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_violations(page, "at 320 px")


def test_200_percent_zoom_without_horizontal_scrolling(chat_url, new_page):
    # A 1280 × 800 window at 200 % zoom lays the page out in 640 × 400 CSS pixels.
    page = new_page(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    candidate = KeyboardCandidate(page)
    candidate.open(chat_url)
    page.locator(BOT_TURNS).last.locator(".choices--answers button").first.focus()
    candidate.fill(PROFILE, until="date_naissance")
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    # Text spacing (WCAG 1.4.12) must not make anything overflow either.
    page.evaluate("""() => { const s = document.createElement('style'); s.textContent =
        '* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; }'
        + ' p { margin-bottom: 2em !important; }'; document.head.appendChild(s); }""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 640


def test_reduced_motion_stops_the_waiting_animation(chat_url, new_page):
    animation = """() => { const s = document.getElementById('status'); s.classList.add('status--busy');
        const name = getComputedStyle(s, '::after').animationName; s.classList.remove('status--busy');
        return name; }"""
    moving = new_page(reduced_motion="no-preference")
    moving.goto(chat_url)
    assert moving.evaluate(animation) == "chat-pulse"
    still = new_page(reduced_motion="reduce")
    still.goto(chat_url)
    assert still.evaluate(animation) == "none"


def test_assistant_unavailable_keeps_the_answer_and_says_so_in_french(new_page):
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with ServerThread(build_app(rasa_url=closed), free_port()) as front:
        page = new_page()
        page.goto(front.url)
        alert = page.get_by_role("alert")
        alert.wait_for()
        assert alert.inner_text() == WEB["unavailable"]
        field = page.get_by_label("Votre réponse")
        field.focus()
        page.keyboard.type("reprendre K7F-3QX")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('status').textContent === ''")
        assert alert.inner_text() == WEB["unavailable"]
        assert field.input_value() == "reprendre K7F-3QX"
        assert page.evaluate("document.activeElement.id") == "answer"
        assert page.locator(USER_TURNS).count() == 0
        assert_no_violations(page, "when the assistant is unavailable")
