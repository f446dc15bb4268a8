"""Erasing conversations from Rasa's SQL tracker store (table ``events``), for "abandon" and for retention.

The tracker database is found the way the Rasa server finds it: ``BTS_TRACKER_URL`` when set (any
SQLAlchemy URL), else PostgreSQL from ``TRACKER_HOST``/``TRACKER_PORT``/``TRACKER_DB``/``TRACKER_USER``/
``TRACKER_PASSWORD`` (endpoints.production.yml), else the SQLite file ``TRACKER_DB`` (endpoints.yml).
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import datetime

from sqlalchemy import Engine, MetaData, Table, create_engine, delete, func, inspect, select
from sqlalchemy.engine import URL

_engines: dict[str, Engine] = {}
log = logging.getLogger(__name__)
# Rasa writes a turn's events after the action answered, and writes again whatever it finds missing: the
# erasure of a conversation is therefore done now and repeated once Rasa has saved the current turn.
ERASE_AGAIN_AFTER = (2.0, 20.0)


def tracker_url() -> str | None:
    explicit = os.environ.get("BTS_TRACKER_URL")
    if explicit:
        return explicit
    database = os.environ.get("TRACKER_DB")
    if os.environ.get("TRACKER_HOST"):
        return URL.create(
            "postgresql+psycopg",
            username=os.environ.get("TRACKER_USER") or None,
            password=os.environ.get("TRACKER_PASSWORD") or None,
            host=os.environ["TRACKER_HOST"],
            port=int(os.environ.get("TRACKER_PORT") or 5432),
            database=database or "rasa",
        ).render_as_string(hide_password=False)
    return f"sqlite:///{database}" if database else None


def _events(url: str | None) -> tuple[Engine, Table] | None:
    """The tracker store's engine and ``events`` table (at ``url``, else tracker_url()); None when there is none."""
    url = url or tracker_url()
    if not url:
        return None
    engine = _engines.get(url)
    if engine is None:
        engine = _engines[url] = create_engine(url, pool_pre_ping=True)
    if not inspect(engine).has_table("events"):
        return None  # Rasa has not written anything yet
    return engine, Table("events", MetaData(), autoload_with=engine)


def erase_sender(sender_id: str, url: str | None = None) -> int:
    """Delete every stored event of one conversation; returns how many."""
    found = _events(url)
    if not found:
        return 0
    engine, events = found
    with engine.begin() as connection:
        return connection.execute(delete(events).where(events.c.sender_id == sender_id)).rowcount


def purge_before(cutoff: datetime, url: str | None = None) -> int:
    """Delete the conversations whose last event is older than ``cutoff``; returns how many events."""
    found = _events(url)
    if not found:
        return 0
    engine, events = found
    idle = (
        select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(func.max(events.c.timestamp) < cutoff.timestamp())
    )
    with engine.begin() as connection:
        return connection.execute(delete(events).where(events.c.sender_id.in_(idle))).rowcount


def erase_sender_now_and_later(sender_id: str) -> None:
    """Erase a conversation now, and again after Rasa has saved the turn in which it was asked."""
    url = tracker_url()
    if not url:
        return

    def erase() -> None:
        try:
            erase_sender(sender_id, url)
        except Exception as error:  # the retention job erases it later in any case
            log.warning("tracker erasure failed: %s", type(error).__name__)

    erase()
    for delay in ERASE_AGAIN_AFTER:
        timer = threading.Timer(delay, erase)
        timer.daemon = True
        timer.start()


# What a payload-only intent (a button without a choice, a slash command) reads as in the transcript.
INTENT_TITLES = {
    "help": "Aide",
    "go_back": "Retour",
    "abandon": "Abandonner",
    "repeat": "Répéter",
    "human": "Parler à un conseiller",
    "modify": "Modifier une rubrique",
    "affirm": "Oui",
    "deny": "Non",
    "consult": "Consulter ou modifier mon inscription",
    "new_registration": "M'inscrire",
}
OPENED = "(ouvre la discussion)"
UNKNOWN_BUTTON = "(bouton d'une question précédente)"


def _choice(payload: str) -> str:
    """The choice id of a ``/choose{"choice": "id§question"}`` payload, without its question mark."""
    import json

    _, brace, rest = payload.partition("{")
    if not brace:
        return ""
    try:
        value = json.loads(brace + rest)
    except ValueError:
        return ""
    choice = value.get("choice") if isinstance(value, dict) else None
    return str(choice or "").split("\u00a7", 1)[0]


def pressed_title(payload: str, titles: dict[str, str]) -> str:
    """What the candidate read on the button that sent ``payload`` (never the payload itself).

    ``titles`` maps the payloads and the choice ids of the buttons shown so far to their titles."""
    if payload in titles:
        return titles[payload]
    choice = _choice(payload)
    if choice and choice in titles:
        return titles[choice]
    intent = payload[1:].split("{", 1)[0].strip()
    if intent in ("greet", "start") and not choice:
        return OPENED
    return INTENT_TITLES.get(intent, UNKNOWN_BUTTON)


def _buttons(data: dict) -> list[dict]:
    found = (data.get("data") or {}).get("buttons") or []
    return [b for b in found if isinstance(b, dict)]


def transcript(sender_id: str, url: str | None = None, limit: int = 400) -> list[dict[str, str]]:
    """What the candidate and the assistant said, oldest first: [{"who": "candidat"|"assistant", "text", "at"}].

    A button pressed reads as its title (« M'inscrire »), marked ``"pressed": "1"`` (else ``""``); its payload
    (``/choose{…}``, ``/greet``) is never shown."""
    import json
    from datetime import UTC, datetime

    url = url or tracker_url()
    found = _events(url) if url else None
    if not found:
        return []
    engine, events = found
    query = (
        select(events.c.type_name, events.c.timestamp, events.c.data)
        .where(events.c.sender_id == sender_id, events.c.type_name.in_(("user", "bot")))
        .order_by(events.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as connection:
        rows = list(connection.execute(query))
    lines = []
    titles: dict[str, str] = {}
    for type_name, timestamp, data in reversed(rows):
        try:
            event = json.loads(data or "{}")
        except ValueError:
            continue
        for button in _buttons(event):
            title, payload = str(button.get("title") or ""), str(button.get("payload") or "")
            if title and payload:
                titles[payload] = title
                if _choice(payload):
                    titles[_choice(payload)] = title
        text = (event.get("text") or "").strip()
        if not text:
            continue
        at = datetime.fromtimestamp(float(timestamp or 0), UTC).isoformat()
        line = {
            "who": "candidat" if type_name == "user" else "assistant",
            "text": text,
            "at": at,
            "pressed": "",
        }
        if type_name == "user" and text.startswith("/"):
            title = pressed_title(text, titles)
            line.update(text=title, pressed="" if title == OPENED else "1")
        lines.append(line)
    return lines
