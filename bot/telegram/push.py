"""Messages the help-desk sends to a Telegram candidate outside a turn (a conseiller's words, a hand-back)."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.app import api_urls
from bot.telegram.keyboards import DIRECT, MAX_CALLBACK_BYTES
from registration.settings import Settings

log = logging.getLogger(__name__)
PREFIX = "telegram-"


def chat_of(sender_id: str) -> int | None:
    """The Telegram chat of a conversation id ("telegram-42" → 42), None for other channels."""
    if not sender_id.startswith(PREFIX):
        return None
    try:
        return int(sender_id[len(PREFIX) :])
    except ValueError:
        return None


def _keyboard(buttons: list[dict[str, Any]]) -> InlineKeyboardMarkup | None:
    """Buttons whose payload fits Telegram's callback data (the bridge reads them as it reads its own)."""
    rows = [
        [InlineKeyboardButton(str(b.get("title") or ""), callback_data=DIRECT + str(b["payload"]))]
        for b in buttons
        if b.get("payload") and len((DIRECT + str(b["payload"])).encode("utf-8")) <= MAX_CALLBACK_BYTES
    ]
    return InlineKeyboardMarkup(rows) if rows else None


async def send(
    settings: Settings, sender_id: str, text: str, buttons: list[dict[str, Any]] | None = None
) -> bool:
    """Sends one message to the candidate's chat; False when Telegram is not configured (the settings' bot
    token) or refuses it."""
    chat_id = chat_of(sender_id)
    token = settings.telegram_token
    if chat_id is None or not token:
        return False
    base = settings.telegram_api_base_url
    api, files = api_urls(base) if base else (None, None)
    bot = Bot(
        token,
        base_url=api or "https://api.telegram.org/bot",
        base_file_url=files or "https://api.telegram.org/file/bot",
    )
    try:
        async with bot:
            await bot.send_message(chat_id, text, reply_markup=_keyboard(buttons or []))
        return True
    except (
        Exception
    ) as error:  # the message stays in the console's transcript; the conseiller sees the failure
        log.warning("Telegram message to a candidate failed: %s", type(error).__name__)
        return False
