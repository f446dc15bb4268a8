"""Where each draft is: its académie (None while unknown) and the question reached, kept at every save, so that
the dashboard counts unfinished registrations by académie and question with one aggregate query.

Drafts saved before this migration have neither until their next turn (the dashboard shows them « non
enregistrée »).

Revision ID: 0009
Revises: 0008
Create Date: 2027-01-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("draft") as batch:
        batch.add_column(sa.Column("academie_code", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("step", sa.String(length=160), nullable=True))
    op.create_index("ix_draft_academie_code", "draft", ["academie_code"])


def downgrade() -> None:
    op.drop_index("ix_draft_academie_code", table_name="draft")
    with op.batch_alter_table("draft") as batch:
        batch.drop_column("step")
        batch.drop_column("academie_code")
