"""The production topology accepts what the application accepts, on those routes only: a candidate's 10 MB
document goes through nginx to the front server and is stored; a larger one, or a large body anywhere else, is
refused by nginx. The cluster runs as an operator starts it (`make run-cluster`'s command), on databases of
its own."""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterator

import httpx
import psycopg
import pytest
from pypdf import PdfWriter

from bot.ops.cluster import Backends
from bot.ops.cluster.databases import admin_dsn
from registration.dossier import uploads
from registration.security.secrets import ensure_secrets
from registration.store import Store
from tests.conftest import FIXED_NOW
from tests.operations.assistant import Assistant, new_assistant
from tests.samples import paris_candidate

pytestmark = pytest.mark.operations


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, rasa) -> Iterator[tuple[Assistant, Store]]:
    name = f"bts_up_{uuid.uuid4().hex[:8]}"
    backends = Backends(store_db=name, tracker_db=f"{name}_trackers")
    assistant = new_assistant(tmp_path_factory.mktemp("uploads"), cluster=True)
    store = None
    try:
        assistant.start(
            *rasa,
            {
                "BTS_NOW": FIXED_NOW,
                "CLUSTER_STORE_DB": backends.store_db,
                "CLUSTER_TRACKER_DB": backends.tracker_db,
            },
        )
        assistant.wait_ready(900)
        store = Store(backends.database_url)
        yield assistant, store
    finally:
        if store is not None:
            store.dispose()
        assistant.kill_everything()
        dsn = admin_dsn(backends.pg_host, backends.pg_port, backends.pg_user, backends.pg_password)
        with psycopg.connect(dsn, autocommit=True) as connection:
            for database in (backends.store_db, backends.tracker_db):
                connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def pdf_of(size: int) -> bytes:
    """A readable one-page PDF of about ``size`` bytes (an attached file of random bytes makes the weight)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("annexe.bin", os.urandom(size - 2000))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_10_mb_document_goes_through_nginx_and_larger_bodies_stop_there(cluster, monkeypatch):
    assistant, store = cluster
    monkeypatch.setenv("BTS_NOW", FIXED_NOW)
    content = paris_candidate()
    dossier_id = store.validate(content, academie_code="01", session=2027).dossier_id
    secret = ensure_secrets(assistant.var_dir, {})["BTS_SECRET_KEY"]
    url = f"{assistant.front_url}/pieces/{uploads.upload_token(dossier_id, secret)}"
    document = pdf_of(10 * 1000 * 1000)
    assert 9_900_000 < len(document) <= uploads.MAX_BYTES

    with httpx.Client(timeout=120) as client:
        sent = client.post(url, files={"piece": ("confirmation.pdf", document, "application/pdf")})
        assert sent.status_code == 200 and "a bien été reçu" in sent.text, sent.text[:500]
        assert sent.headers["x-content-type-options"] == "nosniff"
        (kept,) = uploads.files_of(store, dossier_id)
        assert kept.kind == "pdf" and kept.size == len(document)

        too_big = client.post(url, files={"piece": ("lourd.pdf", document + b"\0" * (600 * 1024))})
        assert too_big.status_code == 413
        elsewhere = client.post(
            f"{assistant.front_url}/api/message",
            content=b'{"message": "' + b"a" * (200 * 1024) + b'"}',
            headers={"content-type": "application/json"},
        )
        assert elsewhere.status_code == 413  # 64 KB off the document and import routes
    assert len(uploads.files_of(store, dossier_id)) == 1
