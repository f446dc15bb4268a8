"""Registration calendars published by the exam service (one row per version).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("published_by", sa.String(length=320), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("restores", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_version")),
        sa.UniqueConstraint("version", name=op.f("uq_calendar_version_version")),
    )


def downgrade() -> None:
    op.drop_table("calendar_version")
