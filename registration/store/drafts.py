"""Drafts of registrations in progress and their resume codes.

Resume codes: 12 characters of Crockford's base 32 (60 bits), shown as "K7F3-QXA9-M2TD". Read back with
Crockford's tolerance: O is 0, I and L are 1, case, spaces and dashes do not matter. A code is valid for
``RESUME_CODE_TTL`` after it was issued; the next save of an older draft issues a new one.
"""

from __future__ import annotations

import copy
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registration.models import Draft
from registration.store.engine import RETRIES, Database, utc

RESUME_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RESUME_CODE_LENGTH = 12
RESUME_CODE_TTL = timedelta(days=30)
_CROCKFORD_READS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_resume_code() -> str:
    return "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_CODE_LENGTH))


def format_resume_code(code: str) -> str:
    """A normalised resume code as people read it: "K7F3QXA9M2TD" → "K7F3-QXA9-M2TD"."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalize_resume_code(code: str) -> str:
    """What a person typed, reduced to the stored form: upper case, no dashes, spaces or dots, O→0, I/L→1.

    Anything that cannot be a resume code (other characters, other length) becomes "" and finds nothing.
    """
    cleaned = re.sub(r"[\s\-\u2010-\u2015.]", "", code or "").upper().translate(_CROCKFORD_READS)
    if len(cleaned) != RESUME_CODE_LENGTH or any(ch not in RESUME_ALPHABET for ch in cleaned):
        return ""
    return cleaned


def _expired(issued_at: datetime | None, when: datetime) -> bool:
    """Whether a resume code issued then is past its 30 days (codes from before the limit count from now)."""
    return issued_at is not None and when - issued_at >= RESUME_CODE_TTL


class Drafts(Database):
    """The draft of each sender (conversation), found again by its resume code."""

    def save_draft(
        self, sender_id: str, state: dict, place: tuple[str | None, str | None] | None = None
    ) -> str:
        """Create or replace the draft of a sender; returns its resume code (a new one once it is 30 days old).

        ``place``: (académie, question reached) as the conversation reads the draft, kept for the dashboard;
        None leaves them unknown."""
        when = utc(None)
        academie, step = place or (None, None)
        for _ in range(RETRIES):
            code = new_resume_code()

            def work(session: Session, code: str = code) -> str:
                draft = session.scalar(select(Draft).where(Draft.sender_id == sender_id))
                if draft is None:
                    draft = Draft(
                        sender_id=sender_id,
                        resume_code=code,
                        state=copy.deepcopy(state),
                        updated_at=when,
                        code_issued_at=when,
                        academie_code=academie,
                        step=step,
                    )
                    session.add(draft)
                else:
                    draft.state = copy.deepcopy(state)
                    draft.updated_at = when
                    draft.academie_code, draft.step = academie, step
                    if draft.code_issued_at is None or _expired(draft.code_issued_at, when):
                        draft.resume_code, draft.code_issued_at = code, when
                session.flush()
                return draft.resume_code

            try:
                return format_resume_code(self._run(work))
            except IntegrityError:
                continue  # code collision, or the same sender saved concurrently: try again
        raise RuntimeError("could not save the draft")

    def load_draft(self, sender_id: str) -> dict | None:
        def work(session: Session) -> dict | None:
            draft = session.scalar(select(Draft).where(Draft.sender_id == sender_id))
            return copy.deepcopy(draft.state) if draft else None

        return self._run(work)

    def find_draft_by_code(self, resume_code: str) -> tuple[str, dict] | None:
        code = normalize_resume_code(resume_code)
        if not code:
            return None
        when = utc(None)

        def work(session: Session) -> tuple[str, dict] | None:
            draft = session.scalar(select(Draft).where(Draft.resume_code == code))
            if draft is None or _expired(draft.code_issued_at, when):
                return None
            return draft.sender_id, copy.deepcopy(draft.state)

        return self._run(work)

    def move_draft(self, resume_code: str, new_sender_id: str) -> tuple[dict, str] | None:
        """Give the draft with this code to another sender (channel); that sender's own draft is dropped.

        Returns the draft's state and its resume code: a new code when the draft changed hands, so the code
        that was typed on the other channel can no longer be used.
        """
        code = normalize_resume_code(resume_code)
        if not code:
            return None
        when = utc(None)
        fresh = new_resume_code()

        def work(session: Session) -> tuple[dict, str] | None:
            draft = session.scalar(select(Draft).where(Draft.resume_code == code))
            if draft is None or _expired(draft.code_issued_at, when):
                return None
            if draft.sender_id != new_sender_id:
                session.execute(delete(Draft).where(Draft.sender_id == new_sender_id))
                session.flush()
                draft.sender_id = new_sender_id
                draft.updated_at = when
                draft.resume_code, draft.code_issued_at = fresh, when
            return copy.deepcopy(draft.state), format_resume_code(draft.resume_code)

        for _ in range(RETRIES):
            try:
                return self._run(work)
            except IntegrityError:
                fresh = new_resume_code()
        raise RuntimeError("could not move the draft")

    def delete_draft(self, sender_id: str) -> None:
        self._run(lambda session: session.execute(delete(Draft).where(Draft.sender_id == sender_id)))

    def resume_code_for(self, sender_id: str) -> str | None:
        def work(session: Session) -> str | None:
            code = session.scalar(select(Draft.resume_code).where(Draft.sender_id == sender_id))
            return format_resume_code(code) if code else None

        return self._run(work)
