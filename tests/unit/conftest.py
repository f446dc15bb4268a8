"""Fixtures shared by the unit tests: the store on each database backend."""

from tests.unit.store_backends import store

__all__ = ["store"]
