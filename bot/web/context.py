"""The application a front request is served by (``registration/app.py``): its store, settings, referentials,
help-desk and staff directory, one per front process, shared by the chat's pages, its API and the console."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request

from registration.app import Application, current_app


def application_of(front: Starlette) -> Application:
    """The application the front serves: the one it was built with, else this process's (made once)."""
    found = getattr(front.state, "application", None)
    if found is None:
        found = front.state.application = current_app()
    return found


def application(request: Request) -> Application:
    """The application of the front this request came to."""
    return application_of(request.app)
