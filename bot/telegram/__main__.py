"""Runs the Telegram bridge: long polling by default, a webhook when TELEGRAM_WEBHOOK_URL is set."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from urllib.parse import urlsplit

from bot.rasa_client import url_from_environment
from bot.telegram.app import ALLOWED_UPDATES, build_application
from bot.telegram.webhook import serve_webhook
from registration import metrics


def webhook_secret() -> str:
    """The secret token Telegram must send with each update: required, never optional."""
    secret = os.environ.get("TELEGRAM_WEBHOOK_SECRET", "")
    if not secret:
        sys.exit("TELEGRAM_WEBHOOK_SECRET n'est pas défini : le webhook Telegram ne démarre pas sans lui.")
    return secret


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines would print the token
    metrics.serve_from_environment()
    token = os.environ.get("TELEGRAM_BOT_TOKEN")
    if not token:
        sys.exit("TELEGRAM_BOT_TOKEN n'est pas défini : le pont Telegram ne peut pas démarrer.")
    application = build_application(
        token,
        url_from_environment(),
        os.environ.get("TELEGRAM_API_BASE_URL") or None,
    )
    webhook_url = os.environ.get("TELEGRAM_WEBHOOK_URL")
    if webhook_url:
        asyncio.run(
            serve_webhook(
                application,
                webhook_url,
                # Behind the public proxy (nginx), like every other service.
                listen=os.environ.get("TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1"),
                port=int(os.environ.get("TELEGRAM_WEBHOOK_PORT", "8443")),
                path=urlsplit(webhook_url).path or "/",
                secret=webhook_secret(),
            )
        )
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)


if __name__ == "__main__":
    main()
