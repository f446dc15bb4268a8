"""Runs the Telegram bridge: long polling by default, a webhook when TELEGRAM_WEBHOOK_URL is set."""

from __future__ import annotations

import asyncio
import logging
import sys
from urllib.parse import urlsplit

from bot.telegram.app import ALLOWED_UPDATES, build_application
from bot.telegram.webhook import serve_webhook
from registration import metrics
from registration.app import create_app
from registration.settings import Settings


def webhook_secret(settings: Settings) -> str:
    """The secret token Telegram must send with each update: required, never optional."""
    secret = settings.telegram_webhook_secret
    if not secret:
        sys.exit("TELEGRAM_WEBHOOK_SECRET n'est pas défini : le webhook Telegram ne démarre pas sans lui.")
    return secret


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines would print the token
    settings = Settings.from_environment()
    metrics.serve_if_given(settings.metrics_port)
    token = settings.telegram_token
    if not token:
        sys.exit("TELEGRAM_BOT_TOKEN n'est pas défini : le pont Telegram ne peut pas démarrer.")
    webhook_url = settings.telegram_webhook_url
    secret = webhook_secret(settings) if webhook_url else ""
    application = build_application(
        token,
        settings.rasa_url,
        settings.telegram_api_base_url,
        registration_app=create_app(settings),
    )
    if webhook_url:
        asyncio.run(
            serve_webhook(
                application,
                webhook_url,
                # Behind the public proxy (nginx), like every other service.
                listen=settings.telegram_webhook_listen,
                port=settings.telegram_webhook_port,
                path=urlsplit(webhook_url).path or "/",
                secret=secret,
            )
        )
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)


if __name__ == "__main__":
    main()
