"""Rasa's SQL tracker store, loading only the end of a conversation so that a turn's cost does not grow with it.

Rasa's ``SQLTrackerStore`` loads every event of the current conversation session on every turn, replays
them into a tracker, lets the policies featurise the whole of it, sends all of it to the action server
(``tracker.current_state(EventVerbosity.ALL)``) and counts it again when saving. A Telegram chat keeps one
sender id for ever, and a candidate may spend hundreds of turns in one session: every turn then costs more
than the one before. Here a tracker is rebuilt from the last ``tail_events`` rows of the conversation at most
(cut so that it starts at a turn boundary or at the latest ``session_started``), plus the latest value of each
slot set earlier in the session. The dialogue needs no more: every candidate turn goes to one action, chosen
by rules that look at the latest user message only, and the registration lives in the dossier store.

Saving writes exactly the events added to the tracker since it was loaded (events another server wrote
meanwhile are not written twice, events erased meanwhile are not written again). Everything else — the
``events`` table, its columns, what is written per event, ``retrieve_full_tracker`` — is Rasa's, so readers of
the table (help-desk transcripts, erasure and retention in ``registration.operations.trackers``) see the same rows.

Configured in ``endpoints*.yml``::

    tracker_store:
      type: rasa_addons.tracker_store.BoundedSQLTrackerStore
      dialect: "sqlite"          # or "postgresql", with url/port/db/username/password as for type: SQL
      db: ${TRACKER_DB}
      tail_events: 30            # optional

This module runs in the Rasa server (Python 3.10, Rasa's SQLAlchemy 1.4).
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_addons import metrics

logger = logging.getLogger(__name__)

TAIL_EVENTS = 30  # rows read per turn at most: four turns of this assistant or more
ACTION_LISTEN = "action_listen"
# Where a loaded tracker stands in the table: (id of the last row loaded, number of events loaded).
_LOADED = "_bounded_store_loaded"
# Indexes that keep the reads of a turn independent of the length of the conversation.
INDEXES = {
    "ix_events_sender_id_id": ("sender_id", "id"),
    "ix_events_sender_type_id": ("sender_id", "type_name", "id"),
}


class BoundedSQLTrackerStore(SQLTrackerStore):
    """An SQL tracker store (SQLite, PostgreSQL) whose trackers hold the end of the conversation only."""

    def __init__(self, domain: Any = None, tail_events: int = TAIL_EVENTS, **kwargs: Any) -> None:
        super().__init__(domain, **kwargs)
        self.tail_events = max(int(tail_events), 8)
        if self.engine.dialect.name == "sqlite":
            self._reopen_sqlite()
        self._create_indexes()
        metrics.serve_once()

    def _reopen_sqlite(self) -> None:
        """SQLite: connections kept open (SQLAlchemy 1.4 opens one per query), write-ahead log, no fsync per turn.

        With the write-ahead log, readers in other processes (transcripts, erasure) do not block the Rasa
        server and are not blocked by it; ``synchronous=NORMAL`` gives up the last turns on a power cut only.
        """
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(
            url, poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False}
        )

        @sa.event.listens_for(self.engine, "connect")
        def configure(connection: Any, record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def _create_indexes(self) -> None:
        table = self.SQLEvent.__table__
        for name, columns in INDEXES.items():
            index = sa.Index(name, *(table.c[column] for column in columns))
            try:
                index.create(bind=self.engine, checkfirst=True)
            except sa.exc.SQLAlchemyError as error:  # another server created it at the same moment
                logger.warning("index %s not created: %s", name, type(error).__name__)
            finally:
                table.indexes.discard(index)  # Rasa's table definition stays Rasa's

    # Reading ------------------------------------------------------------------------------------------------

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        began = time.perf_counter()
        try:
            return await self._retrieve_tail(sender_id, fetch_events_from_all_sessions)
        finally:
            metrics.TRACKER_SECONDS.labels(operation="retrieve").observe(time.perf_counter() - began)

    async def _retrieve_tail(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        if fetch_events_from_all_sessions:
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        event = self.SQLEvent
        with self.session_scope() as session:
            rows = (
                session.query(event.id, event.type_name, event.action_name, event.data)
                .filter(event.sender_id == sender_id)
                .order_by(event.id.desc())
                .limit(self.tail_events)
                .all()
            )
            if not rows:
                return None
            rows.reverse()
            start = _tail_start(rows, whole=len(rows) < self.tail_events)
            if start is None:
                # One turn longer than the tail (never seen): the whole session, as Rasa reads it.
                logger.debug("no turn boundary in the last %d events: reading the session", len(rows))
                whole = await super()._retrieve(sender_id, fetch_events_from_all_sessions)
                if whole is not None:
                    setattr(whole, _LOADED, (rows[-1].id, len(whole.events)))
                return whole
            tail = rows[start:]
            earlier_slots = (
                []
                if tail[0].type_name == SessionStarted.type_name
                else self._slots_before(session, sender_id, tail[0].id)
            )
        events = [json.loads(data) for data in earlier_slots] + [json.loads(row.data) for row in tail]
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        setattr(tracker, _LOADED, (tail[-1].id, len(tracker.events)))
        return tracker

    def _slots_before(self, session: Any, sender_id: str, before_id: int) -> list[str]:
        """The latest event of each slot set in the current session before row `before_id`, oldest first."""
        event = self.SQLEvent
        session_start = (
            session.query(sa.func.coalesce(sa.func.max(event.id), 0))
            .filter(event.sender_id == sender_id, event.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        latest = (
            session.query(sa.func.max(event.id))
            .filter(
                event.sender_id == sender_id,
                event.type_name == SlotSet.type_name,
                event.id > session_start,
                event.id < before_id,
            )
            .group_by(event.action_name)
        )
        return [
            data
            for (data,) in session.query(event.data)
            .filter(event.id.in_(latest.scalar_subquery()))
            .order_by(event.id)
        ]

    # Writing ------------------------------------------------------------------------------------------------

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Writes the events added to `tracker` since it was loaded (or all of a new tracker's)."""
        began = time.perf_counter()
        try:
            await self._save_new(tracker)
        finally:
            metrics.TRACKER_SECONDS.labels(operation="save").observe(time.perf_counter() - began)

    async def _save_new(self, tracker: DialogueStateTracker) -> None:
        loaded = getattr(tracker, _LOADED, None)
        if loaded is None:
            metrics.MESSAGES.inc(sum(isinstance(e, UserUttered) for e in tracker.events))
            await super().save(tracker)  # a tracker this store did not cut: Rasa's own counting
            return
        last_id, count = loaded
        event = self.SQLEvent
        with self.session_scope() as session:
            written_since = (
                session.query(sa.func.count(event.id))
                .filter(event.sender_id == tracker.sender_id, event.id > last_id)
                .scalar()
            )
            new_events = list(tracker.events)[count + written_since :]
            metrics.MESSAGES.inc(sum(isinstance(e, UserUttered) for e in new_events))
            if self.event_broker is not None:
                await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)
            if new_events:
                session.execute(
                    event.__table__.insert(), [self._row(tracker.sender_id, new) for new in new_events]
                )
                last_id = (
                    session.query(sa.func.max(event.id)).filter(event.sender_id == tracker.sender_id).scalar()
                )
                session.commit()
        setattr(tracker, _LOADED, (last_id, len(tracker.events)))

    @staticmethod
    def _row(sender_id: str, event: Event) -> dict[str, Any]:
        """The columns Rasa's SQLTrackerStore.save writes for an event."""
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get("name"),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }


def _tail_start(rows: list[Any], whole: bool) -> int | None:
    """Where a tracker rebuilt from `rows` (the end of a conversation, oldest first) should start.

    At the latest ``session_started`` when there is one (Rasa's sessions: nothing earlier is loaded), else at
    the first ``action_listen`` (a turn boundary). `whole`: the rows are the whole conversation.
    """
    for index in range(len(rows) - 1, -1, -1):
        if rows[index].type_name == SessionStarted.type_name:
            return index
    if whole:
        return 0
    for index, row in enumerate(rows):
        if row.type_name == ActionExecuted.type_name and row.action_name == ACTION_LISTEN:
            return index
    return None
