"""The back office: dossiers' searchable facts and signed-confirmation state, state history, e-mails sent.

The new columns of ``dossier`` are filled from each dossier's latest revision.

Revision ID: 0007
Revises: 0006
Create Date: 2027-01-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = (
    sa.Column("family_name", sa.String(length=200), nullable=False, server_default=""),
    sa.Column("first_names", sa.String(length=200), nullable=False, server_default=""),
    sa.Column("birth_date", sa.String(length=10), nullable=False, server_default=""),
    sa.Column("candidate_number", sa.String(length=32), nullable=True),
    sa.Column("specialite", sa.String(length=16), nullable=False, server_default=""),
    sa.Column("etablissement", sa.String(length=16), nullable=False, server_default=""),
    sa.Column("categorie", sa.String(length=40), nullable=False, server_default=""),
    sa.Column("channel", sa.String(length=16), nullable=True),
    sa.Column("sender_id", sa.String(length=255), nullable=True),
    sa.Column("validated_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("status", sa.String(length=16), nullable=False, server_default="attente"),
    sa.Column("status_detail", sa.Text(), nullable=True),
    sa.Column("status_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("received_on", sa.String(length=10), nullable=True),
    sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false()),
)
INDEXED = (
    "sender_id",
    "family_name",
    "candidate_number",
    "specialite",
    "etablissement",
    "validated_at",
    "status",
)


def upgrade() -> None:
    with op.batch_alter_table("dossier") as batch:
        for column in COLUMNS:
            batch.add_column(column.copy())
    for name in INDEXED:
        op.create_index(f"ix_dossier_{name}", "dossier", [name])
    op.create_table(
        "dossier_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("received_on", sa.String(length=10), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("staff_email", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name="fk_dossier_event_dossier_id_dossier"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_event")),
    )
    op.create_index("ix_dossier_event_dossier_id", "dossier_event", ["dossier_id"])
    op.create_table(
        "dossier_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name="fk_dossier_mail_dossier_id_dossier"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_mail")),
    )
    op.create_index("ix_dossier_mail_dossier_id", "dossier_mail", ["dossier_id"])
    _fill_from_latest_revisions()


def _fill_from_latest_revisions() -> None:
    """Copies each dossier's searchable facts from its latest revision (the same reading as the store's)."""
    from registration.store.dossiers import searchable_facts

    connection = op.get_bind()
    dossier = sa.table(
        "dossier", sa.column("id"), sa.column("revision"), *(sa.column(c.name) for c in COLUMNS)
    )
    revision_table = sa.table(
        "dossier_revision",
        sa.column("dossier_id"),
        sa.column("revision"),
        sa.column("content", sa.JSON()),
        sa.column("validated_at", sa.DateTime(timezone=True)),
    )
    rows = connection.execute(
        sa.select(dossier.c.id, revision_table.c.content, revision_table.c.validated_at).join(
            revision_table,
            sa.and_(
                revision_table.c.dossier_id == dossier.c.id, revision_table.c.revision == dossier.c.revision
            ),
        )
    ).all()
    for dossier_id, content, validated_at in rows:
        facts = searchable_facts(content or {})
        connection.execute(
            sa.update(dossier).where(dossier.c.id == dossier_id).values(validated_at=validated_at, **facts)
        )


def downgrade() -> None:
    op.drop_index("ix_dossier_mail_dossier_id", table_name="dossier_mail")
    op.drop_table("dossier_mail")
    op.drop_index("ix_dossier_event_dossier_id", table_name="dossier_event")
    op.drop_table("dossier_event")
    for name in INDEXED:
        op.drop_index(f"ix_dossier_{name}", table_name="dossier")
    with op.batch_alter_table("dossier") as batch:
        for column in reversed(COLUMNS):
            batch.drop_column(column.name)
