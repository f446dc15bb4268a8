"""The help-desk's tables: staff accounts and their login sessions (on the application's declarative base)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from registration.models import Base

ROLE_CONSEILLER = "conseiller"
ROLE_RESPONSABLE = "responsable"
ROLES = (ROLE_CONSEILLER, ROLE_RESPONSABLE)


class Staff(Base):
    """A member of the exam office's help-desk: a conseiller (some académies) or a responsable (all)."""

    __tablename__ = "staff"
    __table_args__ = (CheckConstraint("role IN ('conseiller', 'responsable')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # lower case
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id, PHC string format
    role: Mapped[str] = mapped_column(String(16))
    academies: Mapped[str] = mapped_column(String(255), default="")  # "01,24"; empty for a responsable: all
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)  # wrong passwords since the last lock
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None]


class StaffSession(Base):
    """A logged-in browser; only the SHA-256 of the cookie's token is stored."""

    __tablename__ = "staff_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
