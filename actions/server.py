"""The action server: rasa-sdk's app on 127.0.0.1, answering only calls that carry the shared secret.

Run with ``python -m actions.server --port 5055``. The Rasa server sends ``BTS_ACTION_SECRET`` in the
``X-Action-Secret`` header of every action call (``endpoints*.yml``); any other call gets 403 and nothing
else. Error bodies never echo the request (rasa-sdk's own handler would return the whole tracker).
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os

from rasa_sdk.executor import ActionExecutor
from sanic import Sanic, response
from sanic.request import Request

from actions.metrics import ACTION_ERRORS
from registration import metrics

SECRET_HEADER = "X-Action-Secret"
OPEN_PATHS = frozenset({"/health"})

log = logging.getLogger(__name__)


def build_app(secret: str, package: str = "actions") -> Sanic:
    """The rasa-sdk app with the shared-secret check in front of every route but /health."""
    if not secret:
        raise SystemExit(
            "BTS_ACTION_SECRET n'est pas défini : le serveur d'actions refuse de démarrer sans lui."
        )
    from rasa_sdk.endpoint import create_app

    executor = ActionExecutor()
    executor.register_package(package)
    app = create_app(executor, cors_origins=None)
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
    parser = argparse.ArgumentParser(description="Serveur d'actions de l'assistant de pré-inscription au BTS")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_PORT", 5055)))
    parser.add_argument("--host", default=os.environ.get("ACTION_HOST", "127.0.0.1"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = build_app(os.environ.get("BTS_ACTION_SECRET", ""))
    metrics.serve_from_environment()  # 127.0.0.1:BTS_METRICS_PORT, not this server's port
    # One process (no worker manager): a crash ends the server, and the supervisor sees it.
    app.prepare(host=args.host, port=args.port, single_process=True, access_log=False, motd=False)
    Sanic.serve_single(primary=app)


if __name__ == "__main__":
    main()
