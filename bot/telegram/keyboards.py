"""Turns the assistant's buttons into Telegram inline keyboards, keeping long payloads under 64 bytes."""

from __future__ import annotations

import secrets
from collections import OrderedDict
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

MAX_CALLBACK_BYTES = 64  # Telegram's limit on callback_data
SHORT_TITLE = 18  # titles up to this length go two per row
DIRECT, KEYED = "p:", "k:"  # callback_data holds the payload itself, or a key into PayloadStore


class PayloadStore:
    """Per-chat memory of payloads too long for callback_data (short key → payload), bounded in size."""

    def __init__(self, per_chat: int = 300, chats: int = 10_000) -> None:
        self.per_chat, self.chats = per_chat, chats
        self._keys: OrderedDict[int, OrderedDict[str, str]] = OrderedDict()

    def put(self, chat_id: int, payload: str) -> str:
        keys = self._keys.setdefault(chat_id, OrderedDict())
        self._keys.move_to_end(chat_id)
        for key, known in keys.items():
            if known == payload:
                keys.move_to_end(key)
                return key
        key = secrets.token_urlsafe(6)
        keys[key] = payload
        while len(keys) > self.per_chat:
            keys.popitem(last=False)
        while len(self._keys) > self.chats:
            self._keys.popitem(last=False)
        return key

    def get(self, chat_id: int, key: str) -> str | None:
        keys = self._keys.get(chat_id)
        return keys.get(key) if keys is not None else None


def callback_data(chat_id: int, payload: str, store: PayloadStore) -> str:
    data = DIRECT + payload
    if len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES:
        return data
    return KEYED + store.put(chat_id, payload)


def payload_of(chat_id: int, data: str, store: PayloadStore) -> str | None:
    """The payload a pressed button stands for, or None when its key was forgotten (e.g. after a restart)."""
    if data.startswith(DIRECT):
        return data[len(DIRECT) :]
    if data.startswith(KEYED):
        return store.get(chat_id, data[len(KEYED) :])
    return None


def inline_keyboard(chat_id: int, buttons: list[dict[str, Any]], store: PayloadStore) -> InlineKeyboardMarkup:
    """One button per row, or two per row when every title is short."""
    items = [
        InlineKeyboardButton(
            str(b.get("title") or b.get("payload")),
            callback_data=callback_data(chat_id, str(b.get("payload") or b.get("title")), store),
        )
        for b in buttons
    ]
    width = 2 if all(len(item.text) <= SHORT_TITLE for item in items) else 1
    return InlineKeyboardMarkup([items[i : i + width] for i in range(0, len(items), width)])


def title_of(markup: InlineKeyboardMarkup | None, data: str) -> str | None:
    """The title of the button carrying `data` in a message's keyboard."""
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
