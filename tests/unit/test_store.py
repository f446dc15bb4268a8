"""Tests of the dossier store on real SQLite and PostgreSQL databases built by the Alembic migration."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, select

from registration.app import create_app
from registration.helpdesk import HelpDesk
from registration.helpdesk.desk import OPEN
from registration.models import Base, DossierRevision
from registration.settings import Settings
from registration.settings import now as settings_now
from registration.store import (
    RESUME_ALPHABET,
    RESUME_CODE_LENGTH,
    DossierNotFound,
    StaleRevision,
    Store,
    dossier_label,
    normalize_resume_code,
)
from tests.unit.store_backends import BACKENDS, database_url

T0 = datetime(2026, 10, 20, 9, 30, tzinfo=UTC)


def make_content(
    nom: str = "MARTIN",
    prenoms: str = "Léa Marie",
    date_naissance: str = "03/05/2004",
    email: str = "lea.martin@example.org",
) -> dict:
    return {
        "academie": {"code": "01", "name": "Paris"},
        "session": 2027,
        "former_candidate_number": None,
        "etat_civil": {"nom": nom, "nom_usage": "", "prenoms": prenoms, "date_naissance": date_naissance},
        "naissance": {
            "en_france": True,
            "departement": "69",
            "departement_nom": "Rhône",
            "arrondissement": "3",
            "pays": "France",
            "pays_code": "FR",
        },
        "residence": {
            "a_l_etranger": False,
            "adresse": "12 rue de la Paix",
            "complement": "",
            "lieu_dit": "",
            "code_postal": "75015",
            "localite": "PARIS",
            "pays": "France",
            "pays_code": "FR",
        },
        "email": email,
        "specialite": {"code": "32031213", "title": "Management commercial opérationnel", "option": None},
        "forme": "globale",
        "acquis": [],
        "epreuves": [{"code": "E1", "title": "Culture générale et expression", "status": "INSCRIT"}],
    }


# --- schema ------------------------------------------------------------------------------------


def test_migration_creates_the_models_schema_and_is_idempotent(store):
    store.migrate()  # second run: nothing to do
    with store.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        assert {
            "candidate",
            "dossier",
            "dossier_revision",
            "dossier_counter",
            "draft",
            "former_candidate",
            "attempt_counter",
            "download_token",
            "handoff_request",
            "alembic_version",
        } <= tables
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        assert compare_metadata(context, Base.metadata) == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_parallel_migrations_of_an_empty_database(tmp_path, backend):
    with database_url(backend, tmp_path) as url:
        stores = [Store(url) for _ in range(4)]
        try:
            with ThreadPoolExecutor(max_workers=4) as pool:
                list(pool.map(Store.migrate, stores))
            assert stores[0].validate(make_content(), academie_code="01", session=2027).label == "1 – 0"
        finally:
            for instance in stores:
                instance.dispose()


def test_command_line_and_alembic_ini(tmp_path, monkeypatch):
    from alembic import command
    from alembic.config import Config

    from registration.store import ROOT
    from registration.store.cli import main

    # production: migrating adds no demonstration former candidate; with BTS_DEMO_FORMER_CANDIDATES=1 it does
    monkeypatch.delenv("BTS_DEMO_FORMER_CANDIDATES", raising=False)
    bare = f"sqlite:///{tmp_path / 'production.sqlite3'}"
    assert main(["migrate", "--url", bare]) == 0
    instance = Store(bare)
    try:
        assert instance.find_former_candidate("202501123456", "12/02/2003") is None
    finally:
        instance.dispose()
    monkeypatch.setenv("BTS_DEMO_FORMER_CANDIDATES", "1")
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert main(["migrate", "--url", url]) == 0
    instance = Store(url)
    try:
        assert instance.find_former_candidate("202501123456", "12/02/2003") is not None
    finally:
        instance.dispose()

    # the project's alembic.ini, as the alembic command line uses it, with DATABASE_URL
    other = tmp_path / "alembic-cli.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{other}")
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    command.upgrade(config, "head")
    monkeypatch.delenv("DATABASE_URL")
    instance = Store(f"sqlite:///{other}")
    try:
        instance.migrate()
        assert instance.save_draft("x", {}) and main(["seed", "--url", f"sqlite:///{other}"]) == 0
        assert instance.find_former_candidate("2024 10 654321", "27/09/2001") is not None
    finally:
        instance.dispose()


def test_sqlite_parent_directory_is_created(tmp_path):
    target = tmp_path / "a" / "b" / "bts.sqlite3"
    instance = Store(f"sqlite:///{target}")
    instance.migrate()
    instance.dispose()
    assert target.exists()


def test_default_url_comes_from_settings(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("BTS_VAR_DIR", str(tmp_path / "var"))
    application = create_app()  # the application's store, on the settings' database
    application.dispose()
    assert application.store.database_url == f"sqlite:///{tmp_path / 'var' / 'bts.sqlite3'}"
    assert (tmp_path / "var" / "bts.sqlite3").exists()


def test_the_first_number_comes_from_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("BTS_FIRST_DOSSIER_NUMBER", "175")
    application = create_app(Settings.from_environment(database_url=f"sqlite:///{tmp_path / 'n.sqlite3'}"))
    try:
        assert application.store.validate(make_content(), academie_code="01", session=2027).number == 175
    finally:
        application.dispose()


# --- drafts ------------------------------------------------------------------------------------


def test_draft_round_trip_and_stable_resume_code(store):
    assert store.load_draft("web-1") is None
    assert store.resume_code_for("web-1") is None
    state = {"step": "etat_civil", "slots": {"nom": "MARTIN", "prenoms": "Léa"}, "history": ["start"]}
    code = store.save_draft("web-1", state)
    assert len(code) == 14 and code[4] == code[9] == "-"
    assert set(code.replace("-", "")) <= set(RESUME_ALPHABET)
    assert store.load_draft("web-1") == state

    state["slots"]["date_naissance"] = "03/05/2004"
    assert store.save_draft("web-1", state) == code
    assert store.load_draft("web-1")["slots"]["date_naissance"] == "03/05/2004"
    assert store.resume_code_for("web-1") == code

    other = store.save_draft("telegram-9", {"step": "start"})
    assert other != code


def test_find_draft_by_code_ignores_case_dashes_and_spaces(store):
    code = store.save_draft("web-1", {"step": "residence"})
    raw = code.replace("-", "")
    for typed in (
        code,
        code.lower(),
        raw,
        f" {raw[:6]} {raw[6:]} ",
        f"{raw[:4]}\u2013{raw[4:]}",
        raw.replace("0", "O").replace("1", "I"),
    ):  # Crockford: O reads as 0, I as 1
        assert store.find_draft_by_code(typed) == ("web-1", {"step": "residence"}), typed
    assert store.find_draft_by_code("") is None
    assert store.find_draft_by_code("XXX-XXX") is None
    assert store.find_draft_by_code("UUUU-UUUU-UUUU") is None  # U is not in the alphabet


def test_resume_codes_carry_sixty_bits_and_expire_after_thirty_days(store, monkeypatch):
    import math

    assert RESUME_CODE_LENGTH * math.log2(len(RESUME_ALPHABET)) >= 60
    monkeypatch.setenv("BTS_NOW", "2026-10-20T11:30:00")
    code = store.save_draft("web-1", {"step": "email"})
    monkeypatch.setenv("BTS_NOW", "2026-11-18T11:30:00")  # 29 days later
    assert store.find_draft_by_code(code) is not None
    monkeypatch.setenv("BTS_NOW", "2026-11-19T11:31:00")  # 30 days later
    assert store.find_draft_by_code(code) is None
    assert store.move_draft(code, "telegram-1") is None
    renewed = store.save_draft("web-1", {"step": "email"})  # the owner comes back: a new code
    assert renewed != code and store.find_draft_by_code(renewed) == ("web-1", {"step": "email"})


def test_move_draft_to_another_channel(store):
    code = store.save_draft("web-1", {"step": "specialite", "slots": {"nom": "MARTIN"}})
    store.save_draft("telegram-42", {"step": "start"})  # the new channel had begun something else
    moved, new_code = store.move_draft(code.lower(), "telegram-42")
    assert moved == {"step": "specialite", "slots": {"nom": "MARTIN"}}
    assert new_code != code  # the code typed on the other channel is used up
    assert store.load_draft("web-1") is None
    assert store.load_draft("telegram-42") == moved
    assert store.resume_code_for("telegram-42") == new_code
    assert store.find_draft_by_code(code) is None
    assert store.find_draft_by_code(new_code) == ("telegram-42", moved)
    assert store.move_draft(new_code, "telegram-42") == (
        moved,
        new_code,
    )  # moving to its owner changes nothing
    assert store.move_draft("AAAA-AAAA-AAAA", "x") is None


def test_delete_draft(store):
    code = store.save_draft("web-1", {"step": "email"})
    store.delete_draft("web-1")
    store.delete_draft("web-1")  # already gone: no error
    assert store.load_draft("web-1") is None
    assert store.find_draft_by_code(code) is None
    assert store.save_draft("web-1", {"step": "start"}) != ""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    state=st.dictionaries(
        st.text(max_size=20), st.one_of(st.text(), st.integers(), st.booleans(), st.none()), max_size=5
    ),
    typed=st.text(max_size=40),
)
def test_drafts_keep_any_json_state_and_odd_codes_find_nothing(store, state, typed):
    code = store.save_draft("prop", state)
    assert store.load_draft("prop") == state
    found = store.find_draft_by_code(typed)
    assert found is None or normalize_resume_code(typed) == code.replace("-", "")


# --- validation and revisions ------------------------------------------------------------------


def test_label_format():
    assert dossier_label(175, 0) == "175 \u2013 0"
    assert dossier_label(175, 2) == "175 – 2"


def test_validate_then_modify_keeps_every_revision(store):
    content = make_content()
    first = store.validate(content, academie_code="01", session=2027, validated_at=T0)
    assert (first.number, first.revision, first.label) == (1, 0, "1 – 0")
    assert first.validated_at == T0 and first.validated_at.tzinfo is not None
    store.attach_pdf(first.revision_id, b"%PDF-1.7 first")

    changed = copy.deepcopy(content)
    changed["email"] = "lea.m@example.org"
    changed["residence"]["code_postal"] = "75011"
    paris = timezone(timedelta(hours=1))
    second = store.validate(
        changed,
        academie_code="01",
        session=2027,
        dossier_number=first.number,
        validated_at=datetime(2026, 10, 21, 11, 0, tzinfo=paris),
    )
    assert (second.number, second.revision, second.label) == (1, 1, "1 – 1")
    assert second.dossier_id == first.dossier_id and second.revision_id != first.revision_id
    assert second.validated_at == datetime(2026, 10, 21, 10, 0, tzinfo=UTC)

    revisions = store.revisions(first.dossier_id)
    assert [r.revision for r in revisions] == [0, 1]
    assert [r.label for r in revisions] == ["1 – 0", "1 – 1"]
    assert revisions[0].content == content and revisions[0].pdf == b"%PDF-1.7 first"
    assert revisions[1].content == changed and revisions[1].pdf is None
    assert revisions[0].filename.endswith("-1-0.pdf") and revisions[1].filename.endswith("-1-1.pdf")
    assert revisions[0].validated_at == T0

    view = store.get_dossier("01", 2027, 1)
    assert (view.number, view.revision, view.label, view.content) == (1, 1, "1 – 1", changed)
    assert store.get_dossier("01", 2027, 2) is None
    assert store.get_dossier("02", 2027, 1) is None


def test_numbers_are_national_never_given_twice(store):
    labels = [
        store.validate(make_content(), academie_code=a, session=s).label
        for a, s in [("01", 2027), ("01", 2027), ("10", 2027), ("01", 2028), ("01", 2027)]
    ]
    assert labels == ["1 – 0", "2 – 0", "3 – 0", "4 – 0", "5 – 0"]


def test_national_numbers_start_above_the_numbers_given_per_academie(store):
    """Dossiers numbered per académie before keep theirs; the first national number is above all of them."""
    from registration.models import Dossier, NationalCounter

    older = store.validate(make_content(), academie_code="01", session=2027)
    with store._sessions() as session, session.begin():
        session.get(Dossier, older.dossier_id).number = 40  # as numbered per académie before
        session.query(NationalCounter).delete()
    assert store.validate(make_content(), academie_code="10", session=2027).number == 41


def test_first_number_is_configurable(store):
    realistic = Store(store.database_url, first_number=175)
    try:
        assert realistic.validate(make_content(), academie_code="14", session=2027).label == "175 – 0"
        assert realistic.validate(make_content(), academie_code="14", session=2027).label == "176 – 0"
    finally:
        realistic.dispose()


def test_modifying_an_unknown_dossier_fails(store):
    with pytest.raises(DossierNotFound):
        store.validate(make_content(), academie_code="01", session=2027, dossier_number=99)


def test_stored_content_is_not_shared_with_the_caller(store):
    content = make_content()
    done = store.validate(content, academie_code="01", session=2027)
    content["email"] = "changed@example.org"
    assert store.revisions(done.dossier_id)[0].content["email"] == "lea.martin@example.org"


def test_a_validated_revision_cannot_be_rewritten(store):
    done = store.validate(make_content(), academie_code="01", session=2027)
    store.attach_pdf(done.revision_id, b"%PDF one")
    store.attach_pdf(done.revision_id, b"%PDF one")  # same file again: accepted
    with pytest.raises(ValueError):
        store.attach_pdf(done.revision_id, b"%PDF two")
    with pytest.raises(ValueError), store._sessions() as session, session.begin():
        row = session.get(DossierRevision, done.revision_id)
        row.content = {"tampered": True}
    with pytest.raises(LookupError):
        store.attach_pdf(12345, b"%PDF")
    assert store.revisions(done.dossier_id)[0].content == make_content()


def test_candidate_is_upserted(store):
    store.validate(make_content(email="a@example.org"), academie_code="01", session=2027)
    store.validate(make_content(email="b@example.org"), academie_code="01", session=2027)
    from registration.models import Candidate

    with store._sessions() as session:
        candidates = session.scalars(select(Candidate)).all()
        assert [(c.family_name, c.first_names, c.birth_date, c.email) for c in candidates] == [
            ("MARTIN", "Léa Marie", "03/05/2004", "b@example.org")
        ]


def legacy_number(store, dossier_id: int, number: int) -> None:
    """Gives a dossier the number it would have had when numbers were counted per académie."""
    from registration.models import Dossier

    with store._sessions() as session, session.begin():
        session.get(Dossier, dossier_id).number = number


def test_find_dossiers_by_number_and_birth_date(store):
    lea = store.validate(make_content(), academie_code="01", session=2027)
    other = store.validate(
        make_content(nom="DURAND", prenoms="Paul", date_naissance="11/11/2001"),
        academie_code="01",
        session=2027,
    )
    elsewhere = store.validate(make_content(), academie_code="10", session=2027)
    assert elsewhere.number == 3  # national: never the number of another académie's dossier
    legacy_number(store, elsewhere.dossier_id, 1)  # also number 1 in Lyon, numbered per académie before

    found = store.find_dossiers(1, "03/05/2004")
    assert {(v.academie_code, v.number) for v in found} == {("01", 1), ("10", 1)}
    assert [v.label for v in store.find_dossiers(1, "03/05/2004", academie_code="01")] == ["1 – 0"]
    assert store.find_dossiers(lea.number, "03/05/2004", "01")[0].id == lea.dossier_id
    assert store.find_dossiers(other.number, "11/11/2001")[0].content["etat_civil"]["nom"] == "DURAND"

    # wrong date, wrong number, empty date: nothing
    assert store.find_dossiers(1, "04/05/2004") == []
    assert store.find_dossiers(1, "11/11/2001") == []
    assert store.find_dossiers(3, "03/05/2004") == []
    assert store.find_dossiers(1, "") == []

    # the latest revision decides: a corrected birth date is the one that opens the dossier
    fixed = make_content(date_naissance="04/05/2004")
    store.validate(fixed, academie_code="01", session=2027, dossier_number=1)
    assert [v.label for v in store.find_dossiers(1, "04/05/2004")] == ["1 – 1"]
    assert [v.academie_code for v in store.find_dossiers(1, "03/05/2004")] == ["10"]


def test_same_person_and_address_look_ups(store):
    lea = store.validate(make_content(), academie_code="01", session=2027)
    code = make_content()["specialite"]["code"]
    assert store.same_person_dossiers("martin", "lea marie", "03/05/2004", code, 2027) == [lea.dossier_id]
    assert store.same_person_dossiers("Martin", "Léa-Marie", "03/05/2004", code, 2027) == [lea.dossier_id]
    assert store.same_person_dossiers("Martin", "Léa", "03/05/2004", code, 2027) == []
    assert store.same_person_dossiers("Martin", "Léa Marie", "03/05/2004", code, 2028) == []
    assert store.same_person_dossiers("Martin", "Léa Marie", "03/05/2004", "other", 2027) == []
    found = store.dossiers_of_address("LEA.Martin@example.org ", "03/05/2004", 2027)
    assert [d.id for d in found] == [lea.dossier_id]
    assert store.dossiers_of_address("lea.martin@example.org", "04/05/2004", 2027) == []
    assert store.dossiers_of_address("", "03/05/2004", 2027) == []


# --- idempotent and guarded validation ----------------------------------------------------------


def test_the_same_validation_key_gives_one_dossier(store):
    first = store.validate(make_content(), academie_code="01", session=2027, request_key="k1")
    again = store.validate(make_content(), academie_code="01", session=2027, request_key="k1")
    assert (again.number, again.revision, again.existing) == (first.number, first.revision, True)
    other = store.validate(make_content(), academie_code="01", session=2027, request_key="k2")
    assert other.number == first.number + 1


def test_a_modification_from_an_old_revision_is_refused(store):
    done = store.validate(make_content(), academie_code="01", session=2027)
    store.validate(
        make_content(), academie_code="01", session=2027, dossier_number=done.number, expected_revision=0
    )
    with pytest.raises(StaleRevision) as refused:
        store.validate(
            make_content(), academie_code="01", session=2027, dossier_number=done.number, expected_revision=0
        )
    assert refused.value.current == 1
    assert [r.revision for r in store.revisions(done.dossier_id)] == [0, 1]


def test_mail_state_is_kept_with_the_revision(store):
    done = store.validate(make_content(), academie_code="01", session=2027, request_key="m")
    assert not done.mailed
    store.mark_mailed(done.revision_id)
    assert store.validate(make_content(), academie_code="01", session=2027, request_key="m").mailed


def test_retention_erases_old_drafts_and_handoffs_only(store, monkeypatch):
    monkeypatch.setenv("BTS_NOW", "2026-10-01T10:00:00")
    store.save_draft("old", {"step": "email"})
    HelpDesk(store).open_request(
        "old", "question nom", {"answers": {"nom": "MARTIN"}}, academie_code=None, step="nom"
    )
    done = store.validate(make_content(), academie_code="01", session=2027)
    monkeypatch.setenv("BTS_NOW", "2026-11-20T10:00:00")
    store.save_draft("recent", {"step": "email"})
    counts = store.purge_older_than(T0 + timedelta(days=30))
    assert counts["drafts"] == 1 and counts["handoffs"] == 1
    assert store.load_draft("old") is None and store.load_draft("recent") is not None
    assert store.revisions(done.dossier_id)  # validated dossiers are the exam office's record: kept


def test_erase_conversation_removes_draft_and_handoff_copies(store):
    store.save_draft("web-x", {"step": "email"})
    HelpDesk(store).open_request(
        "web-x", "conseiller", {"answers": {"nom": "MARTIN"}}, academie_code=None, step="nom"
    )
    store.erase_conversation("web-x")
    assert store.load_draft("web-x") is None
    assert all(h.sender_id != "web-x" for h in HelpDesk(store).requests((OPEN,)))


# --- download tokens ---------------------------------------------------------------------------


def test_download_tokens_resolve_then_expire(store):
    done = store.validate(make_content(), academie_code="01", session=2027)
    store.attach_pdf(done.revision_id, b"%PDF-1.7 confirmation")
    token = store.create_download_token(done.revision_id, timedelta(hours=72))
    assert len(token) >= 40
    assert token != store.create_download_token(done.revision_id, timedelta(hours=72))

    now = settings_now()  # the clock the token was issued with (BTS_NOW, tests/conftest.py)
    view = store.resolve_download_token(token, now=now)
    assert view.pdf == b"%PDF-1.7 confirmation" and view.label == "1 – 0" and view.id == done.revision_id
    assert view.filename.endswith(".pdf")
    assert store.resolve_download_token(token, now=now + timedelta(hours=71)) is not None
    assert store.resolve_download_token(token, now=now + timedelta(hours=73)) is None
    assert store.resolve_download_token(token[:-1] + ("A" if token[-1] != "A" else "B"), now=now) is None
    assert store.resolve_download_token("", now=now) is None
    assert store.resolve_download_token("x" * 10_000, now=now) is None
    assert store.purge_expired_tokens(now=now + timedelta(hours=73)) == 2
    assert store.resolve_download_token(token, now=now) is None
    with pytest.raises(LookupError):
        store.create_download_token(999_999, timedelta(hours=1))


def test_token_stays_on_its_revision(store):
    first = store.validate(make_content(), academie_code="01", session=2027)
    token = store.create_download_token(first.revision_id, timedelta(hours=1))
    store.validate(
        make_content(email="new@example.org"), academie_code="01", session=2027, dossier_number=first.number
    )
    assert store.resolve_download_token(token).revision == 0


# --- former candidates -------------------------------------------------------------------------


def test_former_candidates_are_seeded_once_and_found(store):
    store.seed_former_candidates()
    store.seed_former_candidates()
    mco = store.find_former_candidate("2025 01 123456", "12/02/2003")
    assert mco["candidate_number"] == "202501123456"
    assert mco["etat_civil"]["date_naissance"] == "12/02/2003"
    assert mco["specialite"]["code"] == "32031213"
    assert mco["academie"]["name"] == "Paris"
    benefices = {a["epreuve_code"]: a for a in mco["acquis"] if a["position"] == "BENEFICE"}
    assert benefices["E5"]["note"] == 12.5 and benefices["E5"]["annee"] == 2025
    assert benefices["E5"]["academie"] == "Paris"
    assert benefices["E4"]["note"] == 11 and benefices["E4"]["annee"] == 2025
    dispenses = [a for a in mco["acquis"] if a["position"] == "DISPENSE"]
    assert len(dispenses) == 1 and dispenses[0]["note"] is None and dispenses[0]["epreuve_code"] == "E1"
    assert store.find_former_candidate("202501123456", "12/02/2003") == mco

    sio = store.find_former_candidate("2024 10 654321", "27/09/2001")
    assert sio["naissance"]["en_france"] is False and sio["naissance"]["pays_code"] == "MA"
    assert sio["specialite"]["option"]["code"] == "32032614"
    cg = store.find_former_candidate("2023-25-246810", "05/07/1999")
    assert cg["specialite"]["code"] == "32031408"
    assert cg["residence"]["code_postal"] == "99999"

    assert store.find_former_candidate("2025 01 123456", "13/02/2003") is None
    assert store.find_former_candidate("2025 01 123457", "12/02/2003") is None
    assert store.find_former_candidate("", "12/02/2003") is None


# --- help-desk ---------------------------------------------------------------------------------


def test_handoffs(store):
    desk = HelpDesk(store)
    assert desk.requests((OPEN,)) == []
    first = desk.open_request(
        "web-1",
        "conseiller",
        {"step": "acquis", "slots": {"nom": "MARTIN"}},
        academie_code=None,
        step="acquis",
    )
    second = desk.open_request(
        "telegram-7",
        "trois erreurs sur la date de naissance",
        {"step": "etat_civil"},
        academie_code="01",
        step="date_naissance",
    )
    assert first != second
    handoffs = desk.requests((OPEN,))
    assert [h.id for h in handoffs] == [first, second]
    assert handoffs[0].sender_id == "web-1" and handoffs[0].reason == "conseiller"
    assert handoffs[0].state == {"step": "acquis", "slots": {"nom": "MARTIN"}}
    assert handoffs[0].status == "OPEN" and handoffs[0].created_at.tzinfo is not None
    assert handoffs[1].channel == "telegram" and handoffs[1].academie_code == "01"
    assert desk.close(first, "réglé") is True
    assert desk.close(first, "réglé") is False
    assert [h.id for h in desk.requests((OPEN,))] == [second]
