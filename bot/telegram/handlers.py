"""The Telegram handlers: commands, typed text, button presses and anything else a candidate sends."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from starlette.concurrency import run_in_threadpool
from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram import documents
from bot.telegram.bridge import Bridge
from bot.telegram.keyboards import payload_of, title_of
from registration.app import Application, current_app
from registration.conversation.texts import TELEGRAM

log = logging.getLogger(__name__)
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]
# A handler run in its chat's turn: it is also given the chat's id.
ChatHandler = Callable[[Update, ContextTypes.DEFAULT_TYPE, int], Coroutine[Any, Any, None]]

# Command → what is sent to the assistant (the navigation words of the conversation).
COMMAND_WORDS = {"aide": "aide", "retour": "retour", "abandon": "abandon"}


def bridge_of(context: ContextTypes.DEFAULT_TYPE) -> Bridge:
    return context.application.bot_data["bridge"]


def registration_of(context: ContextTypes.DEFAULT_TYPE) -> Application:
    """The registration's application the bridge was built with, else this process's (made once)."""
    given = context.application.bot_data.get("registration_app")
    return given if given is not None else current_app()


def text_of(update: Update) -> str | None:
    """The text of the update's message, None when it has none."""
    message = update.effective_message
    return message.text if message else None


def one_at_a_time(handler: ChatHandler) -> Handler:
    """Runs the handler under its chat's turn, so a chat's updates are answered in order.

    An update that comes from no chat is ignored: there is nowhere to answer it.
    """

    @functools.wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        async with bridge_of(context).turn(chat.id):
            await handler(update, context, chat.id)

    return wrapper


@one_at_a_time
async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """/start greets; "/start <code>" (a deep link t.me/<bot>?start=<code>) resumes a draft."""
    message = f"reprendre {context.args[0]}" if context.args else "bonjour"
    await bridge_of(context).exchange(context.bot, chat_id, message)


@one_at_a_time
async def on_command_word(update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    text = text_of(update)
    if not text:
        return
    command = text.split()[0].lstrip("/").split("@")[0].lower()
    await bridge_of(context).exchange(context.bot, chat_id, COMMAND_WORDS[command])


@one_at_a_time
async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    text = text_of(update)
    if text is None:
        return
    await bridge_of(context).exchange(context.bot, chat_id, text)


@one_at_a_time
async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """Sends the button's payload; once the assistant answered, the keyboard shows the chosen title."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer()  # stops the button's spinner
    except TelegramError as error:  # e.g. a query too old after a restart: the press still counts
        log.debug("answerCallbackQuery failed: %r", error)
    bridge, data = bridge_of(context), query.data or ""
    payload = payload_of(chat_id, data, bridge.payloads)
    if payload is None:
        await context.bot.send_message(chat_id, TELEGRAM["button_expired"])
        await bridge.exchange(context.bot, chat_id, "répéter")
        return
    shown = query.message if isinstance(query.message, Message) else None
    title = title_of(shown.reply_markup if shown else None, data) or payload

    async def echo() -> None:
        if shown:
            await bridge.mark_chosen(
                context.bot, chat_id, shown.message_id, shown.text, shown.reply_markup, title
            )

    await bridge.exchange(context.bot, chat_id, payload, before_render=echo)


@one_at_a_time
async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """A file or a photo: joined to the dossier this chat is consulting (bot/telegram/documents.py)."""
    registration = await run_in_threadpool(registration_of, context)
    await documents.receive_document(update, context, chat_id, registration)


@one_at_a_time
async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    await context.bot.send_message(chat_id, TELEGRAM["text_only"])


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    # The update id only: an update holds the candidate's text and name, which never go to the logs.
    update_id = getattr(update, "update_id", None)
    log.error("error while handling update %s: %s", update_id, type(context.error).__name__)
