"""What holds against hostile input without a server: formula cells, the upload budget, the limits nginx
gives the application's routes, which forwarded headers are believed, and the multipart limits."""

from __future__ import annotations

import csv
import io
import threading
import time
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.web.forms import FormRefused, FormTooLarge, read_multipart
from registration.documents.spreadsheet import csv_writer, safe_cell
from registration.dossier.uploads import MemoryBudget


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ('+HYPERLINK("//ev.il/a";"Voir")', '\'+HYPERLINK("//ev.il/a";"Voir")'),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("12, rue de l'Église", "12, rue de l'Église"),
        ("zoe=1@exemple.fr", "zoe=1@exemple.fr"),
        ("", ""),
    ],
)
def test_a_cell_a_spreadsheet_would_read_as_a_formula_starts_with_a_quote(cell, written):
    assert safe_cell(cell) == written
    out = io.StringIO()
    csv_writer(out, delimiter=";").writerow([cell, 12, None])
    assert next(csv.reader(io.StringIO(out.getvalue()), delimiter=";")) == [written, "12", ""]


def test_the_upload_budget_lets_shares_in_only_while_they_fit():
    budget = MemoryBudget(100)
    inside: list[str] = []

    def second() -> None:
        with budget.hold(60):
            inside.append("second")

    with budget.hold(60):
        waiting = threading.Thread(target=second)
        waiting.start()
        time.sleep(0.2)
        assert inside == [] and budget.free == 40  # 60 does not fit in the 40 left: it waits
    waiting.join(5)
    assert inside == ["second"] and budget.free == 100
    with budget.hold(10_000):  # more than the whole budget takes the whole budget, never waits for ever
        assert budget.free == 0


def test_nginx_gives_the_application_routes_what_the_application_accepts(tmp_path):
    from bot.console.auth import MAX_UPLOAD_BYTES
    from bot.console.routes import helpdesk_routes
    from bot.ops.cluster import nginx
    from bot.web.uploads import MAX_BODY

    assert nginx.DOCUMENT_BODY == MAX_BODY and nginx.IMPORT_BODY == MAX_UPLOAD_BYTES
    import re

    pattern = re.compile(nginx.IMPORT_ROUTES.removeprefix("~ "))
    paths = {getattr(route, "path", "") for route in helpdesk_routes()}
    imports = {f"/conseillers{p}" for p in paths if pattern.fullmatch(f"/conseillers{p}")}
    assert {
        "/conseillers/anciens-candidats/apercu",
        "/conseillers/calendrier/publier",
        "/conseillers/etablissements/apercu",
        "/conseillers/reglements/apercu",
    } <= imports
    assert not pattern.fullmatch("/conseillers/dossiers/1/etat")
    conf = nginx.render(
        prefix=tmp_path,
        public_port=1,
        front_port=2,
        rasa_lb_port=3,
        rasa_ports=[4],
        action_lb_port=5,
        action_ports=[6],
        proxies=("10.1.2.3",),
    )
    assert "client_max_body_size 64k;" in conf and f"client_max_body_size {MAX_BODY};" in conf
    assert "set_real_ip_from 10.1.2.3;" in conf and "X-Forwarded-Proto $client_scheme" in conf
    assert "set_real_ip_from" not in nginx.render(
        prefix=tmp_path,
        public_port=1,
        front_port=2,
        rasa_lb_port=3,
        rasa_ports=[4],
        action_lb_port=5,
        action_ports=[6],
    )


def test_forwarded_headers_are_believed_from_configured_proxies_only(tmp_path, monkeypatch):
    from bot.ops.stack import Stack

    stack = Stack(Path("/nowhere"), Path("/nowhere"), tmp_path)
    monkeypatch.delenv("BTS_TRUSTED_PROXIES", raising=False)
    argv = stack._front_argv()
    assert "--no-proxy-headers" in argv and "--forwarded-allow-ips" not in argv
    monkeypatch.setenv("BTS_TRUSTED_PROXIES", "10.0.0.5, 10.0.1.0/24")
    argv = stack._front_argv()
    assert argv[argv.index("--forwarded-allow-ips") + 1] == "10.0.0.5,10.0.1.0/24"


async def _echo(request: Request) -> JSONResponse:
    try:
        fields, files = await read_multipart(
            request, max_bytes=4096, max_files=1, max_fields=3, max_part_size=100
        )
    except FormTooLarge:
        return JSONResponse({"refused": "size"}, 413)
    except FormRefused:
        return JSONResponse({"refused": "form"}, 400)
    return JSONResponse({"fields": fields, "files": {k: len(v.data) for k, v in files.items()}})


async def test_multipart_limits_apply_while_reading():
    app = Starlette(routes=[Route("/", _echo, methods=["POST"])])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        ok = await client.post("/", data={"a": "1"}, files={"f": ("x.pdf", b"%PDF" * 10)})
        assert ok.json() == {"fields": {"a": "1"}, "files": {"f": 40}}
        too_many = await client.post("/", data={str(n): "v" for n in range(10)}, files={"f": ("x", b"1")})
        assert too_many.status_code == 400
        two_files = await client.post("/", files=[("f", ("a", b"1")), ("g", ("b", b"2"))])
        assert two_files.status_code == 400
        long_field = await client.post("/", data={"a": "x" * 500}, files={"f": ("x", b"1")})
        assert long_field.status_code == 400
        big = await client.post("/", files={"f": ("x", b"0" * 10_000)})
        assert big.status_code == 413

        async def chunked():  # no Content-Length: the bytes received are counted
            yield b'--b\r\nContent-Disposition: form-data; name="f"; filename="x"\r\n\r\n'
            for _ in range(20):
                yield b"0" * 1000
            yield b"\r\n--b--\r\n"

        streamed = await client.post(
            "/", content=chunked(), headers={"content-type": "multipart/form-data; boundary=b"}
        )
        assert streamed.status_code == 413
        unnamed = b"--b\r\n\r\n\r\n" * 1000 + b"--b--\r\n"
        flood = await client.post(
            "/", content=unnamed, headers={"content-type": "multipart/form-data; boundary=b"}
        )
        assert flood.status_code in (400, 413)


async def test_every_answer_says_nosniff_and_https_ones_hsts():
    from bot.front import build_app

    app = build_app(rasa_url="http://127.0.0.1:9")
    for scheme, hsts in (("http", None), ("https", "max-age=31536000")):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=f"{scheme}://t"
        ) as client:
            for path in ("/health", "/static/chat.css", "/nulle-part"):
                answer = await client.get(path)
                assert answer.headers["x-content-type-options"] == "nosniff", path
                assert answer.headers.get("strict-transport-security") == hsts, path
