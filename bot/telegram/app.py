"""Builds the python-telegram-bot Application of the bridge: handlers, command menu, Rasa client."""

from __future__ import annotations

from telegram import BotCommand, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import rasa_client
from bot.rasa_client import RasaClient
from bot.telegram import handlers
from bot.telegram.bridge import Bridge
from registration.app import Application as RegistrationApp
from registration.conversation.texts import TELEGRAM_COMMANDS

# The updates the bridge handles; anything else is not even fetched.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


def api_urls(base_url: str) -> tuple[str, str]:
    """The Bot API and file URLs of a server root such as http://127.0.0.1:8081 (a local Bot API server)."""
    root = base_url.rstrip("/")
    if root.endswith("/bot"):
        root = root[: -len("/bot")]
    return f"{root}/bot", f"{root}/file/bot"


async def _register_commands(application: Application) -> None:
    await application.bot.set_my_commands(
        [BotCommand(name, text) for name, text in TELEGRAM_COMMANDS.items()]
    )


async def _close(application: Application) -> None:
    await application.bot_data["bridge"].aclose()


def build_application(
    token: str,
    rasa_url: str,
    base_url: str | None = None,
    *,
    rasa_timeout: float = rasa_client.TIMEOUT,
    rasa_retries: int = rasa_client.RETRIES,
    rasa_backoff: float = rasa_client.BACKOFF,
    registration_app: RegistrationApp | None = None,
) -> Application:
    """The bridge's Application; `base_url` points it at another Bot API server (a local one, or a test's);
    `registration_app` is the registration's application whose store keeps the documents candidates send
    (default: this process's, made on the first document)."""
    builder = (
        Application.builder()
        .token(token)
        .concurrent_updates(64)
        .post_init(_register_commands)
        .post_shutdown(_close)
    )
    if base_url:
        api, files = api_urls(base_url)
        builder = builder.base_url(api).base_file_url(files)
    application = builder.build()
    application.bot_data["registration_app"] = registration_app
    application.bot_data["bridge"] = Bridge(
        RasaClient(
            rasa_url, channel="telegram", timeout=rasa_timeout, retries=rasa_retries, backoff=rasa_backoff
        )
    )
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE  # edited messages are not sent again
    application.add_handler(CommandHandler("start", handlers.on_start, filters=private))
    application.add_handler(
        CommandHandler(list(handlers.COMMAND_WORDS), handlers.on_command_word, filters=private)
    )
    application.add_handler(MessageHandler(private & filters.TEXT, handlers.on_text))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    sent_files = filters.Document.ALL | filters.PHOTO
    application.add_handler(MessageHandler(private & sent_files, handlers.on_document))
    application.add_handler(MessageHandler(private, handlers.on_other))
    application.add_error_handler(handlers.on_error)
    return application
