"""The Rasa custom action that hands every candidate turn to the registration conversation."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.metrics import ACTION_SECONDS, ACTION_TURNS
from actions.turns import run_once
from registration.app import Application
from registration.conversation.engine.turn import Services
from registration.conversation.types import Turn
from registration.helpdesk.desk import channel_of


def message_id(tracker: Tracker) -> str | None:
    """The id the channel gave the latest message (the same on every attempt to send it), if any."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    value = metadata.get("message_id") if isinstance(metadata, dict) else None
    return value if isinstance(value, str) and 0 < len(value) <= 64 else None


def turn_from_tracker(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    entities: dict[str, list[str]] = {}
    for entity in message.get("entities") or []:
        if entity.get("value") is not None:
            entities.setdefault(entity["entity"], []).append(str(entity["value"]))
    metadata = message.get("metadata") or {}
    client = metadata.get("client") if isinstance(metadata, dict) else None
    surface = metadata.get("surface") if isinstance(metadata, dict) else None
    return Turn(
        text=message.get("text") or "",
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        entities=entities,
        client=client if isinstance(client, str) and len(client) <= 64 else None,
        surface="widget" if surface == "widget" else None,
    )


class ActionRegistrationTurn(Action):
    """Every candidate turn, on the application the action server was built with (``actions/server.py``)."""

    def __init__(self, application: Application) -> None:
        self.services = Services.of(application)

    def name(self) -> str:
        return "action_registration_turn"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict]:
        turn = turn_from_tracker(tracker)
        started = time.monotonic()
        replies = await asyncio.get_running_loop().run_in_executor(
            None, run_once, self.services, tracker.sender_id, turn, message_id(tracker)
        )
        ACTION_SECONDS.observe(time.monotonic() - started)
        ACTION_TURNS.labels(channel=channel_of(tracker.sender_id)).inc()
        for reply in replies:
            buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
            if reply.custom:
                if reply.text or buttons:
                    dispatcher.utter_message(text=reply.text or None, buttons=buttons or None)
                dispatcher.utter_message(json_message=reply.custom)
            else:
                dispatcher.utter_message(text=reply.text, buttons=buttons or None)
        label = next((r.custom["dossier"] for r in replies if r.custom and r.custom.get("dossier")), None)
        return [SlotSet("dossier_label", label)] if label else []
