"""The reminders the daily job sent: one row per dossier or draft and kind, so that each leaves once.

Revision ID: 0008
Revises: 0007
Create Date: 2027-01-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name="fk_reminder_dossier_id_dossier"),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["draft.id"], name="fk_reminder_draft_id_draft", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder")),
        sa.UniqueConstraint("kind", "dossier_id", name="uq_reminder_kind_dossier"),
        sa.UniqueConstraint("kind", "draft_id", name="uq_reminder_kind_draft"),
    )


def downgrade() -> None:
    op.drop_table("reminder")
