"""The web chat as a widget on a host site of another origin, in real Chromium; and its HTTP contract.

The host site runs on 127.0.0.2 and the assistant on 127.0.0.1: two sites, not only two origins, so that the
browser treats the assistant's frame as third-party (its cookie would not be sent there). A dedicated front
server of the assistant is started with BTS_WIDGET_ORIGINS naming that host site; a third site (127.0.0.3) is
not named and gets nothing.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

import bot.web.identity as identity
from bot.front import build_app
from bot.web.identity import TOKEN_HEADER
from bot.web.widget import SCRIPT, parse_origins
from tests.application import new_application
from tests.browser.chat import BOT_TURNS, FOCUSED, KeyboardCandidate, horizontal_overflow
from tests.browser.conftest import REPLAY, RUNNING_URL, free_port
from tests.browser.replay import Replay, ServerThread
from tests.browser.test_webchat import DOCUMENT_LINK, PROFILE, assert_no_violations

ROOT = Path(__file__).resolve().parents[2]
ALLOWED_HOST = "127.0.0.2"  # the host site named in BTS_WIDGET_ORIGINS
OTHER_HOST = "127.0.0.3"  # a site that is not
LAUNCHER = "Pré-inscription au BTS"
DIALOG = "Pré-inscription au BTS"
TOKEN_KEY = "bts-widget-token"
SCREENSHOT_320 = "/tmp/widget-320.png"

# The host pages: their own look, with rules that would restyle the widget if styles crossed the shadow root,
# and an element of their own with the widget's class names, which the widget's rules must not reach.
HOST_PAGE = """<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title} – Académie d'essai</title>
  <style>
    body {{ margin: 0; background: #fdfdfd; color: #1e1e1e; font: 18px/1.6 Georgia, serif; }}
    header, main, footer {{ padding: 1rem; }}
    nav ul {{ display: flex; flex-wrap: wrap; gap: 1rem; margin: 0; padding: 0; list-style: none; }}
    a {{ color: #1e1e1e; }}
    button, .launcher, .panel, .panel__close {{ all: unset; padding: .25rem .5rem; border: 3px solid #1e1e1e;
      background: #fff; color: #1e1e1e; font-size: 1.5rem; text-transform: uppercase; }}
    dialog, iframe {{ border: 6px solid #b34000; }}
    h2 {{ color: #b34000; text-transform: uppercase; }}
    :focus-visible {{ outline: 3px dashed #1e1e1e; outline-offset: 2px; }}
  </style>
  <script src="{assistant}/widget.js" defer data-academie="01" data-lang="fr"></script>
</head>
<body>
  <header>
    <p>Académie d'essai – examens</p>
    <nav aria-label="Menu principal">
      <ul><li><a href="/">Examens</a></li><li><a href="/calendrier">Calendrier des examens</a></li></ul>
    </nav>
  </header>
  <main>
    <h1>{title}</h1>
    <p>{text}</p>
    <button type="button" class="launcher">Rechercher</button>
  </main>
  <footer><p>Page d'un site qui intègre l'assistant de pré-inscription.</p></footer>
</body>
</html>
"""

HOST_PAGES = {
    "/": ("Examens du BTS", "Les candidats au BTS se pré-inscrivent auprès de l'assistant."),
    "/calendrier": ("Calendrier des examens", "Les épreuves écrites ont lieu en mai et juin."),
}


def host_site(assistant: str) -> Starlette:
    def render(path: str) -> HTMLResponse:
        title, text = HOST_PAGES[path]
        return HTMLResponse(HOST_PAGE.format(title=title, text=text, assistant=assistant))

    async def page(request: Request) -> HTMLResponse:
        return render(request.url.path)

    async def strict(request: Request) -> HTMLResponse:
        """A host page whose CSP allows the assistant's script and frame, and no inline style at all."""
        response = render("/")
        policy = f"default-src 'none'; script-src {assistant}; frame-src {assistant}; style-src 'self'"
        response.headers["Content-Security-Policy"] = policy
        return response

    return Starlette(routes=[*(Route(path, page) for path in HOST_PAGES), Route("/strict", strict)])


@dataclass
class Sites:
    assistant: str  # the front server whose BTS_WIDGET_ORIGINS names `allowed`
    allowed: str  # a host site allowed to embed the widget
    other: str  # a host site that is not


@contextlib.contextmanager
def front_process(stack, origins: str):
    """A second front server of the running assistant (`uvicorn bot.front:app`), with BTS_WIDGET_ORIGINS."""
    port = free_port()
    log = open(stack.var_dir / "widget-front.log", "ab")  # noqa: SIM115  (the child process writes to it)
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bot.front:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env={**stack.env(), "BTS_WIDGET_ORIGINS": origins},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (
                f"the widget's front server stopped: {stack.var_dir}/widget-front.log"
            )
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            assert time.monotonic() < deadline, "the widget's front server did not start"
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
        log.close()


@pytest.fixture(scope="module")
def sites(request):
    if RUNNING_URL:
        pytest.skip(
            "the widget's tests start a front server of their own (BTS_WEBCHAT_URL is for the full page)"
        )
    allowed_port, other_port = free_port(), free_port()
    allowed = f"http://{ALLOWED_HOST}:{allowed_port}"
    with contextlib.ExitStack() as running:
        if REPLAY:
            replay = Replay()
            rasa = running.enter_context(ServerThread(replay.app(), free_port()))
            front_port = free_port()
            replay.public_url = f"http://127.0.0.1:{front_port}"
            front = ServerThread(build_app(rasa_url=rasa.url, widget_origins=allowed), front_port)
            assistant = running.enter_context(front).url
        else:
            assistant = running.enter_context(front_process(request.getfixturevalue("stack"), allowed))
        running.enter_context(ServerThread(host_site(assistant), allowed_port, host=ALLOWED_HOST))
        other = running.enter_context(ServerThread(host_site(assistant), other_port, host=OTHER_HOST)).url
        yield Sites(assistant=assistant, allowed=allowed, other=other)


# --- reading the host page and the conversation's frame --------------------------------------------------------

DEEP_FOCUS = """() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {tag: el.tagName.toLowerCase(), text: (el.innerText || '').trim(),
          outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0};
}"""

# In the frame, the focused element counts only while the frame itself has the focus.
FOCUSED_IN_FRAME = f"() => document.hasFocus() ? ({FOCUSED})() : null"
IN_FRAME_FOCUS_LANDED = (
    "() => document.hasFocus() && !!document.activeElement && document.activeElement !== document.body"
)

WIDGET_STYLE = """([selector, property]) => {
  const node = document.querySelector('bts-preinscription').shadowRoot.querySelector(selector);
  return getComputedStyle(node)[property];
}"""


class FrameView:
    """The conversation's frame seen as the page KeyboardCandidate drives: its content, the page's keyboard."""

    def __init__(self, frame, page) -> None:
        self.frame = frame
        self.keyboard = page.keyboard

    def __getattr__(self, name: str):
        return getattr(self.frame, name)


class WidgetCandidate(KeyboardCandidate):
    """A keyboard-only candidate in the widget: focus outside the frame (« Fermer ») is not the frame's."""

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED_IN_FRAME)


def deep_focus(page) -> dict | None:
    return page.evaluate(DEEP_FOCUS)


def widget_frame(page):
    """The conversation's frame, once the launcher is shown (it is, once the frame says it has loaded)."""
    page.get_by_role("button", name=LAUNCHER).wait_for()
    return next(f for f in page.frames if urlsplit(f.url).path == "/widget")


def tab_on_host_to(page, text: str, limit: int = 30) -> dict:
    """Presses Tab on the host page until the element named `text` has a visible focus."""
    for _ in range(limit):
        focused = deep_focus(page)
        if focused and focused["text"] == text:
            assert focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2, focused
            return focused
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {text!r} with the Tab key")


def open_widget(page) -> WidgetCandidate:
    """Reaches the launcher with Tab and opens the dialog with Enter; the candidate talks in its frame."""
    frame = widget_frame(page)
    tab_on_host_to(page, LAUNCHER)
    page.keyboard.press("Enter")
    page.get_by_role("dialog", name=DIALOG).wait_for()
    assert page.get_by_role("button", name=LAUNCHER).get_attribute("aria-expanded") == "true"
    return WidgetCandidate(FrameView(frame, page))


def frame_overflow(frame) -> int:
    return frame.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


# Resolves once every animation of the page and of its shadow roots (the widget's) has finished.
ANIMATIONS_OVER = """async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const roots = [document, ...Array.from(document.querySelectorAll("*"), (e) => e.shadowRoot).filter(Boolean)];
  await Promise.all(roots.flatMap((root) => root.getAnimations()).map((animation) => animation.finished));
}"""


def assert_open_widget_accessible(page, frame, when: str) -> None:
    """axe-core on the host page (with the widget's shadow root) and in the conversation's frame, once the
    dialog's opening animation is over (a half-faded dialog has, for that instant, too little contrast)."""
    page.evaluate(ANIMATIONS_OVER)
    assert_no_violations(page, f"on the host page, {when}")
    assert_no_violations(frame, f"in the widget's conversation, {when}")


def assert_full_screen(page, width: int, height: int) -> None:
    page.wait_for_function(  # once the opening animation is over
        "() => !document.querySelector('bts-preinscription').shadowRoot.querySelector('dialog').getAnimations().length"
    )
    box = page.get_by_role("dialog", name=DIALOG).bounding_box()
    assert box is not None and (box["x"], box["y"], box["width"], box["height"]) == (0, 0, width, height), box


def shown(frame) -> int:
    return frame.locator("#messages > li").count()


# --- in the browser ----------------------------------------------------------------------------------------


@pytest.mark.browser
def test_a_candidate_registers_through_the_widget_of_a_host_site_with_the_keyboard(
    sites, new_partitioned_page, request
):
    page = new_partitioned_page(viewport={"width": 1280, "height": 800})
    page.goto(sites.allowed + "/")
    frame = widget_frame(page)
    launcher = page.get_by_role("button", name=LAUNCHER)
    assert launcher.get_attribute("aria-expanded") == "false"
    assert launcher.get_attribute("aria-haspopup") == "dialog"
    # A visit that does not open the widget starts no conversation.
    assert shown(frame) == 0 and frame.evaluate(f"() => localStorage.getItem('{TOKEN_KEY}')") is None
    assert_no_violations(page, "on the host page, widget closed, at 1280 px")

    # Opened by keyboard: a labelled modal dialog; focus moves inside, on the first choice once greeted.
    candidate = open_widget(page)
    dialog = page.get_by_role("dialog", name=DIALOG)
    candidate.wait_reply(0)
    candidate.assert_focus_after_reply()
    assert page.evaluate(WIDGET_STYLE, ["dialog", "position"]) == "fixed"
    assert frame.locator(".academie-note").inner_text().startswith("Service proposé par l'académie de Paris.")
    assert frame.locator("#no-storage").is_hidden()
    assert_open_widget_accessible(page, frame, "widget open, at 1280 px")

    def no_overflow(c: KeyboardCandidate) -> None:
        assert frame_overflow(frame) <= 0

    candidate.fill(PROFILE, check=no_overflow)
    candidate.choose("Valider votre inscription")
    link = frame.locator(BOT_TURNS).last.get_by_role("link", name=DOCUMENT_LINK)
    assert link.count() == 1, candidate.last_bot_text()
    candidate.assert_focus_after_reply()
    if not REPLAY:
        response = httpx.get(link.get_attribute("href"), timeout=30)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        assert response.headers["content-type"] == "application/pdf"
    assert_open_widget_accessible(page, frame, "at the end of the registration")

    # The conversation is named by the token in the frame's storage, never by a cookie.
    token = frame.evaluate(f"() => localStorage.getItem('{TOKEN_KEY}')")
    assert token and token.startswith("web-")
    assert not [c for c in page.context.cookies() if c["name"] == identity.COOKIE_NAME]
    turns = shown(frame)

    # Escape, from inside the conversation, closes the dialog and gives the focus back to the launcher.
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert deep_focus(page)["text"] == LAUNCHER
    assert launcher.get_attribute("aria-expanded") == "false"

    # Reopened: the same conversation. Tab stays in the dialog and reaches « Fermer », which closes it.
    page.keyboard.press("Enter")
    dialog.wait_for()
    assert shown(frame) == turns
    frame.wait_for_function("() => document.hasFocus()")
    candidate.assert_focus_after_reply()
    for _ in range(40):
        focused = deep_focus(page)
        assert focused and focused["tag"] in ("iframe", "button"), focused  # never the host page's content
        if focused["tag"] == "button":
            break
        # The frame runs in its own process: the host may already name the frame as focused while the
        # frame's own focus change is still on its way. Wait for it (a focus that never lands fails here).
        frame.wait_for_function(IN_FRAME_FOCUS_LANDED, timeout=5_000)
        candidate.assert_focus_visible()
        page.keyboard.press("Tab")
    else:
        raise AssertionError("Tab never reached « Fermer »")
    tab_on_host_to(page, "Fermer")
    page.keyboard.press("Tab")  # after « Fermer », the conversation again
    assert candidate.assert_focus_visible()["text"] == "Aller au champ de réponse"
    page.keyboard.press("Shift+Tab")
    assert deep_focus(page)["text"] == "Fermer"
    page.keyboard.press("Shift+Tab")  # before « Fermer », the conversation's last control (its footer's link)
    frame.wait_for_function(
        "() => document.hasFocus() && document.activeElement.getAttribute('href') === '/accessibilite'"
    )
    page.keyboard.press("Tab")
    tab_on_host_to(page, "Fermer", limit=1)
    page.keyboard.press("Enter")
    dialog.wait_for(state="hidden")
    assert deep_focus(page)["text"] == LAUNCHER
    assert_no_violations(page, "on the host page, widget closed again, at 1280 px")

    # Another page of the host site: the launcher reopens the same conversation.
    page.goto(sites.allowed + "/calendrier")
    candidate = open_widget(page)
    frame = candidate.page.frame
    assert frame.evaluate(f"() => localStorage.getItem('{TOKEN_KEY}')") == token
    assert shown(frame) == turns
    assert frame.locator(BOT_TURNS).last.get_by_role("link", name=DOCUMENT_LINK).count() == 1
    frame.wait_for_function("() => document.hasFocus()")
    candidate.assert_focus_after_reply()
    # ...and the server still holds it: the next message continues it (no new conversation is issued).
    with page.expect_response(lambda r: urlsplit(r.url).path == "/api/message") as sent:
        candidate.type("aide")
    assert sent.value.status == 200 and "x-chat-new" not in sent.value.headers
    assert frame.evaluate(f"() => localStorage.getItem('{TOKEN_KEY}')") == token
    if not REPLAY:
        # A conseiller's message reaches the widget: its inbox is read with the same token.
        from registration.helpdesk import HelpDesk
        from tests.conversations.test_registrations import store_of

        store = store_of(request.getfixturevalue("stack"))
        HelpDesk(store).add_message(
            token.split(".")[0], "conseiller", {"text": "Bonjour, je suis conseillère."}
        )
        store.dispose()
        frame.get_by_text("Bonjour, je suis conseillère.").wait_for(timeout=15_000)
        assert frame.locator(BOT_TURNS).last.locator(".msg__who").inner_text() == "Conseiller"
    assert_open_widget_accessible(page, frame, "on another page of the host site")


@pytest.mark.browser
@pytest.mark.skipif(REPLAY, reason="the canned stand-in of Rasa gives no resume code")
def test_a_conversation_begun_in_the_widget_continues_on_telegram_with_its_code(
    sites, stack, new_partitioned_page
):
    from bot.telegram.bridge import sender_of
    from tests.conversations.client import Candidate
    from tests.conversations.driver import current_question

    page = new_partitioned_page(viewport={"width": 1280, "height": 800})
    page.goto(sites.allowed + "/")
    candidate = open_widget(page)
    candidate.wait_reply(0)
    candidate.choose("M'inscrire")
    code = re.search(r"code de reprise est ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})", candidate.last_bot_text())
    assert code, candidate.last_bot_text()
    assert candidate.question() == "former"
    telegram = Candidate(stack.rasa_url, sender=sender_of(7_700_000 + free_port()))
    telegram.say(f"reprendre {code.group(1)}")
    assert "J'ai retrouvé votre pré-inscription en cours" in telegram.text
    assert current_question(telegram) == "former"


@pytest.mark.browser
def test_the_widget_at_320_px_and_at_200_percent_zoom(sites, new_partitioned_page):
    page = new_partitioned_page(viewport={"width": 320, "height": 640})
    page.goto(sites.allowed + "/")
    frame = widget_frame(page)
    assert horizontal_overflow(page) <= 0
    box = page.get_by_role("button", name=LAUNCHER).bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320 and box["y"] + box["height"] <= 640, box
    assert_no_violations(page, "on the host page, widget closed, at 320 px")

    candidate = open_widget(page)
    assert_full_screen(page, 320, 640)
    candidate.wait_reply(0)
    candidate.assert_focus_after_reply()
    assert_open_widget_accessible(page, frame, "widget open, at 320 px")

    def no_overflow(c: KeyboardCandidate) -> None:
        assert frame_overflow(frame) <= 0 and horizontal_overflow(page) <= 0

    # Up to the category question: its long button titles must wrap inside the frame.
    candidate.fill(PROFILE, until="categorie_famille", check=no_overflow)
    assert_open_widget_accessible(page, frame, "at the category question, at 320 px")
    page.screenshot(path=SCREENSHOT_320)

    # A 1280 × 800 window at 200 % zoom lays the host page out in 640 × 400 CSS pixels: full screen too.
    zoomed = new_partitioned_page(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    zoomed.goto(sites.allowed + "/")
    frame = widget_frame(zoomed)
    candidate = open_widget(zoomed)
    assert_full_screen(zoomed, 640, 400)
    candidate.wait_reply(0)
    candidate.fill(PROFILE, until="date_naissance")
    assert frame_overflow(frame) <= 0
    # Text spacing (WCAG 1.4.12) must not make anything overflow either.
    frame.evaluate("""() => { const s = document.createElement('style'); s.textContent =
        '* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; }'
        + ' p { margin-bottom: 2em !important; }'; document.head.appendChild(s); }""")
    assert frame_overflow(frame) <= 0
    assert_open_widget_accessible(zoomed, frame, "at 200 % zoom")


@pytest.mark.browser
def test_styles_cross_the_shadow_root_in_neither_direction_and_motion_can_be_reduced(
    sites, new_partitioned_page
):
    for motion, animation in (("no-preference", "bts-open"), ("reduce", "none")):
        page = new_partitioned_page(reduced_motion=motion)
        page.goto(sites.allowed + "/")
        widget_frame(page)
        # The host's rules for button, .launcher, dialog, h2 and iframe do not reach the widget...
        assert page.evaluate(WIDGET_STYLE, [".launcher", "backgroundColor"]) == "rgb(0, 0, 145)"
        assert page.evaluate(WIDGET_STYLE, [".launcher", "textTransform"]) == "none"
        assert page.evaluate(WIDGET_STYLE, [".launcher", "fontSize"]) == "16px"
        # ...and the widget's rules do not reach the host's own .launcher button.
        own = page.locator("main button.launcher")
        assert own.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(255, 255, 255)"
        assert own.evaluate("b => getComputedStyle(b).position") == "static"
        page.get_by_role("button", name=LAUNCHER).click()
        page.get_by_role("dialog", name=DIALOG).wait_for()
        assert page.evaluate(WIDGET_STYLE, [".panel__title", "textTransform"]) == "none"
        assert page.evaluate(WIDGET_STYLE, ["iframe", "borderTopWidth"]) == "0px"
        assert page.evaluate(WIDGET_STYLE, ["dialog", "animationName"]) == animation

    # A host page whose CSP forbids inline styles still shows the widget as designed (a constructed sheet).
    page = new_partitioned_page()
    page.goto(sites.allowed + "/strict")
    widget_frame(page)
    assert page.locator("main button.launcher").evaluate("b => getComputedStyle(b).textTransform") == "none"
    assert page.evaluate(WIDGET_STYLE, [".launcher", "backgroundColor"]) == "rgb(0, 0, 145)"
    page.get_by_role("button", name=LAUNCHER).click()
    page.get_by_role("dialog", name=DIALOG).wait_for()
    assert page.evaluate(WIDGET_STYLE, ["dialog", "position"]) == "fixed"


@pytest.mark.browser
def test_without_third_party_storage_the_widget_works_and_says_what_it_cannot_keep(sites, new_page):
    # Playwright's Chromium gives a frame of another site no storage at all (see partitioned_browser).
    page = new_page(viewport={"width": 1280, "height": 800})
    page.goto(sites.allowed + "/")
    candidate = open_widget(page)
    frame = candidate.page.frame
    candidate.wait_reply(0)
    notice = frame.locator("#no-storage")
    assert notice.is_visible()
    assert "d'une page à l'autre de ce site" in notice.inner_text()
    candidate.choose("M'inscrire")
    turns = shown(frame)
    page.keyboard.press("Escape")
    page.get_by_role("dialog", name=DIALOG).wait_for(state="hidden")
    page.keyboard.press("Enter")
    page.get_by_role("dialog", name=DIALOG).wait_for()
    assert shown(frame) == turns  # kept while the host page stays open
    assert_open_widget_accessible(page, frame, "without third-party storage")


FETCH = """async ([url, init]) => {
  try { const r = await fetch(url, init); return 'status ' + r.status; } catch (e) { return 'refused'; }
}"""
POST_JSON = {
    "method": "POST",
    "headers": {"Content-Type": "application/json", TOKEN_HEADER: "nouvelle"},
    "body": '{"message": "bonjour"}',
}


@pytest.mark.browser
def test_a_site_not_in_the_configuration_cannot_use_the_widget(sites, new_page):
    page = new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(sites.other + "/")
    # widget.js does not start: no launcher, and the console says why.
    page.wait_for_function("() => !document.querySelector('bts-preinscription')", timeout=40_000)
    assert page.get_by_role("button", name=LAUNCHER).count() == 0
    assert any("ne peut pas s'afficher" in e and "BTS_WIDGET_ORIGINS" in e for e in errors), errors

    # Framed by hand, /widget is refused by the browser (CSP frame-ancestors): the chat never loads.
    # The frame's address reaches Playwright with its navigation event, which may come after the iframe's
    # onload: wait for that event (the refused page or, if the bug came back, the chat itself).
    with page.expect_event(
        "framenavigated", predicate=lambda f: f != page.main_frame and f.url not in ("", "about:blank")
    ) as navigated:
        page.evaluate(
            """src => new Promise(resolve => { const f = document.createElement('iframe'); f.title = 'Essai';
                 f.onload = () => resolve(); f.src = src; document.body.appendChild(f); })""",
            sites.assistant + "/widget",
        )
    assert navigated.value.url.startswith("chrome-error:"), navigated.value.url
    framed = [f for f in page.frames if f != page.main_frame]
    assert framed and all(f.url.startswith("chrome-error:") for f in framed), [f.url for f in framed]

    # The API gives this page nothing: calls with the token header are refused by the browser (no CORS)...
    for path, init in (
        ("/api/message", POST_JSON),
        ("/api/restart", {"method": "POST", "headers": {TOKEN_HEADER: "nouvelle"}}),
        ("/api/inbox", {"headers": {TOKEN_HEADER: "nouvelle"}}),
    ):
        assert page.evaluate(FETCH, [sites.assistant + path, init]) == "refused", path
    # ...and those the browser lets through without asking (no-cors) are refused by the server.
    for path, init in (
        ("/api/message", {"method": "POST", "mode": "no-cors", "body": '{"message": "bonjour"}'}),
        ("/api/inbox", {"mode": "no-cors"}),
    ):
        with page.expect_response(lambda r, p=path: urlsplit(r.url).path == p) as answered:
            page.evaluate(FETCH, [sites.assistant + path, init])
        assert answered.value.status == 403, path
        assert "access-control-allow-origin" not in answered.value.headers

    # Even the allowed host site cannot call the API itself: it only frames /widget.
    allowed = new_page()
    allowed.goto(sites.allowed + "/")
    widget_frame(allowed)
    assert allowed.evaluate(FETCH, [sites.assistant + "/api/message", POST_JSON]) == "refused"


# --- the HTTP contract, in this process ----------------------------------------------------------------------

HOST = "https://www.ac-paris.fr"


@contextlib.contextmanager
def front(app):
    """A client of the app served from this process (synchronous: these tests run while Playwright's loop runs)."""
    with ServerThread(app, free_port()) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def test_allowed_origins_are_read_strictly():
    given = f"{HOST}/ https://Lycee.Example.FR:8443 {HOST} https://*.ac-lyon.fr https://a.fr;script-src * /x"
    assert parse_origins(given) == (HOST, "https://lycee.example.fr:8443")
    assert parse_origins("") == ()
    assert parse_origins("http://127.0.0.2:8080,https://b.fr") == ("http://127.0.0.2:8080", "https://b.fr")


def test_only_the_configured_hosts_may_frame_the_widget_page(monkeypatch):
    with front(build_app(rasa_url="http://127.0.0.1:9", widget_origins=[HOST, "https://b.fr"])) as client:
        widget = client.get("/widget")
        assert widget.status_code == 200 and '<body data-layout="widget">' in widget.text
        policy = widget.headers["content-security-policy"]
        assert policy.endswith(f"frame-ancestors {HOST} https://b.fr") and "script-src 'self'" in policy
        assert "x-frame-options" not in widget.headers
        page = client.get("/")  # the full page is never framed
        assert page.headers["content-security-policy"].endswith("frame-ancestors 'none'")
        assert page.headers["x-frame-options"] == "DENY" and '<body data-layout="page">' in page.text
    monkeypatch.delenv("BTS_WIDGET_ORIGINS", raising=False)
    with front(build_app(rasa_url="http://127.0.0.1:9")) as client:  # by default no host may
        widget = client.get("/widget")
        assert widget.headers["content-security-policy"].endswith("frame-ancestors 'none'")
        assert widget.headers["x-frame-options"] == "DENY"
    monkeypatch.setenv("BTS_WIDGET_ORIGINS", f"{HOST} nothing")
    configured = new_application()  # the settings are read once per process: a new one reads them again
    with front(build_app(rasa_url="http://127.0.0.1:9", application=configured)) as client:
        policy = (client.get("/widget")).headers["content-security-policy"]
        assert policy.endswith(f"frame-ancestors {HOST}")
    configured.dispose()


def test_the_widget_page_names_the_host_academie_only_when_it_is_one():
    with front(build_app(rasa_url="http://127.0.0.1:9", widget_origins=HOST)) as client:
        paris = client.get("/widget", params={"academie": "01"})
        assert "Service proposé par l&#x27;académie de Paris." in paris.text
        amiens = client.get("/widget", params={"academie": "20"})
        assert "Service proposé par l&#x27;académie d&#x27;Amiens." in amiens.text
        for wrong in ("99", "<script>", "1"):
            assert "academie-note" not in (client.get("/widget", params={"academie": wrong})).text


def test_widget_js_is_javascript_cached_and_revalidated():
    with front(build_app(rasa_url="http://127.0.0.1:9")) as client:
        script = client.get("/widget.js")
        assert script.status_code == 200 and script.content == SCRIPT.read_bytes()
        assert script.headers["content-type"] == "text/javascript; charset=utf-8"
        assert script.headers["cache-control"] == "public, max-age=3600"
        assert script.headers["x-content-type-options"] == "nosniff"
        assert script.headers["cross-origin-resource-policy"] == "cross-origin"
        again = client.get("/widget.js", headers={"if-none-match": script.headers["etag"]})
        assert again.status_code == 304 and not again.content


def test_the_embedded_page_is_named_by_a_signed_header_token_never_a_cookie():
    replay = Replay(delay=0)
    with (
        ServerThread(replay.app(), free_port()) as rasa,
        front(build_app(rasa_url=rasa.url, widget_origins=HOST)) as client,
    ):
        own = {"sec-fetch-site": "same-origin", TOKEN_HEADER: "nouvelle"}
        first = client.post("/api/message", json={"message": "/greet"}, headers=own)
        assert first.status_code == 200 and first.headers["x-chat-new"] == "1"
        assert "set-cookie" not in first.headers
        token = first.headers[TOKEN_HEADER.lower()]
        sender, _, signature = token.partition(".")
        assert sender.startswith("web-") and len(sender) == 36 and len(signature) == 64
        named = {**own, TOKEN_HEADER: token}
        again = client.post("/api/message", json={"message": "suite"}, headers=named)
        assert "x-chat-new" not in again.headers and TOKEN_HEADER.lower() not in again.headers
        assert replay.received[sender] == ["/greet", "suite"]
        # A forged token (or a sender given raw) starts a new conversation; the named one is not touched.
        for forged in (f"{sender}.{'0' * 64}", sender, "web-" + "1" * 32 + "." + signature):
            response = client.post(
                "/api/message", json={"message": "x"}, headers={**own, TOKEN_HEADER: forged}
            )
            assert response.headers["x-chat-new"] == "1" and response.headers[TOKEN_HEADER.lower()] != token
        assert replay.received[sender] == ["/greet", "suite"]
        # The header wins over a cookie: the embedded page is never named by one.
        client.cookies.set(identity.COOKIE_NAME, token)
        with_cookie = client.post("/api/message", json={"message": "y"}, headers={**own, TOKEN_HEADER: "x"})
        assert with_cookie.headers["x-chat-new"] == "1"
        client.cookies.clear()
        # Restarting issues a new token, still no cookie.
        restarted = client.post("/api/restart", headers=named)
        assert restarted.status_code == 200 and "set-cookie" not in restarted.headers
        assert restarted.headers[TOKEN_HEADER.lower()].partition(".")[0] != sender
        # The full page keeps its HttpOnly cookie.
        full = client.post(
            "/api/message", json={"message": "/greet"}, headers={"sec-fetch-site": "same-origin"}
        )
        assert "bts_chat=web-" in full.headers["set-cookie"] and TOKEN_HEADER.lower() not in full.headers


def test_the_inbox_answers_the_token_of_the_embedded_page(tmp_path, monkeypatch):
    from registration.helpdesk import HelpDesk
    from registration.store import Store
    from tests.application import application_on

    store = Store(f"sqlite:///{tmp_path / 'inbox.sqlite3'}")
    store.migrate()
    monkeypatch.setenv("BTS_SECRET_KEY", "inbox-key")
    given = application_on(store)
    with front(build_app(rasa_url="http://127.0.0.1:9", widget_origins=HOST, application=given)) as client:
        sender = identity.new_sender()
        token = f"{sender}.{identity._sign(b'inbox-key', sender)}"
        HelpDesk(store).add_message(sender, "conseiller", {"text": "Bonjour"})
        foreign = client.get("/api/inbox", headers={"sec-fetch-site": "cross-site", TOKEN_HEADER: token})
        assert foreign.status_code == 403 and "access-control-allow-origin" not in foreign.headers
        forged = client.get("/api/inbox", headers={TOKEN_HEADER: f"{sender}.{'0' * 64}"})
        assert forged.json() == []
        own = client.get("/api/inbox", headers={"sec-fetch-site": "same-origin", TOKEN_HEADER: token})
        assert own.json() == [{"author": "conseiller", "text": "Bonjour"}]
    store.dispose()


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
        {"sec-fetch-site": "none"},
        {"origin": HOST},  # an allowed host site too: it frames /widget, it does not call the API
        {"origin": "null"},
    ],
)
def test_pages_of_other_origins_get_nothing_from_the_api(headers):
    replay = Replay(delay=0)
    with (
        ServerThread(replay.app(), free_port()) as rasa,
        front(build_app(rasa_url=rasa.url, widget_origins=HOST)) as client,
    ):
        for method, path, body in (
            ("POST", "/api/message", {"message": "bonjour"}),
            ("POST", "/api/restart", None),
            ("GET", "/api/inbox", None),
        ):
            for extra in ({}, {TOKEN_HEADER: "nouvelle"}):
                response = client.request(method, path, json=body, headers={**headers, **extra})
                assert response.status_code == 403, (path, extra)
                assert "access-control-allow-origin" not in response.headers
                assert "set-cookie" not in response.headers and TOKEN_HEADER.lower() not in response.headers
        preflight = client.options(
            "/api/message",
            headers={
                "origin": HOST,
                "access-control-request-method": "POST",
                "access-control-request-headers": "content-type, x-chat-token",
            },
        )
        assert "access-control-allow-origin" not in preflight.headers
        assert replay.received == {}
        # The assistant's own pages are served: same origin by Sec-Fetch-Site, or by Origin.
        own = client.post(
            "/api/message", json={"message": "a"}, headers={"origin": str(client.base_url).rstrip("/")}
        )
        assert own.status_code == 200
