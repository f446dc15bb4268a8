"""The action server: rasa-sdk's app on 127.0.0.1, answering only calls that carry the shared secret.

Run with ``python -m actions.server --port 5055``. The Rasa server sends ``BTS_ACTION_SECRET`` in the
``X-Action-Secret`` header of every action call (``endpoints*.yml``); any other call gets 403 and nothing
else. Error bodies never echo the request (rasa-sdk's own handler would return the whole tracker). The server
builds the application (``registration/app.py``) once, at start, and hands it to its action.
"""

from __future__ import annotations

import argparse
import hmac
import logging

from rasa_sdk.executor import ActionExecutor
from sanic import Sanic, response
from sanic.request import Request

from actions.metrics import ACTION_ERRORS
from actions.registration import ActionRegistrationTurn
from registration import metrics
from registration.app import Application, create_app
from registration.settings import Settings

SECRET_HEADER = "X-Action-Secret"
OPEN_PATHS = frozenset({"/health"})

log = logging.getLogger(__name__)


def require_secret_set(settings: Settings) -> str:
    """The shared secret (``BTS_ACTION_SECRET``); the server refuses to start without one."""
    if not settings.action_secret:
        raise SystemExit(
            "BTS_ACTION_SECRET n'est pas défini : le serveur d'actions refuse de démarrer sans lui."
        )
    return settings.action_secret


def executor_for(application: Application) -> ActionExecutor:
    """What runs the actions the Rasa server calls (the webhook's executor): the candidate turn, on the
    application."""
    executor = ActionExecutor()
    executor.register_action(ActionRegistrationTurn(application))
    return executor


def build_app(application: Application) -> Sanic:
    """The rasa-sdk app running the application's action, with the shared-secret check in front of every
    route but /health."""
    secret = require_secret_set(application.settings)
    from rasa_sdk.endpoint import create_app as create_sdk_app

    app = create_sdk_app(executor_for(application), cors_origins=None)
    expected = secret.encode("utf-8")

    @app.on_request
    async def require_secret(request: Request):
        if request.path in OPEN_PATHS:
            return None
        given = (request.headers.get(SECRET_HEADER) or "").encode("utf-8")
        if not hmac.compare_digest(given, expected):
            return response.json({"error": "forbidden"}, status=403)
        return None

    async def on_error(request: Request, exception: Exception):
        ACTION_ERRORS.inc()
        log.error("action call failed on %s: %s", request.path, type(exception).__name__)
        return response.json({"error": "internal error"}, status=500)

    # Replaces rasa-sdk's handler for Exception, whose body carries the request (the whole tracker).
    app.error_handler.cached_handlers[(Exception, None)] = on_error
    return app


def main() -> None:
    settings = Settings.from_environment()
    parser = argparse.ArgumentParser(description="Serveur d'actions de l'assistant de pré-inscription au BTS")
    parser.add_argument("--port", type=int, default=settings.action_port)
    parser.add_argument("--host", default=settings.action_host)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    require_secret_set(settings)
    app = build_app(create_app(settings))
    metrics.serve_if_given(settings.metrics_port)  # 127.0.0.1:BTS_METRICS_PORT, not this server's port
    # One process (no worker manager): a crash ends the server, and the supervisor sees it.
    app.prepare(host=args.host, port=args.port, single_process=True, access_log=False, motd=False)
    Sanic.serve_single(primary=app)


if __name__ == "__main__":
    main()
