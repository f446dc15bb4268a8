"""Fixtures of the browser tests: the web chat under test, Debian's Chromium (Playwright) and axe-core."""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# BTS_WEBCHAT_REPLAY=1 runs the same tests against a canned stand-in of Rasa instead of the real stack;
# BTS_WEBCHAT_URL=http://… runs them against a front (and stack) already running, e.g. `make run`.
REPLAY = os.environ.get("BTS_WEBCHAT_REPLAY") == "1"
RUNNING_URL = os.environ.get("BTS_WEBCHAT_URL", "").rstrip("/")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def chat_url(request) -> str:
    """The base URL of the web chat under test: the front of the real assistant (Rasa + actions + front)."""
    if REPLAY:
        return request.getfixturevalue("replay_chat_url")
    if RUNNING_URL:
        return RUNNING_URL
    return request.getfixturevalue("stack").front_url


@pytest.fixture(scope="session")
def replay_chat_url(tmp_path_factory):
    """The front app in this process, talking to the canned Rasa stand-in of tests/browser/replay.py, on a store
    of its own."""
    from bot.front import build_app
    from tests.application import new_application
    from tests.browser.replay import Replay, ServerThread

    folder = tmp_path_factory.mktemp("replay")
    application = new_application(var_dir=folder, database_url=f"sqlite:///{folder / 'bts.sqlite3'}")
    replay = Replay()
    with ServerThread(replay.app(), free_port()) as rasa:
        front_port = free_port()
        replay.public_url = f"http://127.0.0.1:{front_port}"
        with ServerThread(build_app(rasa_url=rasa.url, application=application), front_port) as front:
            yield front.url
    application.dispose()


def launch_chromium():
    """Debian's Chromium through Playwright's sync API, closed when the generator ends."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install -y chromium")
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"axe-core is missing at {AXE_SCRIPT}: run `npm ci` at the repository root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="package")
def browser():
    yield from launch_chromium()


@pytest.fixture(scope="package")
def partitioned_browser(browser):
    """Chromium with third-party storage partitioned per top-level site, as Chrome ships it.

    Playwright launches Chromium with the ThirdPartyStoragePartitioning feature off; this Chromium then gives a
    page framed by another site no storage at all. The same switches are used here, minus that one (Chromium
    keeps the last --disable-features it is given).
    """
    page = browser.new_page()
    page.goto("chrome://version")
    switches = page.locator("#command_line").inner_text().split()
    page.close()
    disabled = [s.split("=", 1)[1] for s in switches if s.startswith("--disable-features=")][-1].split(",")
    kept = ",".join(feature for feature in disabled if feature != "ThirdPartyStoragePartitioning")
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--disable-features={kept}"]
    )
    yield chromium
    chromium.close()


@contextlib.contextmanager
def page_maker(browser):
    """Makes fresh pages with their own storage and axe-core preloaded; options go to new_context."""
    contexts = []

    def make(**options):
        options.setdefault("locale", "fr-FR")
        options.setdefault("viewport", {"width": 1024, "height": 768})
        context = browser.new_context(**options)
        context.set_default_timeout(60_000)
        # Init scripts are injected by the browser itself (in every frame), so a page's CSP does not block axe.
        context.add_init_script(path=str(AXE_SCRIPT))
        contexts.append(context)
        return context.new_page()

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def new_page(browser):
    """Opens a fresh page with its own storage and axe-core preloaded; options go to new_context."""
    with page_maker(browser) as make:
        yield make


@pytest.fixture
def new_partitioned_page(partitioned_browser):
    """new_page, in the Chromium whose third-party storage is partitioned (see partitioned_browser)."""
    with page_maker(partitioned_browser) as make:
        yield make
