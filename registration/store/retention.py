"""Erasure of what conversations leave behind (drafts, hand-off copies, expired links): on demand, by age."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from registration.models import Draft, HandoffMessage, HandoffRequest
from registration.store.engine import affected_rows, utc
from registration.store.tokens import DownloadTokens


class Retention(DownloadTokens):
    """Erasing one conversation's data, and purging what is older than the retention period."""

    def erase_conversation(self, sender_id: str) -> None:
        """Erase what a conversation left here: its draft and the copies held by its hand-off requests."""

        def work(session: Session) -> None:
            session.execute(delete(Draft).where(Draft.sender_id == sender_id))
            session.execute(delete(HandoffRequest).where(HandoffRequest.sender_id == sender_id))
            session.execute(delete(HandoffMessage).where(HandoffMessage.sender_id == sender_id))

        self._run(work)

    def purge_older_than(self, cutoff: datetime) -> dict[str, int]:
        """Erase drafts untouched since ``cutoff``, hand-off requests created before it, expired links."""
        when = utc(cutoff)

        def work(session: Session) -> dict[str, int]:
            return {
                "drafts": affected_rows(session, delete(Draft).where(Draft.updated_at < when)),
                "handoffs": affected_rows(
                    session, delete(HandoffRequest).where(HandoffRequest.created_at < when)
                ),
                "handoff_messages": affected_rows(
                    session, delete(HandoffMessage).where(HandoffMessage.created_at < when)
                ),
            }

        counts = self._run(work)
        counts["download_tokens"] = self.purge_expired_tokens()
        return counts
