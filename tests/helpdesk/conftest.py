"""Fixtures of the help-desk tests: the store on each database backend (as for the store's unit tests)."""

from tests.unit.store_backends import store

__all__ = ["store"]
