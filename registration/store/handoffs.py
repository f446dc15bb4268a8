"""Hand-off requests: conversations that asked for a person, with a copy of their draft for the help-desk."""

from __future__ import annotations

import copy

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from registration.models import HandoffRequest
from registration.store.engine import Database, affected_rows, utc


class Handoffs(Database):
    """Recording, listing and closing the help-desk's hand-off requests."""

    def record_handoff(self, sender_id: str, reason: str, state: dict) -> int:
        """Record that a conversation asks for a person; returns the request's id."""
        when = utc(None)

        def work(session: Session) -> int:
            request = HandoffRequest(
                sender_id=sender_id, reason=reason, state=copy.deepcopy(state), created_at=when, status="OPEN"
            )
            session.add(request)
            session.flush()
            return request.id

        return self._run(work)

    def open_handoffs(self) -> list[dict]:
        """The open hand-off requests, oldest first."""

        def work(session: Session) -> list[dict]:
            rows = session.scalars(
                select(HandoffRequest)
                .where(HandoffRequest.status == "OPEN")
                .order_by(HandoffRequest.created_at, HandoffRequest.id)
            )
            return [
                {
                    "id": row.id,
                    "sender_id": row.sender_id,
                    "reason": row.reason,
                    "state": copy.deepcopy(row.state),
                    "created_at": row.created_at,
                    "status": row.status,
                }
                for row in rows
            ]

        return self._run(work)

    def close_handoff(self, handoff_id: int) -> bool:
        """Mark a hand-off request as dealt with; False when it was not open."""
        when = utc(None)

        def work(session: Session) -> bool:
            closed = affected_rows(
                session,
                update(HandoffRequest)
                .where(HandoffRequest.id == handoff_id, HandoffRequest.status == "OPEN")
                .values(status="CLOSED", closed_at=when),
            )
            return closed == 1

        return self._run(work)
