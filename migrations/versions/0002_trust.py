"""Trust: resume-code age, idempotent validation, mail delivery state, atomic attempt counters.

The per-number ``login_failure`` table is replaced by ``attempt_counter`` (per client and per target).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("draft") as batch:
        batch.add_column(sa.Column("code_issued_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("dossier_revision") as batch:
        batch.add_column(sa.Column("request_key", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("mailed_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_unique_constraint("uq_dossier_revision_request_key", ["request_key"])
    op.create_table(
        "attempt_counter",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("alerted", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_attempt_counter")),
    )
    op.drop_table("login_failure")


def downgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_login_failure")),
    )
    op.drop_table("attempt_counter")
    with op.batch_alter_table("dossier_revision") as batch:
        batch.drop_constraint("uq_dossier_revision_request_key", type_="unique")
        batch.drop_column("mailed_at")
        batch.drop_column("request_key")
    with op.batch_alter_table("draft") as batch:
        batch.drop_column("code_issued_at")
