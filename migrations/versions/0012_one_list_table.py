"""One table for every list the exam service maintains: the épreuve tables join the calendar, the added
establishments and the diploma lists in ``referential_version``, keyed by (kind, key, version).

Each row of ``epreuve_table_version`` becomes a row of kind ``epreuves`` whose key is the specialty, with the same
version number, source, table (its JSON), author, time, changes and version restored; the level and the date of
the text are read from the table itself. Going down moves them back (level and date worked out again) and drops
the key.

Revision ID: 0012
Revises: 0011
Create Date: 2027-02-02
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

EPREUVES = "epreuves"
COPIED = '"source", "published_by", "published_at", "changes", "restores"'


def upgrade() -> None:
    with op.batch_alter_table("referential_version") as batch:
        batch.add_column(sa.Column("key", sa.String(length=16), nullable=False, server_default=""))
        batch.drop_constraint("uq_referential_version_kind_version", type_="unique")
        batch.create_unique_constraint("uq_referential_version_kind_key_version", ["kind", "key", "version"])
    op.execute(
        f'INSERT INTO referential_version ("kind", "key", "version", "rows", {COPIED}) '
        f'SELECT \'{EPREUVES}\', "specialite", "version", "table", {COPIED} FROM epreuve_table_version ORDER BY "id"'
    )
    op.drop_index("ix_epreuve_table_version_specialite", table_name="epreuve_table_version")
    op.drop_table("epreuve_table_version")


def _level(table: dict[str, Any]) -> str:
    """The level of a stored table, as ``EpreuveTable.level`` gives it (the migration stands on its own)."""
    if not table.get("epreuves"):
        return "absent"
    if table.get("partial"):
        return "partiel"
    return "verifie" if table.get("verified") else "a_verifier"


def downgrade() -> None:
    versions = op.create_table(
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
    lists = sa.table(
        "referential_version",
        sa.column("id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("key", sa.String()),
        sa.column("version", sa.Integer()),
        sa.column("source", sa.Text()),
        sa.column("rows", sa.JSON()),
        sa.column("published_by", sa.String()),
        sa.column("published_at", sa.DateTime(timezone=True)),
        sa.column("changes", sa.Text()),
        sa.column("restores", sa.Integer()),
    )
    connection = op.get_bind()
    found = connection.execute(sa.select(lists).where(lists.c.kind == EPREUVES).order_by(lists.c.id)).all()
    rows = []
    for row in found:
        table = row.rows if isinstance(row.rows, dict) else json.loads(row.rows)
        rows.append(
            {
                "specialite": row.key,
                "version": row.version,
                "level": _level(table),
                "source": row.source,
                "source_date": table.get("source_date"),
                "table": table,
                "published_by": row.published_by,
                "published_at": row.published_at,
                "changes": row.changes,
                "restores": row.restores,
            }
        )
    if rows:
        op.bulk_insert(versions, rows)
    op.execute(sa.delete(lists).where(lists.c.kind == EPREUVES))
    with op.batch_alter_table("referential_version") as batch:
        batch.drop_constraint("uq_referential_version_kind_key_version", type_="unique")
        batch.create_unique_constraint("uq_referential_version_kind_version", ["kind", "version"])
        batch.drop_column("key")
