"""Hand-off requests as the help-desk sees them: the queue, taking a request, the messages of a held conversation."""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from registration.models import HandoffMessage, HandoffRequest
from registration.settings import now
from registration.store import Store
from registration.store.engine import affected_rows

OPEN, TAKEN, CLOSED = "OPEN", "TAKEN", "CLOSED"


@dataclass(frozen=True)
class RequestView:
    """One hand-off request, with the draft it carries."""

    id: int
    sender_id: str
    reason: str
    status: str
    created_at: datetime
    academie_code: str | None
    channel: str
    step: str | None
    assigned_staff_id: int | None
    state: dict[str, Any]
    outcome: str | None

    def waiting_minutes(self, at: datetime | None = None) -> int:
        return max(0, int(((at or now()) - self.created_at).total_seconds() // 60))

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "statut": self.status,
            "motif": self.reason,
            "canal": self.channel,
            "etape": self.step,
            "academie": self.academie_code,
            "cree_le": self.created_at.isoformat(),
            "attente_minutes": self.waiting_minutes(),
            "pris_par": self.assigned_staff_id,
        }


def _view(row: HandoffRequest) -> RequestView:
    return RequestView(
        id=row.id,
        sender_id=row.sender_id,
        reason=row.reason,
        status=row.status,
        created_at=row.created_at,
        academie_code=row.academie_code,
        channel=row.channel,
        step=row.step,
        assigned_staff_id=row.assigned_staff_id,
        state=copy.deepcopy(row.state),
        outcome=row.outcome,
    )


def channel_of(sender_id: str) -> str:
    return sender_id.split("-", 1)[0] if sender_id.split("-", 1)[0] in ("web", "telegram", "staff") else "web"


class HelpDesk:
    """The queue and the held conversations, on the application's store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # --- requests ---------------------------------------------------------------------------------

    def open_request(
        self,
        sender_id: str,
        reason: str,
        state: dict[str, Any],
        *,
        academie_code: str | None,
        step: str | None,
    ) -> int:
        """Records that a conversation asks for a person (one open request per conversation)."""
        when = now()

        def work(session: Session) -> int:
            existing = session.scalar(
                select(HandoffRequest).where(
                    HandoffRequest.sender_id == sender_id, HandoffRequest.status.in_((OPEN, TAKEN))
                )
            )
            if existing is not None:
                existing.state = copy.deepcopy(state)
                existing.step, existing.academie_code = step, academie_code or existing.academie_code
                return existing.id
            request = HandoffRequest(
                sender_id=sender_id,
                reason=reason,
                state=copy.deepcopy(state),
                created_at=when,
                status=OPEN,
                academie_code=academie_code,
                channel=channel_of(sender_id),
                step=step,
            )
            session.add(request)
            session.flush()
            return request.id

        return self.store.transaction(work)

    def requests(self, statuses: tuple[str, ...] = (OPEN, TAKEN)) -> list[RequestView]:
        """Requests in these statuses, oldest first."""
        return self.store.transaction(
            lambda session: [
                _view(row)
                for row in session.scalars(
                    select(HandoffRequest)
                    .where(HandoffRequest.status.in_(statuses))
                    .order_by(HandoffRequest.created_at, HandoffRequest.id)
                )
            ]
        )

    def queue(self) -> dict[str, tuple[int, datetime | None]]:
        """For OPEN and TAKEN: how many requests, and when the oldest was made (one grouped query)."""

        def work(session: Session) -> dict[str, tuple[int, datetime | None]]:
            rows = session.execute(
                select(HandoffRequest.status, func.count(), func.min(HandoffRequest.created_at))
                .where(HandoffRequest.status.in_((OPEN, TAKEN)))
                .group_by(HandoffRequest.status)
            )
            found = {status: (count, oldest) for status, count, oldest in rows}
            return {status: found.get(status, (0, None)) for status in (OPEN, TAKEN)}

        return self.store.transaction(work)

    def get(self, request_id: int) -> RequestView | None:
        def work(session: Session) -> RequestView | None:
            row = session.get(HandoffRequest, request_id)
            return _view(row) if row else None

        return self.store.transaction(work)

    def follow(self, view: RequestView, academie_code: str | None, step: str | None) -> RequestView:
        """The request with its draft's current académie and question, stored when they changed."""
        if (view.academie_code, view.step) == (academie_code, step):
            return view
        statement = (
            update(HandoffRequest)
            .where(HandoffRequest.id == view.id)
            .values(academie_code=academie_code, step=step)
        )
        self.store.transaction(lambda session: affected_rows(session, statement))
        return replace(view, academie_code=academie_code, step=step)

    def take(self, request_id: int, staff_id: int) -> bool:
        """Assigns an open request; False when somebody else took it first (or it is closed)."""
        return self._move(request_id, (OPEN,), status=TAKEN, assigned_staff_id=staff_id, assigned_at=now())

    def close(self, request_id: int, outcome: str) -> bool:
        return self._move(request_id, (OPEN, TAKEN), status=CLOSED, closed_at=now(), outcome=outcome)

    def _move(self, request_id: int, from_statuses: tuple[str, ...], **values: Any) -> bool:
        """One atomic change of status: True only for the caller whose UPDATE found the request as expected."""
        statement = (
            update(HandoffRequest)
            .where(HandoffRequest.id == request_id, HandoffRequest.status.in_(from_statuses))
            .values(**values)
        )
        return self.store.transaction(lambda session: affected_rows(session, statement) == 1)

    def held(self, sender_id: str) -> RequestView | None:
        """The request of a conversation a conseiller holds now (the assistant stays quiet), if any."""

        def work(session: Session) -> RequestView | None:
            row = session.scalar(
                select(HandoffRequest).where(
                    HandoffRequest.sender_id == sender_id, HandoffRequest.status == TAKEN
                )
            )
            return _view(row) if row else None

        return self.store.transaction(work)

    # --- messages of a held conversation ----------------------------------------------------------

    def add_message(
        self,
        sender_id: str,
        author: str,
        payload: dict[str, Any],
        *,
        handoff_id: int | None = None,
        staff_id: int | None = None,
        delivered: bool = False,
    ) -> int:
        when = now()

        def work(session: Session) -> int:
            message = HandoffMessage(
                sender_id=sender_id,
                handoff_id=handoff_id,
                author=author,
                staff_id=staff_id,
                payload=copy.deepcopy(payload),
                created_at=when,
                delivered_at=when if delivered else None,
            )
            session.add(message)
            session.flush()
            return message.id

        return self.store.transaction(work)

    def messages(self, sender_id: str, after_id: int = 0) -> list[dict[str, Any]]:
        """The messages of a conversation since a message id, oldest first."""
        return self.store.transaction(
            lambda session: [
                {
                    "id": m.id,
                    "author": m.author,
                    "text": m.payload.get("text", ""),
                    "at": m.created_at.isoformat(),
                }
                for m in session.scalars(
                    select(HandoffMessage)
                    .where(HandoffMessage.sender_id == sender_id, HandoffMessage.id > after_id)
                    .order_by(HandoffMessage.id)
                )
            ]
        )

    def undelivered(self, sender_id: str) -> list[dict[str, Any]]:
        """Messages for the candidate (conseiller, assistant) the web chat has not shown yet; marked shown."""
        when = now()

        def work(session: Session) -> list[dict[str, Any]]:
            rows = list(
                session.scalars(
                    select(HandoffMessage)
                    .where(
                        HandoffMessage.sender_id == sender_id,
                        HandoffMessage.author != "candidat",
                        HandoffMessage.delivered_at.is_(None),
                    )
                    .order_by(HandoffMessage.id)
                )
            )
            for row in rows:
                row.delivered_at = when
            return [{"author": row.author, **copy.deepcopy(row.payload)} for row in rows]

        return self.store.transaction(work)
