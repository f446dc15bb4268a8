"""Runs the Telegram bridge: long polling by default, a webhook when TELEGRAM_WEBHOOK_URL is set."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from urllib.parse import urlsplit

from bot.telegram.app import ALLOWED_UPDATES, build_application
from bot.telegram.webhook import serve_webhook


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines would print the token
    token = os.environ.get("TELEGRAM_BOT_TOKEN")
    if not token:
        sys.exit("TELEGRAM_BOT_TOKEN n'est pas défini : le pont Telegram ne peut pas démarrer.")
    application = build_application(
        token,
        os.environ.get("RASA_URL", "http://127.0.0.1:5005"),
        os.environ.get("TELEGRAM_API_BASE_URL") or None,
    )
    webhook_url = os.environ.get("TELEGRAM_WEBHOOK_URL")
    if webhook_url:
        asyncio.run(
            serve_webhook(
                application,
                webhook_url,
                listen=os.environ.get("TELEGRAM_WEBHOOK_LISTEN", "0.0.0.0"),
                port=int(os.environ.get("TELEGRAM_WEBHOOK_PORT", "8443")),
                path=urlsplit(webhook_url).path or "/",
                secret=os.environ.get("TELEGRAM_WEBHOOK_SECRET") or None,
            )
        )
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)


if __name__ == "__main__":
    main()
