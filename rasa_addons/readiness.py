"""`GET /webhooks/ready/`: 200 once this Rasa server has a model loaded, 503 while it runs without one.

Rasa 3.6 serves its channels even when the model could not be loaded (``rasa.core.agent.load_agent`` logs
the error and returns an agent without a model), so the REST channel's ``GET /webhooks/rest/`` says nothing
about the model. The supervisor's health check and the rolling update ask this channel instead: a Rasa
server started on a broken model file is seen at once. Registered in credentials.yml; the route takes no
message and answers nothing else. This module runs in the Rasa server (Python 3.10).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

READY = "ready"
NO_MODEL = "no model"


class ModelReadiness(InputChannel):
    """A channel that carries no messages: it only tells whether the agent can answer them."""

    @classmethod
    def name(cls) -> str:
        return "ready"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        readiness = Blueprint("bts_readiness", __name__)

        @readiness.route("/", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            if agent is not None and agent.is_ready():
                return response.json({"status": READY})
            return response.json({"status": NO_MODEL}, status=503)

        return readiness
