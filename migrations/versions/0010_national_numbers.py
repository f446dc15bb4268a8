"""Dossier numbers are national (never given twice, whatever the académie or the session), and a dossier keeps
the conversation it started in.

Numbers were counted per (académie, session): a Lyon dossier 8 and a Paris dossier 8 could exist, and the
consultation (number and birth date) could not tell them apart. From now on one counter
(``national_counter``, one row) numbers every new dossier, seeded above every number already given, so a new
number is never one an existing dossier holds; existing dossiers keep theirs (the consultation asks the
académie when an older pair still collides). ``dossier.origin_sender_id`` is the conversation that started
the dossier (a conseiller's phone start, or the chat it began in), whichever conversation validated it.

Revision ID: 0010
Revises: 0009
Create Date: 2027-02-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "national_counter",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("last_number", sa.Integer(), nullable=False),
    )
    op.execute(
        "INSERT INTO national_counter (id, last_number) "
        "SELECT 1, MAX(given) FROM ("
        " SELECT MAX(number) AS given FROM dossier"
        " UNION ALL SELECT MAX(last_number) AS given FROM dossier_counter"
        ") AS numbers HAVING MAX(given) IS NOT NULL"
    )
    with op.batch_alter_table("dossier") as batch:
        batch.add_column(sa.Column("origin_sender_id", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dossier") as batch:
        batch.drop_column("origin_sender_id")
    op.drop_table("national_counter")
