"""Fixtures of the help-desk tests: the store on each database backend, and Chromium pages (as in tests/browser)."""

from tests.browser.conftest import browser, new_page
from tests.unit.store_backends import store

__all__ = ["browser", "new_page", "store"]
