"""The reminders the daily job sent (one row per dossier or draft and kind, so that each leaves once), and the
documents candidates send for their dossier (the files themselves are under the var directory).

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

    op.create_table(
        "dossier_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("original_name", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name="fk_dossier_file_dossier_id_dossier"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_file")),
        sa.UniqueConstraint("stored_name", name="uq_dossier_file_stored_name"),
    )
    op.create_index("ix_dossier_file_dossier_id", "dossier_file", ["dossier_id"])


def downgrade() -> None:
    op.drop_index("ix_dossier_file_dossier_id", table_name="dossier_file")
    op.drop_table("dossier_file")
    op.drop_table("reminder")
