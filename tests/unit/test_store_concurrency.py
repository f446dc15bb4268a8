"""Concurrent validations on real SQLite and PostgreSQL get distinct, consecutive dossier numbers."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from registration.models import Dossier, DossierRevision
from registration.store import Store
from tests.unit.store_backends import BACKENDS, database_url

PARALLEL = 50


def content(index: int) -> dict:
    return {
        "etat_civil": {
            "nom": f"CANDIDAT{index}",
            "nom_usage": "",
            "prenoms": "Test",
            "date_naissance": f"{1 + index % 28:02d}/01/2004",
        },
        "email": f"candidat{index}@example.org",
        "specialite": {"code": "32031213", "title": "Management commercial opérationnel", "option": None},
    }


def run_in_threads(url: str, count: int, job) -> list:
    """Run ``job(store, index)`` in ``count`` threads released together, each with its own Store (engine)."""
    stores = [Store(url) for _ in range(count)]
    barrier = threading.Barrier(count)

    def worker(index: int):
        barrier.wait(timeout=60)
        return job(stores[index], index)

    try:
        with ThreadPoolExecutor(max_workers=count) as pool:
            return list(pool.map(worker, range(count)))
    finally:
        for store in stores:
            store.dispose()


def _migrate_then_validate(url: str, indexes: list[int]) -> list[int]:
    """One process: migrate (all processes start on an empty database together), then validate."""
    store = Store(url)
    try:
        store.migrate()
        return [store.validate(content(i), academie_code="01", session=2027).number for i in indexes]
    finally:
        store.dispose()


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path):
    with database_url(request.param, tmp_path) as value:
        store = Store(value)
        store.migrate()
        store.dispose()
        yield value


def count_rows(url: str, model) -> int:
    store = Store(url)
    try:
        with store.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(model)).scalar_one()
    finally:
        store.dispose()


@pytest.mark.timeout(180)
def test_parallel_new_dossiers_get_distinct_consecutive_numbers(url):
    results = run_in_threads(
        url, PARALLEL, lambda store, i: store.validate(content(i), academie_code="01", session=2027)
    )
    numbers = sorted(r.number for r in results)
    assert numbers == list(range(1, PARALLEL + 1))
    assert {r.revision for r in results} == {0}
    assert len({r.dossier_id for r in results}) == PARALLEL
    assert count_rows(url, Dossier) == PARALLEL


@pytest.mark.timeout(180)
def test_parallel_validations_in_two_academies_and_modifications(url):
    setup = Store(url)
    try:
        existing = setup.validate(content(0), academie_code="10", session=2027)
    finally:
        setup.dispose()

    def job(store: Store, index: int):
        if index % 5 == 0:  # a modification of the existing Lyon dossier
            return store.validate(
                content(index), academie_code="10", session=2027, dossier_number=existing.number
            )
        academie = "01" if index % 2 else "25"
        return store.validate(content(index), academie_code=academie, session=2027)

    results = run_in_threads(url, PARALLEL, job)
    # Numbers are national: the new dossiers of both académies share one sequence, after the Lyon dossier's 1.
    numbers = sorted(r.number for r in results if r.academie_code != "10")
    assert numbers == list(range(2, len(numbers) + 2))
    modifications = sorted(r.revision for r in results if r.academie_code == "10")
    assert modifications == list(range(1, PARALLEL // 5 + 1))
    assert {r.label for r in results if r.academie_code == "10"} == {f"1 – {n}" for n in modifications}
    assert count_rows(url, DossierRevision) == PARALLEL + 1


@pytest.mark.timeout(300)
@pytest.mark.parametrize("backend", BACKENDS)
def test_several_processes_migrate_then_validate_together(backend, tmp_path):
    workers = 5
    chunks = [list(range(w, PARALLEL, workers)) for w in range(workers)]
    with database_url(backend, tmp_path) as empty:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            results = pool.map(_migrate_then_validate, [empty] * workers, chunks)
            numbers = sorted(n for chunk in results for n in chunk)
        assert numbers == list(range(1, PARALLEL + 1))
        assert count_rows(empty, Dossier) == PARALLEL


@pytest.mark.timeout(120)
def test_parallel_first_saves_of_one_sender_share_one_draft(url):
    codes = run_in_threads(url, 20, lambda store, i: store.save_draft("web-race", {"step": i}))
    assert len(set(codes)) == 1
    check = Store(url)
    try:
        assert check.resume_code_for("web-race") == codes[0]
        assert check.load_draft("web-race")["step"] in range(20)
    finally:
        check.dispose()
