"""Fixtures of the help-desk tests: the store on each database backend, and Chromium pages (as in tests/browser).

Chromium is opened for one module at a time: Playwright's sync API keeps an event loop running in this thread
while it is open, so a browser left open by one module would break the asyncio tests (and any other browser) of
the modules that follow in this folder.
"""

import pytest

from tests.browser.conftest import launch_chromium, new_page
from tests.unit.store_backends import store

__all__ = ["browser", "new_page", "store"]


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium()
