"""Migration 0012 on SQLite and PostgreSQL: the exam tables' versions join the other lists' table, keyed by (kind,
key, version), with every value carried over and read back as before; going down gives the old table back."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, text

from registration.lists import service
from registration.lists.core import Author
from registration.lists.kinds import CALENDAR, EXAM_TABLES
from registration.lists.published import context, current_referentials
from registration.referentials import load_referentials
from registration.store import MIGRATIONS_DIR, Store
from tests.unit.store_backends import BACKENDS, database_url
from tests.unit.test_epreuve_versions import BATIMENT, MCO, shared_table

ROOT = Path(__file__).resolve().parents[2]
WHEN = datetime(2027, 1, 10, 9, 30, tzinfo=UTC)


def migrate(url: str, revision: str, *, down: bool = False) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.attributes["database_url"] = url
    config.attributes["configure_logger"] = False
    (command.downgrade if down else command.upgrade)(config, revision)


def table_json(table) -> dict:
    return EXAM_TABLES.encode(table)


@pytest.fixture(scope="module")
def base():
    return load_referentials(ROOT / "referentials")


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_exam_tables_move_into_the_one_table_and_back(backend, tmp_path, base):
    batiment = shared_table(base, BATIMENT)
    partial = EXAM_TABLES.decode({**table_json(batiment), "partial": True, "verified": False}, 2)
    mco = shared_table(base, MCO)
    rows = [
        (
            BATIMENT,
            1,
            "a_verifier",
            batiment,
            "Arrêté du 23 juin 2011",
            None,
            "Première table : 10 épreuve(s).",
        ),
        (BATIMENT, 2, "partiel", partial, "Arrêté du 23 juin 2011", None, "État à vérifier → partiel."),
        (MCO, 1, mco.level, mco, "Arrêté MCO", None, "Première table."),
        (
            BATIMENT,
            3,
            "a_verifier",
            batiment,
            "Arrêté du 23 juin 2011",
            1,
            "Retour à la version 1. Ajoutée(s).",
        ),
    ]
    with database_url(backend, tmp_path) as url:
        migrate(url, "0011")
        engine = create_engine(url)
        with engine.begin() as connection:
            for specialite, version, level, table, source, restores, changes in rows:
                connection.execute(
                    text(
                        'INSERT INTO epreuve_table_version (specialite, version, level, source, source_date, "table", '
                        "published_by, published_at, changes, restores) VALUES (:specialite, :version, :level, "
                        ":source, :source_date, :table, :by, :at, :changes, :restores)"
                    ),
                    {
                        "specialite": specialite,
                        "version": version,
                        "level": level,
                        "source": source,
                        "source_date": table.source_date.isoformat() if table.source_date else None,
                        "table": json.dumps(table_json(table)),
                        "by": "claire@example.fr",
                        "at": WHEN,
                        "changes": changes,
                        "restores": restores,
                    },
                )
            connection.execute(
                text(
                    'INSERT INTO referential_version (kind, version, source, "rows", published_by, published_at, '
                    "changes, restores) VALUES ('calendar', 1, 'Note', '[]', 'x@example.fr', :at, 'Aucune.', NULL)"
                ),
                {"at": WHEN},
            )
        engine.dispose()

        migrate(url, "head")
        store = Store(url)
        try:
            assert "epreuve_table_version" not in inspect(store.engine).get_table_names()
            ctx = context(store, base, 2027)
            history = service.history(EXAM_TABLES, ctx, BATIMENT)
            assert [(v.version, v.restores, v.value.level) for v in history] == [
                (3, 1, "a_verifier"),
                (2, None, "partiel"),
                (1, None, "a_verifier"),
            ]
            assert history[2].value == dataclasses.replace(batiment, version=1)
            assert (
                history[0].changes == "Retour à la version 1. Ajoutée(s)." and history[0].source == rows[3][4]
            )
            assert history[0].published_by == "claire@example.fr" and history[0].published_at == WHEN
            assert [v.version for v in service.history(EXAM_TABLES, ctx, MCO)] == [1]
            assert [v.version for v in service.history(CALENDAR, ctx)] == [1]  # the other lists stay
            refs = current_referentials(store, base)
            assert refs.epreuve_table(BATIMENT).version == 3 and refs.epreuve_table(MCO).version == 1
            # the numbering goes on from the versions carried over
            after = service.publish_value(
                dataclasses.replace(EXAM_TABLES, after_publish=None),
                ctx,
                partial,
                source="",
                author=Author("x@example.fr"),
                key=BATIMENT,
            )
            assert after.version is not None and after.version.version == 4
        finally:
            store.dispose()

        migrate(url, "0011", down=True)
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                back = connection.execute(
                    text(
                        'SELECT specialite, version, level, source_date, "table", restores FROM epreuve_table_version '
                        "ORDER BY specialite, version"
                    )
                ).all()
                left = connection.execute(text("SELECT kind, version FROM referential_version")).all()
        finally:
            engine.dispose()
        tables = [(r[0], r[1], r[2], r[3], r[5]) for r in back]
        written = mco.source_date.isoformat() if mco.source_date else None
        assert tables == [
            (BATIMENT, 1, "a_verifier", "2011-06-23", None),
            (BATIMENT, 2, "partiel", "2011-06-23", None),
            (BATIMENT, 3, "a_verifier", "2011-06-23", 1),
            (BATIMENT, 4, "partiel", "2011-06-23", None),
            (MCO, 1, mco.level, written, None),
        ]
        stored = back[0][4] if isinstance(back[0][4], dict) else json.loads(back[0][4])
        assert stored == table_json(batiment)
        assert [tuple(r) for r in left] == [("calendar", 1)]
