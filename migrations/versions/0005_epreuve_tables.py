"""Exam tables published by the exam service (one row per version) and the catch-up e-mails sent.

Revision ID: 0005
Revises: 0004
Create Date: 2027-01-15
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "epreuve_table_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("specialite", sa.String(length=8), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_date", sa.String(length=10), nullable=True),
        sa.Column("table", sa.JSON(), nullable=False),
        sa.Column("published_by", sa.String(length=320), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("restores", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_epreuve_table_version")),
        sa.UniqueConstraint("specialite", "version", name="uq_epreuve_table_version_specialite_version"),
    )
    op.create_index("ix_epreuve_table_version_specialite", "epreuve_table_version", ["specialite"])
    op.create_table(
        "epreuve_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("specialite", sa.String(length=8), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossier.id"], name=op.f("fk_epreuve_notice_dossier_id_dossier")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_epreuve_notice")),
        sa.UniqueConstraint("dossier_id", "specialite", "version", name="uq_epreuve_notice_dossier_id"),
    )
    op.create_index("ix_epreuve_notice_dossier_id", "epreuve_notice", ["dossier_id"])


def downgrade() -> None:
    op.drop_table("epreuve_notice")
    op.drop_table("epreuve_table_version")
