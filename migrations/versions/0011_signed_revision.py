"""Which revision of a dossier the signed confirmation was received for: a modification after it asks for a new
signed confirmation, and the console says which revision was signed and that a later one is not. And the
confirmation e-mail of each revision tried again with backoff when it could not leave: how many attempts, the
last error, when the next attempt is due. And the information note each académie's service uploads, joined to
its confirmation e-mails instead of one note for all.

Dossiers already received before this migration get their current revision (the one the service received);
revisions whose e-mail never left are due for a new attempt at once.

Revision ID: 0011
Revises: 0010
Create Date: 2027-01-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dossier") as batch:
        batch.add_column(sa.Column("signed_revision", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE dossier SET signed_revision = revision WHERE status IN ('recue', 'incomplet', 'complet')"
    )
    with op.batch_alter_table("dossier_revision") as batch:
        batch.add_column(sa.Column("mail_attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("mail_retry_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("mail_error", sa.String(length=200), nullable=True))
    op.create_index("ix_dossier_revision_mail_retry_at", "dossier_revision", ["mail_retry_at"])
    op.execute(
        "UPDATE dossier_revision SET mail_retry_at = validated_at WHERE mailed_at IS NULL AND pdf IS NOT NULL"
    )
    op.create_table(
        "information_note",
        sa.Column("academie_code", sa.String(length=8), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=320), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("academie_code", name="pk_information_note"),
    )


def downgrade() -> None:
    op.drop_table("information_note")
    op.drop_index("ix_dossier_revision_mail_retry_at", table_name="dossier_revision")
    with op.batch_alter_table("dossier_revision") as batch:
        batch.drop_column("mail_error")
        batch.drop_column("mail_retry_at")
        batch.drop_column("mail_attempts")
    with op.batch_alter_table("dossier") as batch:
        batch.drop_column("signed_revision")
