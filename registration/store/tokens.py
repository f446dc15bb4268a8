"""Download links: unguessable tokens, stored as hashes, that give access to a revision's PDF for a while."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from registration.models import DossierRevision, DownloadToken
from registration.store.dossiers import RevisionView, revision_view
from registration.store.engine import Database, affected_rows, utc


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class DownloadTokens(Database):
    """Issuing, resolving and purging the download tokens of revisions."""

    def create_download_token(self, revision_id: int, ttl: timedelta) -> str:
        """A new unguessable token giving access to a revision's PDF until ``now + ttl``."""
        token = secrets.token_urlsafe(32)
        when = utc(None)

        def work(session: Session) -> None:
            if session.get(DossierRevision, revision_id) is None:
                raise LookupError(f"no revision {revision_id}")
            session.add(
                DownloadToken(
                    token_hash=_token_hash(token),
                    revision_id=revision_id,
                    created_at=when,
                    expires_at=when + ttl,
                )
            )

        self._run(work)
        return token

    def resolve_download_token(self, token: str, now: datetime | None = None) -> RevisionView | None:
        if not token or len(token) > 200:
            return None
        when = utc(now)

        def work(session: Session) -> RevisionView | None:
            row = session.get(DownloadToken, _token_hash(token))
            if row is None or when >= row.expires_at:
                return None
            revision = session.get(DossierRevision, row.revision_id)
            if revision is None:
                return None
            return revision_view(revision.dossier, revision)

        return self._run(work)

    def purge_expired_tokens(self, now: datetime | None = None) -> int:
        """Delete the expired download tokens; returns how many."""
        when = utc(now)
        return self._run(
            lambda s: affected_rows(s, delete(DownloadToken).where(DownloadToken.expires_at <= when))
        )
