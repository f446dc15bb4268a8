"""The Telegram handlers: commands, typed text, button presses and anything else a candidate sends."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram import messages
from bot.telegram.bridge import Bridge
from bot.telegram.keyboards import payload_of, title_of

log = logging.getLogger(__name__)
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]

# Command → what is sent to the assistant (the navigation words of the conversation).
COMMAND_WORDS = {"aide": "aide", "retour": "retour", "abandon": "abandon"}


def bridge_of(context: ContextTypes.DEFAULT_TYPE) -> Bridge:
    return context.application.bot_data["bridge"]


def one_at_a_time(handler: Handler) -> Handler:
    """Runs the handler under its chat's turn, so a chat's updates are answered in order."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        async with bridge_of(context).turn(update.effective_chat.id):
            await handler(update, context)

    return wrapper


@one_at_a_time
async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start greets; "/start <code>" (a deep link t.me/<bot>?start=<code>) resumes a draft."""
    message = f"reprendre {context.args[0]}" if context.args else "bonjour"
    await bridge_of(context).exchange(context.bot, update.effective_chat.id, message)


@one_at_a_time
async def on_command_word(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    command = update.effective_message.text.split()[0].lstrip("/").split("@")[0].lower()
    await bridge_of(context).exchange(context.bot, update.effective_chat.id, COMMAND_WORDS[command])


@one_at_a_time
async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await bridge_of(context).exchange(context.bot, update.effective_chat.id, update.effective_message.text)


@one_at_a_time
async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends the button's payload; once the assistant answered, the keyboard shows the chosen title."""
    query = update.callback_query
    try:
        await query.answer()  # stops the button's spinner
    except TelegramError as error:  # e.g. a query too old after a restart: the press still counts
        log.debug("answerCallbackQuery failed: %r", error)
    bridge, chat_id = bridge_of(context), update.effective_chat.id
    payload = payload_of(chat_id, query.data or "", bridge.payloads)
    if payload is None:
        await context.bot.send_message(chat_id, messages.BUTTON_EXPIRED)
        await bridge.exchange(context.bot, chat_id, "répéter")
        return
    shown = query.message if isinstance(query.message, Message) else None
    title = title_of(shown.reply_markup if shown else None, query.data) or payload

    async def echo() -> None:
        if shown:
            await bridge.mark_chosen(
                context.bot, chat_id, shown.message_id, shown.text, shown.reply_markup, title
            )

    await bridge.exchange(context.bot, chat_id, payload, before_render=echo)


@one_at_a_time
async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await context.bot.send_message(update.effective_chat.id, messages.TEXT_ONLY)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    # The update id only: an update holds the candidate's text and name, which never go to the logs.
    update_id = getattr(update, "update_id", None)
    log.error("error while handling update %s: %s", update_id, type(context.error).__name__)
