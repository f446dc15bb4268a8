"""Initial schema: candidates, dossiers and revisions, number counters, drafts, and the helper tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "candidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_name", sa.String(length=200), nullable=False),
        sa.Column("first_names", sa.String(length=200), nullable=False),
        sa.Column("birth_date", sa.String(length=10), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate")),
        sa.UniqueConstraint("family_name", "first_names", "birth_date", name="uq_candidate_identity"),
    )
    op.create_index(op.f("ix_candidate_birth_date"), "candidate", ["birth_date"], unique=False)

    op.create_table(
        "dossier_counter",
        sa.Column("academie_code", sa.String(length=8), nullable=False),
        sa.Column("session", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("academie_code", "session", name=op.f("pk_dossier_counter")),
    )
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("resume_code", sa.String(length=16), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft")),
        sa.UniqueConstraint("resume_code", name=op.f("uq_draft_resume_code")),
        sa.UniqueConstraint("sender_id", name=op.f("uq_draft_sender_id")),
    )
    op.create_table(
        "former_candidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_number", sa.String(length=32), nullable=False),
        sa.Column("birth_date", sa.String(length=10), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_former_candidate")),
        sa.UniqueConstraint("candidate_number", name=op.f("uq_former_candidate_candidate_number")),
    )
    op.create_table(
        "handoff_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_request")),
    )
    op.create_index(op.f("ix_handoff_request_sender_id"), "handoff_request", ["sender_id"], unique=False)
    op.create_index(op.f("ix_handoff_request_status"), "handoff_request", ["status"], unique=False)

    op.create_table(
        "login_failure",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_login_failure")),
    )
    op.create_table(
        "dossier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("academie_code", sa.String(length=8), nullable=False),
        sa.Column("session", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidate.id"], name=op.f("fk_dossier_candidate_id_candidate")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier")),
        sa.UniqueConstraint("academie_code", "session", "number", name="uq_dossier_academie_session_number"),
    )
    op.create_index(op.f("ix_dossier_candidate_id"), "dossier", ["candidate_id"], unique=False)
    op.create_index(op.f("ix_dossier_number"), "dossier", ["number"], unique=False)

    op.create_table(
        "dossier_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("validated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossier.id"], name=op.f("fk_dossier_revision_dossier_id_dossier")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_revision")),
        sa.UniqueConstraint("dossier_id", "revision", name="uq_dossier_revision_dossier_revision"),
    )
    op.create_index(op.f("ix_dossier_revision_dossier_id"), "dossier_revision", ["dossier_id"], unique=False)

    op.create_table(
        "download_token",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["dossier_revision.id"],
            name=op.f("fk_download_token_revision_id_dossier_revision"),
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_download_token")),
    )
    op.create_index(op.f("ix_download_token_revision_id"), "download_token", ["revision_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_download_token_revision_id"), table_name="download_token")

    op.drop_table("download_token")
    op.drop_index(op.f("ix_dossier_revision_dossier_id"), table_name="dossier_revision")

    op.drop_table("dossier_revision")
    op.drop_index(op.f("ix_dossier_number"), table_name="dossier")
    op.drop_index(op.f("ix_dossier_candidate_id"), table_name="dossier")

    op.drop_table("dossier")
    op.drop_table("login_failure")
    op.drop_index(op.f("ix_handoff_request_status"), table_name="handoff_request")
    op.drop_index(op.f("ix_handoff_request_sender_id"), table_name="handoff_request")

    op.drop_table("handoff_request")
    op.drop_table("former_candidate")
    op.drop_table("draft")
    op.drop_table("dossier_counter")
    op.drop_index(op.f("ix_candidate_birth_date"), table_name="candidate")

    op.drop_table("candidate")
