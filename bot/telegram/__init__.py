"""The Telegram bridge: relays each Telegram chat to the assistant through Rasa's REST channel."""

from bot.telegram.app import build_application

__all__ = ["build_application"]
