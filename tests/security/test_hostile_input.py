"""Hostile input against the running assistant's front server: uploads, exports, imports and scopes hold.

Each test is an attack on the running stack (its supervisor, its front process, its store): a multipart flood,
a 36 MP image, a dossier filled with documents, spreadsheet formulas in the export and the journal, an import
with a line the csv module cannot read, a notice forged in the URL, a closed request of another académie.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import statistics
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from PIL import Image, ImageDraw

from registration.conversation.state import DraftState
from registration.dossier import uploads
from registration.helpdesk import AuditLog, HelpDesk
from registration.staff.directory import StaffDirectory
from tests.conversations.test_registrations import store_of
from tests.samples import paris_candidate

pytestmark = pytest.mark.conversation

PASSWORD = "un mot de passe long et sûr"
# The front's memory may grow by at most one worst-case image's share of the uploads' budget
# (registration/dossier/uploads.py: 40 MP × 4 bytes × 2 copies = 320 MB; docs/sizing.md), however many images of
# 36 MP arrive at once: the budget (512 MB by default) lets one such image be decoded at a time.
MEMORY_BOUND = uploads.WORST_IMAGE


def a_dossier(stack, **changes) -> tuple[int, str]:
    """A validated dossier in académie 01 with a name of its own; (its id, that name)."""
    name = "HOSTILE" + uuid.uuid4().hex[:6].upper()
    content = paris_candidate()
    content["etat_civil"].update(nom=name, date_naissance="03/05/2004")
    for key, value in changes.items():
        content[key] = value
    revision = store_of(stack).validate(content, academie_code="01", session=2027)
    return revision.dossier_id, name


def upload_url(stack, dossier_id: int) -> str:
    token = uploads.upload_token(dossier_id, stack.env()["BTS_SECRET_KEY"])
    return f"{stack.front_url}/pieces/{token}"


def staff_account(stack, role: str = "conseiller", academies: tuple[str, ...] = ("01",)) -> str:
    email = f"agent-{uuid.uuid4().hex[:8]}@ac-test.fr"
    StaffDirectory(store_of(stack)).add(email, PASSWORD, role=role, academies=academies)
    return email


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found[1]


@contextmanager
def console(stack, email: str) -> Iterator[httpx.Client]:
    """A logged-in console client (its address: a loopback of its own, so login limits are not shared)."""
    with httpx.Client(
        base_url=stack.front_url,
        timeout=60,
        transport=httpx.HTTPTransport(local_address=f"127.0.{uuid.uuid4().int % 200 + 20}.7"),
    ) as client:
        page = client.get("/conseillers/connexion")
        done = client.post(
            "/conseillers/connexion",
            data={"csrf": csrf_of(page), "email": email, "password": PASSWORD},
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text[:500]
        yield client


def png(width: int, height: int) -> bytes:
    """A PNG of lines on white: a few hundred KB that decode to width × height pixels."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 50):
        draw.line((0, y, width, y), fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def front_status(stack) -> dict[str, int]:
    """The front process's VmRSS and VmHWM, in bytes."""
    pid = stack.named["front"].pid
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) * 1024
    return found


def flood(size: int, named: bool) -> tuple[str, bytes]:
    """A multipart body of about ``size`` bytes made of empty parts (with a name, or without any header)."""
    boundary = "flood" + uuid.uuid4().hex
    head = 'Content-Disposition: form-data; name="f"\r\n' if named else ""
    part = f"--{boundary}\r\n{head}\r\n\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", part * (
        size // len(part)
    ) + f"--{boundary}--\r\n".encode()


def test_a_multipart_flood_leaves_health_answering_and_the_front_running(stack):
    dossier_id, _ = a_dossier(stack)
    url = upload_url(stack, dossier_id)
    front = stack.supervisor.children["front"]
    pid, restarts = front.process.pid, front.restarts
    bodies = [flood(1 << 20, False), flood(1 << 20, True), flood(2 << 20, True), flood(12 << 20, True)]
    stop = threading.Event()
    answers: list[int] = []

    def attack(body: tuple[str, bytes]) -> None:
        with httpx.Client(timeout=30) as client:
            while not stop.is_set():
                try:
                    sent = client.post(url, content=body[1], headers={"content-type": body[0]})
                    answers.append(sent.status_code)
                except httpx.TransportError:  # the server may close before reading the whole body
                    answers.append(0)

    waits: list[float] = []
    with ThreadPoolExecutor(len(bodies) * 2) as pool:
        for body in bodies * 2:
            pool.submit(attack, body)
        with httpx.Client(base_url=stack.front_url, timeout=10) as health:
            deadline = time.monotonic() + 6
            while time.monotonic() < deadline:
                started = time.monotonic()
                assert health.get("/health").status_code == 200
                waits.append(time.monotonic() - started)
                time.sleep(0.05)
        stop.set()
    print(
        f"/health under a multipart flood: {len(waits)} answers, median {statistics.median(waits) * 1000:.0f} ms,"
        f" slowest {max(waits) * 1000:.0f} ms; {len(answers)} flood requests refused"
    )
    assert len(answers) >= 8 and set(answers) <= {400, 413, 0}, answers[:20]  # 413: over 10 MB
    # Within 200 ms, as when nothing happens: nine answers in ten at least, none beyond a second (the machine
    # running the tests is shared, and a busy scheduler alone can delay one answer; before, 1 MB took 6.8 s).
    assert statistics.quantiles(waits, n=10)[-1] < 0.2 and max(waits) < 1.0, sorted(waits)[-5:]
    assert front.process.pid == pid and front.restarts == restarts  # never killed, never restarted
    assert uploads.files_of(store_of(stack), dossier_id) == []


def test_a_36_megapixel_png_keeps_the_front_memory_under_its_bound(stack):
    data = png(6000, 6000)
    assert len(data) < 1024 * 1024
    dossiers = [a_dossier(stack)[0] for _ in range(3)]
    urls = [upload_url(stack, dossier_id) for dossier_id in dossiers]
    pid = stack.named["front"].pid
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # the peak (VmHWM) starts again from now
    before = front_status(stack)["VmRSS"]

    def send(url: str) -> httpx.Response:
        return httpx.post(url, files={"piece": ("scan.png", data, "image/png")}, timeout=120)

    with ThreadPoolExecutor(3) as pool:
        sent = list(pool.map(send, urls))
    growth = front_status(stack)["VmHWM"] - before
    print(f"three 36 MP PNGs at once: the front's peak grew by {growth / 2**20:.0f} MB")
    assert [s.status_code for s in sent] == [200, 200, 200], [s.text[:300] for s in sent]
    assert growth < MEMORY_BOUND, f"{growth / 2**20:.0f} MB"
    for dossier_id in dossiers:
        (kept,) = uploads.files_of(store_of(stack), dossier_id)
        assert kept.kind == "png"


def test_the_26th_document_of_a_dossier_is_refused_in_french(stack):
    dossier_id, _ = a_dossier(stack)
    url = upload_url(stack, dossier_id)
    small = png(40, 30)
    with httpx.Client(timeout=30) as client:
        for n in range(uploads.MAX_FILES_PER_DOSSIER):
            sent = client.post(url, files={"piece": (f"piece-{n}.png", small, "image/png")})
            assert sent.status_code == 200, (n, sent.text[:300])
        refused = client.post(url, files={"piece": ("une-de-trop.png", small, "image/png")})
    assert refused.status_code == 422
    shown = html.unescape(refused.text)
    assert "déjà reçu 25 documents" in shown and "n'a pas été enregistré" in shown
    assert len(uploads.files_of(store_of(stack), dossier_id)) == 25


def test_spreadsheet_formulas_come_out_quoted_in_the_export_and_the_journal(stack):
    residence = {**paris_candidate()["residence"], "adresse": '+HYPERLINK("//ev.il/a";"Voir")'}
    dossier_id, name = a_dossier(stack, residence=residence, email="=1+1@exemple.fr")
    responsable = staff_account(stack, "responsable", ())
    AuditLog(store_of(stack)).record(
        staff_id=None, staff_email=responsable, action="correction", subject=name, after="@SUM(A1:A9)"
    )
    with console(stack, staff_account(stack)) as client:
        exported = client.get("/conseillers/dossiers/export.csv")
        assert exported.status_code == 200 and exported.headers["x-content-type-options"] == "nosniff"
        rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
        (row,) = [r for r in rows if r["nom"] == name]
        assert row["adresse"] == '\'+HYPERLINK("//ev.il/a";"Voir")' and row["email"] == "'=1+1@exemple.fr"
        lines = client.get("/conseillers/dossiers/export.jsonl").text.splitlines()
        (raw,) = [json.loads(line) for line in lines if name in line]
        assert raw["adresse"] == '+HYPERLINK("//ev.il/a";"Voir")' and raw["email"] == "=1+1@exemple.fr"
    with console(stack, responsable) as client:
        journal = client.get("/conseillers/journal.csv")
        assert journal.status_code == 200 and journal.headers["x-content-type-options"] == "nosniff"
        (entry,) = [r for r in csv.reader(io.StringIO(journal.text), delimiter=";") if name in r]
        assert "'@SUM(A1:A9)" in entry and "@SUM(A1:A9)" not in [c for c in entry if not c.startswith("'")]
    assert dossier_id


def test_an_import_with_a_field_over_the_csv_limit_is_a_422_with_its_line(stack):
    from registration.lists.kinds.former_candidates import COLUMNS as FORMER
    from registration.referentials.calendars import COLUMNS as CALENDAR
    from registration.referentials.etablissements import COLUMNS as ESTABLISHMENTS

    long_field = "x" * (200 * 1024)  # the csv module reads at most 128 KiB in one field

    def file_with(columns: tuple[str, ...]) -> str:
        return ",".join(columns) + "\n01," + long_field + "," * (len(columns) - 2) + "\n"

    files = {
        "anciens-candidats": file_with(FORMER),
        "calendrier": file_with(CALENDAR),
        "etablissements": file_with(ESTABLISHMENTS),
    }
    with console(stack, staff_account(stack, "responsable", ())) as client:
        for slug, text in files.items():
            csrf = csrf_of(client.get(f"/conseillers/{slug}"))
            answer = client.post(
                f"/conseillers/{slug}/apercu",
                data={"csrf": csrf, "source": "Note de service"},
                files={"fichier": ("liste.csv", text.encode(), "text/csv")},
            )
            assert answer.status_code == 422, (slug, answer.status_code, answer.text[:300])
            assert "ligne 2" in answer.text and "trop longue" in answer.text, slug


def test_text_in_the_url_never_appears_as_the_console_notice(stack):
    dossier_id, _ = a_dossier(stack)
    store = store_of(stack)
    sender = "web-" + uuid.uuid4().hex
    store.save_draft(sender, DraftState(answers={"start": "new", "nom": "MARTIN"}).to_dict())
    request_id = HelpDesk(store).open_request(sender, "aide", {}, academie_code="01", step="prenoms")
    forged = "Votre session expire : rappelez le 08 99 00 00 00 avec votre mot de passe"
    with console(stack, staff_account(stack)) as client:
        for path in (f"/conseillers/dossiers/{dossier_id}", f"/conseillers/demandes/{request_id}"):
            page = client.get(path, params={"info": forged})
            assert page.status_code == 200 and "rappelez le 08 99" not in page.text, path
        shown = client.get(f"/conseillers/demandes/{request_id}", params={"info": "prise"})
        assert "Demande prise en charge" in shown.text


def test_a_closed_request_is_refused_to_another_academie(stack):
    """Asked before any address, taken and handed back by a responsable, then the candidate registers in
    Paris: Lyon's conseiller gets 403 on the request and its messages, Paris's reads it."""
    store = store_of(stack)
    desk = HelpDesk(store)
    sender = "web-" + uuid.uuid4().hex
    store.save_draft(sender, DraftState(answers={"start": "new", "nom": "MARTIN"}).to_dict())
    request_id = desk.open_request(sender, "aide", {}, academie_code=None, step="prenoms")
    desk.add_message(sender, "candidat", {"text": "Mon adresse est 12 rue X"}, handoff_id=request_id)
    chef = StaffDirectory(store).find(staff_account(stack, "responsable", ()))
    assert chef is not None and desk.take(request_id, chef.id) and desk.close(request_id, "Rendu au candidat")
    state = DraftState(
        answers={"start": "new", "nom": "MARTIN", "residence_lieu": "france", "code_postal": "75015"}
    )
    store.save_draft(sender, state.to_dict())
    with console(stack, staff_account(stack, academies=("10",))) as lyon:
        page = lyon.get(f"/conseillers/demandes/{request_id}")
        assert page.status_code == 403 and "MARTIN" not in page.text
        messages = lyon.get(f"/conseillers/api/demandes/{request_id}/messages")
        assert messages.status_code == 403 and "12 rue X" not in messages.text
    with console(stack, staff_account(stack, academies=("01",))) as paris:
        assert paris.get(f"/conseillers/demandes/{request_id}").status_code == 200
