"""`make run` on a fresh clone serves the web chat whole: its page links to the State design system's styles,
and every file the page needs (stylesheets, scripts, fonts, icons) answers 200.

The clone is a `git clone` of this repository: no node_modules/, no var/, no models/. Its cache folder
(BTS_CACHE_DIR) is new and empty but for links to the Python environments and trained models this run already
has (building them again would take a quarter of an hour and prove nothing about the page): the npm packages,
what a fresh clone lacked, are installed by `make run` itself. `make` runs in a new session, as an operator
runs it, on ports of its own; it is stopped once the page is checked, as a service manager stops it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from tests.conftest import FIXED_NOW
from tests.operations.assistant import ROOT, Assistant, stack_ports

pytestmark = pytest.mark.operations

CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+?)['"]?\s*\)""")
TRAINING = ">> training the Rasa model"


class Links(HTMLParser):
    """The files a page makes the browser load: stylesheets, icons, scripts, images."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("href"):
            self.found.append(values["href"] or "")
        elif tag in ("script", "img", "source") and values.get("src"):
            self.found.append(values["src"] or "")


def page_assets(http: httpx.Client, page: str) -> dict[str, int]:
    """Every file `page` loads, and what the stylesheets it loads load in turn (fonts, icons): URL → status."""
    parser = Links()
    parser.feed(http.get(page).text)
    pending = [urljoin(page, link) for link in parser.found]
    statuses: dict[str, int] = {}
    while pending:
        url = pending.pop()
        if url in statuses or urlsplit(url).netloc != urlsplit(page).netloc:
            continue
        response = http.get(url)
        statuses[url] = response.status_code
        if response.status_code == 200 and urlsplit(url).path.endswith(".css"):
            for found in CSS_URL.findall(response.text):
                if not found.startswith(("data:", "#")):
                    pending.append(urljoin(url, found).split("#")[0].split("?")[0])
    return statuses


def front_answers(http: httpx.Client, url: str) -> bool:
    try:
        return http.get(f"{url}/health").status_code == 200
    except httpx.HTTPError:
        return False


def fresh_cache(folder: Path, rasa_venv: str) -> Path:
    """An empty cache folder holding only links to this run's environments and models."""
    cache = Path(os.environ.get("BTS_CACHE_DIR") or Path.home() / ".cache" / "bts-inscription")
    folder.mkdir()
    for venv in (Path(sys.prefix), Path(rasa_venv)):
        assert (venv / ".complete").exists(), f"{venv} is not an environment of the cache"
        (folder / venv.name).symlink_to(venv)
    (folder / "models").mkdir()
    for model in (cache / "models").glob("bts-*.tar.gz"):
        (folder / "models" / model.name).symlink_to(model)
    return folder


def test_make_run_on_a_fresh_clone_serves_the_chat_with_every_file_it_links_to(tmp_path, rasa):
    clone = tmp_path / "bts-inscription"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    assert not (clone / "node_modules").exists()
    cache = fresh_cache(tmp_path / "cache", rasa[0])
    assert not list(cache.glob("node-*"))

    var_dir = clone / "var"
    var_dir.mkdir()
    assistant = Assistant(var_dir, stack_ports())
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("TELEGRAM_", "DATABASE_URL", "BTS_", "RASA_", "APP_VENV", "MODEL", "VIRTUAL_ENV")
        )
    }
    env.update(
        BTS_CACHE_DIR=str(cache),
        BTS_VAR_DIR=str(var_dir),
        BTS_NOW=FIXED_NOW,
        PYTHONPATH="",
        **assistant._port_env(),
    )
    try:
        with open(var_dir / "make-run.out", "ab") as output:
            assistant.make = subprocess.Popen(
                ["make", "--no-print-directory", "run"],
                cwd=clone,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        assistant.started = time.monotonic()
        # The page is checked as soon as the front server answers: Rasa's loading its model (what the other
        # operations tests wait for) adds nothing to what is checked here.
        with httpx.Client(timeout=30) as http:
            deadline = time.monotonic() + 600
            while not front_answers(http, assistant.front_url):
                assert TRAINING not in assistant.output, "the clone trains a model this run does not have"
                assert assistant.make.poll() is None, f"make run stopped:\n{assistant.output[-3000:]}"
                assert time.monotonic() < deadline, f"no page in 600 s:\n{assistant.output[-3000:]}"
                assistant.remember_groups()
                time.sleep(0.5)
            assistant.remember_groups()
            statuses = page_assets(http, f"{assistant.front_url}/")
        assert (clone / "node_modules" / "@gouvfr" / "dsfr" / "dist" / "dsfr.min.css").is_file()
        assert list(cache.glob("node-*/.complete")), (
            "the npm packages are kept in the cache for the next clone"
        )
        paths = {urlsplit(url).path for url in statuses}
        assert "/dsfr/dsfr.min.css" in paths, f"the page is not styled: it links to {sorted(paths)}"
        assert any(path.endswith(".woff2") for path in paths), "the design system's fonts"
        assert any(path.endswith(".svg") for path in paths), "the design system's icons"
        failed = {url: status for url, status in statuses.items() if status != 200}
        assert not failed, failed

        assistant.signal("term-group")
        seconds, left, ports = assistant.wait_gone()
        assert not left and not ports, (left, ports)
    finally:
        assistant.kill_everything()
