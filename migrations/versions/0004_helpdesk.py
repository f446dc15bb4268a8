"""Help-desk: who deals with a hand-off request, the messages of a held conversation, the audit log.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handoff_request") as batch:
        batch.add_column(sa.Column("academie_code", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("channel", sa.String(length=16), nullable=False, server_default="web"))
        batch.add_column(sa.Column("step", sa.String(length=160), nullable=True))
        batch.add_column(sa.Column("assigned_staff_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("outcome", sa.Text(), nullable=True))
        batch.create_index("ix_handoff_request_academie_code", ["academie_code"])
    with op.batch_alter_table("handoff_request") as batch:
        batch.alter_column("channel", server_default=None)
    op.create_table(
        "handoff_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=16), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_message")),
    )
    op.create_index("ix_handoff_message_sender_id", "handoff_message", ["sender_id"])
    op.create_index("ix_handoff_message_handoff_id", "handoff_message", ["handoff_id"])
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("staff_email", sa.String(length=320), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("field", sa.String(length=160), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    op.create_index("ix_audit_entry_staff_id", "audit_entry", ["staff_id"])
    op.create_index("ix_audit_entry_created_at", "audit_entry", ["created_at"])


def downgrade() -> None:
    op.drop_table("audit_entry")
    op.drop_table("handoff_message")
    with op.batch_alter_table("handoff_request") as batch:
        batch.drop_index("ix_handoff_request_academie_code")
        for column in ("outcome", "assigned_at", "assigned_staff_id", "step", "channel", "academie_code"):
            batch.drop_column(column)
