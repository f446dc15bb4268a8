"""Receives Telegram updates on a webhook served by Starlette and uvicorn (the project's own web stack)."""

from __future__ import annotations

import hmac
import logging

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.telegram.app import ALLOWED_UPDATES

log = logging.getLogger(__name__)


def webhook_app(application: Application, path: str, secret: str) -> Starlette:
    """A web app queueing each update Telegram posts to `path`; an update without the secret token gets 403."""
    if not secret:
        raise ValueError("the Telegram webhook needs a secret token")

    async def receive(request: Request) -> Response:
        if not hmac.compare_digest(request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""), secret):
            return PlainTextResponse("forbidden", status_code=403)
        try:
            update = Update.de_json(await request.json(), application.bot)
        except ValueError:
            return PlainTextResponse("bad request", status_code=400)
        await application.update_queue.put(update)
        return Response()

    async def health(_: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route(path, receive, methods=["POST"]), Route("/health", health)])


async def serve_webhook(
    application: Application, url: str, *, listen: str, port: int, path: str, secret: str
) -> None:
    """Registers the webhook with Telegram and processes updates until the server is stopped."""
    server = uvicorn.Server(
        uvicorn.Config(webhook_app(application, path, secret), host=listen, port=port, log_level="warning")
    )
    async with application:
        if application.post_init:
            await application.post_init(application)
        await application.bot.set_webhook(url, allowed_updates=ALLOWED_UPDATES, secret_token=secret)
        await application.start()
        try:
            await server.serve()
        finally:
            await application.stop()
            if application.post_shutdown:
                await application.post_shutdown(application)
