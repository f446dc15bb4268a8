"""Published épreuve tables in the store (SQLite and PostgreSQL), the overlay every turn reads, and the
catch-up of dossiers registered under an older table (one e-mail per dossier and version)."""

from __future__ import annotations

import copy
import dataclasses
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from sqlalchemy import event

from registration.helpdesk import AuditLog
from registration.lists import service
from registration.lists.core import Author, Version
from registration.lists.kinds import EXAM_TABLES, exam_tables
from registration.lists.published import context, current_referentials
from registration.referentials import Referentials, load_referentials
from registration.referentials.epreuve_tsv import parse_epreuve_tsv
from registration.referentials.records import ABSENT, PARTIAL, UNVERIFIED, EpreuveTable
from registration.settings import get_settings
from registration.store import Store
from tests.unit.test_store import make_content

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "referentials"
SHARED = DATA / "sources" / "epreuves"
BATIMENT, MCO, TOURISME = "32023012", "32031213", "32033426"


@pytest.fixture(scope="module")
def base():
    return load_referentials(DATA)


# A table published as another server would, without the catch-up e-mails (tested below on their own).
QUIET = dataclasses.replace(EXAM_TABLES, after_publish=None)


def publish_table(
    store: Store, base: Referentials, table: EpreuveTable, *, by: str = "test"
) -> Version[EpreuveTable]:
    """``table`` published as the next version of its specialty (compared with the shipped file first)."""
    done = service.publish_value(
        QUIET, context(store, base, 2027), table, source="", author=Author(by), key=table.specialite
    )
    assert done.version is not None
    return done.version


def revert_table(
    store: Store, base: Referentials, code: str, version: int, *, by: str = "test"
) -> Version[EpreuveTable]:
    """An earlier version of a specialty's table (0: the shipped file) published again."""
    done = service.revert(QUIET, context(store, base, 2027), version, author=Author(by), key=code)
    assert done.version is not None
    return done.version


def shared_table(base, code: str):
    report = parse_epreuve_tsv(
        (SHARED / f"{code}.tsv").read_text(encoding="utf-8"), base.specialites[code], referentials_dir=DATA
    )
    assert report.table is not None, report.messages()
    return report.table


def test_publish_history_current_and_going_back(store, base):
    ctx = context(store, base, 2027)
    assert store.lists_generation() == 0 and service.latest_of_every_key(EXAM_TABLES, ctx) == {}
    first = publish_table(store, base, shared_table(base, BATIMENT), by="claire@example.fr")
    assert (first.version, first.value.level, first.restores) == (1, UNVERIFIED, None)
    assert first.value.source_date.isoformat() == "2011-06-23" and "intitulé" in first.changes
    generation = store.lists_generation()
    assert generation > 0
    fewer = dataclasses.replace(
        first.value, epreuves=first.value.epreuves[:-1], partial=True, note="fin du tableau illisible"
    )
    second = publish_table(store, base, fewer, by="ligne de commande (exam)")
    assert second.version == 2 and second.value.level == PARTIAL
    assert second.changes == "Retirée(s) : EF1 ; état à vérifier → partiel."
    assert store.lists_generation() > generation
    assert [p.version for p in service.history(EXAM_TABLES, ctx, BATIMENT)] == [2, 1]
    assert service.latest_of_every_key(EXAM_TABLES, ctx)[BATIMENT].value.epreuves == fewer.epreuves
    back = revert_table(store, base, BATIMENT, 1, by="claire@example.fr")
    assert (back.version, back.restores) == (3, 1) and back.value.epreuves == first.value.epreuves
    assert back.changes.startswith("Retour à la version 1. Ajoutée(s) : EF1")
    assert back.value.version == 3
    shipped = revert_table(store, base, BATIMENT, 0, by="x@example.fr")
    assert shipped.version == 4 and shipped.value.epreuves == base.epreuve_tables[BATIMENT].epreuves
    with pytest.raises(LookupError):
        revert_table(store, base, BATIMENT, 9, by="x@example.fr")
    audit = AuditLog(store).entries()
    assert [e.action for e in audit] == ["retour règlement"] * 2 + ["publication règlement"] * 2
    assert audit[-1].staff_email == "claire@example.fr" and audit[-1].field == "version 1"
    assert audit[-1].subject == f"règlement d'examen {BATIMENT}"
    assert audit[-1].before == "fichier livré (à vérifier)" and audit[-2].before == "version 1 (à vérifier)"
    assert audit[-2].after.startswith("partiel ; ")


def test_the_overlay_follows_the_generation_with_one_query_per_turn(store, base):
    assert current_referentials(store, base) is base  # nothing published
    publish_table(store, base, shared_table(base, BATIMENT), by="a@example.fr")
    refs = current_referentials(store, base)
    assert refs is not base and refs.epreuve_table(BATIMENT).version == 1
    assert base.epreuve_table(BATIMENT).version == 0  # the loaded files are never changed
    assert refs.epreuves[BATIMENT] == refs.epreuve_table(BATIMENT).epreuves
    assert refs.epreuve_table(MCO) is base.epreuve_table(MCO)
    covered = {c.epreuve_code for d in refs.diplomas_for(BATIMENT) for c in d.covers}
    assert covered <= {e.code for e in refs.epreuves[BATIMENT]}
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    assert current_referentials(store, base) is refs
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1 and "max" in selects[0].lower()
    other = store.__class__(store.database_url)  # another server of the cluster
    try:
        publish_table(other, base, shared_table(base, MCO), by="b@example.fr")
    finally:
        other.dispose()
    again = current_referentials(store, base)
    assert (
        again is not refs
        and again.epreuve_table(MCO).version == 1
        and again.epreuve_table(BATIMENT).version == 1
    )


def a_dossier(store, specialite: str, *, email: str, mark: dict | None, nom: str = "MARTIN"):
    content = copy.deepcopy(make_content(nom=nom, email=email))
    content["specialite"] = {"code": specialite, "title": "…", "option": None}
    if mark is not None:
        content["epreuves_table"] = mark
    return store.validate(content, academie_code="01", session=2027)


def test_dossiers_to_complete_and_one_e_mail_per_dossier_and_version(store, base, tmp_path, monkeypatch):
    monkeypatch.setenv("BTS_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("BTS_NOW", "2026-11-20T10:00:00")  # registrations of Paris 2027 are open
    settings = get_settings()
    old = a_dossier(store, TOURISME, email="ancien@example.org", mark=None, nom="ANCIEN")  # before the key
    absent = a_dossier(
        store,
        TOURISME,
        email="absent@example.org",
        nom="ABSENT",
        mark={"level": ABSENT, "version": 0, "source": "", "source_date": None},
    )
    a_dossier(store, MCO, email="mco@example.org", mark=None, nom="AUTRE")  # another specialty
    ctx = context(store, base, 2027, settings)
    state = exam_tables.table_state(ctx, TOURISME)
    assert state is not None
    assert state.version == 0 and exam_tables.to_complete(ctx, state, 2027) == []
    tourisme = dataclasses.replace(
        shared_table(base, BATIMENT), specialite=TOURISME, title=base.specialites[TOURISME].title
    )
    claire = Author("claire@example.fr")
    done = service.publish_value(EXAM_TABLES, ctx, tourisme, source="", author=claire, key=TOURISME)
    assert done.version is not None and done.version.version == 1 and done.outcome.notices.sent == 2
    pending = exam_tables.to_complete(ctx, done.outcome.state, 2027)
    assert {p.dossier.id for p in pending} == {old.dossier_id, absent.dossier_id}
    assert all(p.notified and p.notified[0] == 1 for p in pending)
    mails = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(mails) == 2
    message = BytesParser(policy=policy.default).parsebytes(mails[0].read_bytes())
    body = message.get_content()
    assert message["To"] in ("ancien@example.org", "absent@example.org")
    assert "Consulter ou modifier mon inscription" in body and "date de naissance" in body
    assert "avant le " in body and "date de clôture des inscriptions" in body
    again = exam_tables.notify_candidates(ctx, done.outcome.state)
    assert (again.sent, again.already) == (0, 2)
    up_to_date = a_dossier(
        store,
        TOURISME,
        email="neuf@example.org",
        nom="NEUF",
        mark={"level": UNVERIFIED, "version": 1, "source": "x", "source_date": None},
    )
    assert up_to_date.dossier_id not in {
        p.dossier.id for p in exam_tables.to_complete(ctx, done.outcome.state, 2027)
    }
    second = service.revert(EXAM_TABLES, ctx, 0, author=claire, key=TOURISME)
    assert second.version is not None and second.version.version == 2
    assert second.outcome.notices.sent == 3  # v0 and v1 dossiers, once more
    monkeypatch.setenv("BTS_NOW", "2027-03-01T10:00:00")  # closed in every académie
    closed = context(store, base, 2027, get_settings())
    third = service.publish_value(EXAM_TABLES, closed, tourisme, source="", author=claire, key=TOURISME)
    assert third.outcome.notices.sent == 0 and third.outcome.notices.closed == 3
