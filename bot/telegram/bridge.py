"""Relays a chat's messages to the assistant and renders its replies (text, inline keyboards, documents)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ChatAction, MessageLimit
from telegram.error import TelegramError

from bot.rasa_client import RasaClient, RasaUnavailable
from bot.telegram.keyboards import PayloadStore, inline_keyboard
from registration.conversation.texts import TELEGRAM

log = logging.getLogger(__name__)


def sender_of(chat_id: int) -> str:
    """The stable Rasa sender of a Telegram chat."""
    return f"telegram-{chat_id}"


INPUT = "input"  # the custom payload by which a reply says what its question expects (guidance.py)


def with_example(text: str | None, expected: dict[str, Any]) -> str | None:
    """The question's text, with its example when a typed answer is expected and the text does not show it."""
    example, question = expected.get("example"), expected.get("question")
    if not text or expected.get("expects") != "type" or not isinstance(example, str) or not example:
        return text
    if not isinstance(question, str) or question not in text or example in text:
        return text
    return text.replace(question, question + "\n" + TELEGRAM["example"].format(example=example), 1)


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Cuts a long text into Telegram-sized pieces, at line breaks when possible."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return pieces + [text]


class Bridge:
    """What the handlers share: the Rasa client, the payload memory, one lock per chat, a PDF downloader."""

    def __init__(self, rasa: RasaClient, downloader: httpx.AsyncClient | None = None) -> None:
        self.rasa = rasa
        self.downloader = downloader or httpx.AsyncClient(timeout=30, follow_redirects=True)
        self.payloads = PayloadStore()
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    @asynccontextmanager
    async def turn(self, chat_id: int) -> AsyncIterator[None]:
        """Handles a chat's updates one at a time, in the order they arrived (other chats run meanwhile)."""
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        self._users[chat_id] = self._users.get(chat_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[chat_id] -= 1
            if not self._users[chat_id]:
                del self._users[chat_id], self._locks[chat_id]

    async def exchange(
        self, bot: Bot, chat_id: int, message: str, before_render: Callable[[], Awaitable[None]] | None = None
    ) -> bool:
        """Sends `message` for this chat and shows the replies; False, after a polite notice, if Rasa is down.

        Nothing is shown, and `before_render` is not called, until the whole answer has arrived.
        """
        await self._typing(bot, chat_id)
        try:
            replies = await self.rasa.send(sender_of(chat_id), message)
        except RasaUnavailable:
            replies = []
        if not replies:  # Rasa's REST channel answers 200 with nothing when the action server failed
            await bot.send_message(chat_id, TELEGRAM["unavailable"])
            return False
        if before_render:
            await before_render()
        await self.render(bot, chat_id, replies)
        return True

    async def render(self, bot: Bot, chat_id: int, replies: list[dict[str, Any]]) -> None:
        expected: dict[str, Any] = next(
            (
                r["custom"]
                for r in replies
                if isinstance(r.get("custom"), dict) and r["custom"].get("type") == INPUT
            ),
            {},
        )
        for reply in replies:
            text, buttons = with_example(reply.get("text"), expected), reply.get("buttons") or []
            if text or buttons:
                markup = inline_keyboard(chat_id, buttons, self.payloads) if buttons else None
                pieces = split_text(text or TELEGRAM["choose"])
                for piece in pieces[:-1]:
                    await bot.send_message(chat_id, piece)
                await bot.send_message(chat_id, pieces[-1], reply_markup=markup)
            custom = reply.get("custom")
            if isinstance(custom, dict) and custom.get("type") == "document" and custom.get("url"):
                await self.send_document(bot, chat_id, custom)
            elif isinstance(custom, dict) and custom.get("type") == "dossier_page" and custom.get("url"):
                await bot.send_message(chat_id, f"{custom.get('title') or ''} : {custom['url']}")
            elif custom and custom.get("type") != INPUT:
                log.info("ignored a custom payload of type %r for chat %s", custom.get("type"), chat_id)

    async def send_document(self, bot: Bot, chat_id: int, document: dict[str, Any]) -> None:
        """Downloads the PDF and sends it; if that fails, sends its link instead."""
        url, dossier = str(document["url"]), str(document.get("dossier") or "")
        filename = str(document.get("filename") or "confirmation.pdf")
        try:
            response = await self.downloader.get(url)
            response.raise_for_status()
        except httpx.HTTPError as error:
            log.warning("could not download the PDF for chat %s: %s", chat_id, type(error).__name__)
            await bot.send_message(chat_id, TELEGRAM["document_link"].format(dossier=dossier, url=url))
            return
        await bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
        await bot.send_document(
            chat_id,
            response.content,
            filename=filename,
            caption=TELEGRAM["document_caption"].format(dossier=dossier),
        )

    @staticmethod
    async def _typing(bot: Bot, chat_id: int) -> None:
        try:
            await bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as error:  # a cosmetic hint: never a reason to drop the message
            log.debug("send_chat_action failed: %r", error)

    @staticmethod
    async def mark_chosen(
        bot: Bot,
        chat_id: int,
        message_id: int,
        text: str | None,
        markup: InlineKeyboardMarkup | None,
        title: str,
    ) -> None:
        """Replaces the keyboard of the answered question by the chosen title, so the history reads well."""
        chosen = TELEGRAM["chosen"].format(title=title)
        try:
            if text and len(text) + len(chosen) + 2 <= MessageLimit.MAX_TEXT_LENGTH:
                await bot.edit_message_text(f"{text}\n\n{chosen}", chat_id=chat_id, message_id=message_id)
                return
            if markup:
                await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
        except TelegramError as error:
            log.debug("could not edit message %s: %r", message_id, error)
        await bot.send_message(chat_id, chosen)

    async def aclose(self) -> None:
        await self.rasa.aclose()
        await self.downloader.aclose()
