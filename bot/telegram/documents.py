"""Documents a Telegram candidate sends (the signed confirmation, supporting documents): joined to the dossier
the conversation is consulting, after the same checks as the web page (registration/dossier/uploads.py).

The dossier is the one the candidate opened in this chat with its number and birth date (the draft's consultation
state, kept by the action server): never a number the message could carry. Outside a consultation, the candidate
is told how to open it first.
"""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram.bridge import sender_of
from registration.app import Application
from registration.conversation.state import DraftState, Phase
from registration.conversation.texts import TELEGRAM
from registration.dossier import uploads
from registration.store import Store

log = logging.getLogger(__name__)


def consulted_dossier(store: Store, chat_id: int) -> int | None:
    """The dossier this chat is consulting (number and birth date checked in the conversation), else None."""
    state = DraftState.from_dict(store.load_draft(sender_of(chat_id)))
    if state.phase != Phase.CONSULT_MENU:
        return None
    return state.consult.dossier_id


async def receive_document(
    update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int, registration: Application
) -> None:
    store = registration.store
    message = update.effective_message
    if message is None:
        return
    if message.document is not None:
        file_id, name, size = (
            message.document.file_id,
            message.document.file_name or "document",
            message.document.file_size,
        )
    elif message.photo:
        photo = message.photo[-1]  # the largest size Telegram keeps
        file_id, name, size = photo.file_id, "photo.jpg", photo.file_size
    else:
        return
    dossier_id = await run_in_threadpool(consulted_dossier, store, chat_id)
    if dossier_id is None:
        await context.bot.send_message(chat_id, TELEGRAM["document_outside"])
        return
    if size is not None and size > uploads.MAX_BYTES:
        await context.bot.send_message(chat_id, uploads.REFUSALS["too_big"])
        return
    try:
        data = bytes(await (await context.bot.get_file(file_id)).download_as_bytearray())
    except TelegramError as error:
        log.warning("document download failed: %s", type(error).__name__)
        await context.bot.send_message(chat_id, TELEGRAM["document_unreadable"])
        return
    try:
        await uploads.receive_async(
            store, dossier_id, data, name, "telegram", var_dir=registration.settings.var_dir
        )
    except uploads.Refused as refused:
        await context.bot.send_message(chat_id, refused.message)
        return
    await context.bot.send_message(chat_id, TELEGRAM["document_received"].format(name=name))
