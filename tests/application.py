"""The registration's application in tests (registration/app.py): made from the environment the test set, or
around a store the test made."""

from __future__ import annotations

from typing import Any

from registration.app import Application, create_app
from registration.conversation.engine.turn import Services
from registration.referentials import load_referentials
from registration.settings import Settings
from registration.store import Store


def application_on(store: Store, **settings: Any) -> Application:
    """The application of the environment's settings (as the test set them, ``settings`` winning) on ``store``."""
    given = Settings.from_environment(database_url=store.database_url, **settings)
    return Application(given, store, load_referentials(given.referentials_dir))


def services_on(store: Store, **settings: Any) -> Services:
    """The conversation's services of :func:`application_on`."""
    return Services.of(application_on(store, **settings))


def new_application(**settings: Any) -> Application:
    """A new application of the environment's settings (``settings`` winning): its own store, migrated."""
    return create_app(Settings.from_environment(**settings))
