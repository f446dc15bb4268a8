"""Console pages of the lists the exam service maintains (``registration/lists/``), for responsables only, built
from the kinds: the list in effect, loading a file (a preview with every error and its line, nothing stored, then
« Publier »), the history and going back; a keyed kind (the exam tables) has a page per key (per specialty).

For a kind whose ``slug`` is ``calendrier``, the page is ``/conseillers/calendrier`` with its template
``calendrier.html`` (the kind's ``page`` data), its upload form ``calendrier_form.html``, the shared preview
``liste_apercu.html`` (with ``calendrier_apercu.html`` when the kind has a ``preview_page``) and history
``liste_historique.html``; a keyed kind's page per key is ``<slug>_cle.html`` (``key_page``).

The upload form sends a file; the preview sends the same text back base64-encoded in a hidden field, read again
from scratch at « Publier »: nothing the browser could edit is trusted as already checked.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.console.auth import read_files, read_form, require_staff
from bot.console.front import application
from bot.console.pages import PREFIX, message_page, render_fragment, staff_page
from bot.console.texts import MESSAGES, TITLES
from registration.lists import service
from registration.lists.core import SOURCE_IN_FILE, Author, Context, ListKind, Preview, UnknownVersion, Upload
from registration.lists.kinds import KINDS
from registration.lists.published import context
from registration.referentials.epreuve_tsv import decode_upload

MAX_SOURCE = 500


def _context(request: Request) -> Context:
    """What the lists are read and published against: the front's application, with what is in effect now."""
    app = application(request)
    return context(app.store, app.refs, app.session, app.settings)


def _home(kind: ListKind[Any], key: str = "") -> str:
    return f"{PREFIX}/{kind.slug}" + (f"/{key}" if key else "")


def _refused(request: Request, kind: ListKind[Any]) -> Response | None:
    if request.state.staff_session.staff.is_responsable:
        return None
    return message_page(request, TITLES["access_refused"], kind.texts.responsables_only, 403)


def _int(text: str | None) -> int | None:
    try:
        return int(text or "")
    except ValueError:
        return None


async def _read_upload(
    request: Request, kind: ListKind[Any], *, from_preview: bool
) -> tuple[Upload, list[str]]:
    """The upload form (a file) or the publish form (the text sent back), and what is missing from it."""
    form = await read_form(request)
    source = " ".join(form.get("source", "").split())[:MAX_SOURCE]
    errors = [] if source or kind.source == SOURCE_IN_FILE else [MESSAGES["list_no_source"]]
    if from_preview:
        name = form.get("nom", "")[:200]
        try:
            data = base64.b64decode(form.get("texte", ""), validate=True)
        except (binascii.Error, ValueError):
            data = b""
    else:
        file = (await read_files(request)).get("fichier")
        name, data = (file.filename, file.data) if file else ("", b"")
    text = decode_upload(data) if data else None
    if not data:
        errors.append(MESSAGES["list_no_file"].format(file_kind=kind.texts.file_kind))
    elif text is None:
        errors.append(kind.texts.not_text)
    options = {
        o.name: ("1" if form.get(o.name) == "1" else "") if o.flag else form.get(o.name, "").strip()
        for o in kind.options
    }
    return Upload(text, name, source, options), errors


def _shared(request: Request, kind: ListKind[Any], ctx: Context, key: str = "") -> dict[str, Any]:
    """What every page of a kind and its upload form use."""
    return {
        "kind": kind,
        "home": _home(kind),
        "key": key,
        "csrf": request.state.staff_session.csrf,
        "prefix": PREFIX,
        "source": "",
        "options": {},
        **kind.form(ctx),
    }


def _preview_body(
    request: Request, kind: ListKind[Any], upload: Upload, errors: list[str]
) -> tuple[str, bool, Preview[Any]]:
    ctx = _context(request)
    seen = service.read(kind, ctx, upload)
    problems = errors + seen.errors
    ok = seen.ok and not problems
    body = render_fragment(
        "liste_apercu.html",
        **{
            **_shared(request, kind, ctx, seen.key),
            **(kind.preview_page(ctx, seen) if kind.preview_page is not None else {}),
            "ok": ok,
            "errors": problems,
            "seen": seen,
            "name": upload.name,
            "source": upload.source,
            "options": upload.options,
            "encoded": base64.b64encode(upload.text.encode("utf-8")).decode("ascii") if upload.text else "",
        },
    )
    return body, ok, seen


def routes(kind: ListKind[Any]) -> list[Route]:
    """The pages of one kind of list: the list in effect, the preview, « Publier », « Revenir à cette version »,
    and for a keyed kind the page of one key."""
    texts = kind.texts
    home = _home(kind)

    @require_staff(api=False)
    async def page(request: Request) -> Response:
        refused = _refused(request, kind)
        if refused is not None:
            return refused

        def body() -> str:
            ctx = _context(request)
            versions = kind.versioned and not kind.keyed
            return render_fragment(
                f"{kind.slug}.html",
                **_shared(request, kind, ctx),
                notice=kind.notice(request.query_params),
                history=service.history(kind, ctx) if versions else [],
                **kind.page(ctx),
            )

        return staff_page(request, texts.title, await run_in_threadpool(body), current=home)

    @require_staff(api=False)
    async def key_page(request: Request) -> Response:
        refused = _refused(request, kind)
        if refused is not None:
            return refused
        assert kind.key_page is not None
        show = kind.key_page

        def body() -> tuple[str, str] | None:
            ctx = _context(request)
            key = kind.resolve_key(ctx, request.path_params["key"])
            data = show(ctx, key) if key is not None else None
            if key is None or data is None:
                return None
            fragment = render_fragment(
                f"{kind.slug}_cle.html",
                **_shared(request, kind, ctx, key),
                notice=kind.notice(request.query_params),
                **data,
            )
            return fragment, data["heading"]

        found = await run_in_threadpool(body)
        if found is None:
            return message_page(
                request, texts.unknown_key_title, texts.unknown_key, 404, link=(home, texts.title)
            )
        return staff_page(request, f"{found[1]} – {texts.title}", found[0], current=home)

    @require_staff(api=False)
    async def preview(request: Request) -> Response:
        refused = _refused(request, kind)
        if refused is not None:
            return refused
        upload, errors = await _read_upload(request, kind, from_preview=False)
        body, ok, _ = await run_in_threadpool(_preview_body, request, kind, upload, errors)
        title = texts.preview_title if ok else texts.refused_title
        return staff_page(request, f"{title} – {texts.title}", body, status=200 if ok else 422, current=home)

    @require_staff(api=False)
    async def publish(request: Request) -> Response:
        refused = _refused(request, kind)
        if refused is not None:
            return refused
        upload, errors = await _read_upload(request, kind, from_preview=True)
        body, ok, seen = await run_in_threadpool(_preview_body, request, kind, upload, errors)
        if not ok:
            return staff_page(
                request, f"{texts.refused_title} – {texts.title}", body, status=422, current=home
            )
        staff = request.state.staff_session.staff
        author = Author(staff.email, staff.id)
        done = await run_in_threadpool(
            lambda: service.publish(kind, _context(request), seen, source=upload.source, author=author)
        )
        where = _home(kind, seen.key if kind.keyed else "")
        return RedirectResponse(f"{where}?{kind.done_query(done)}", status_code=303)

    @require_staff(api=False)
    async def revert(request: Request) -> Response:
        refused = _refused(request, kind)
        if refused is not None:
            return refused
        text = (await read_form(request)).get("version", "")
        staff = request.state.staff_session.staff
        author = Author(staff.email, staff.id)
        ctx = await run_in_threadpool(_context, request)
        key = kind.resolve_key(ctx, request.path_params["key"]) if kind.keyed else ""
        version = _int(text) if kind.keyed else (int(text) if text.isdigit() else None)
        if key is None or (kind.keyed and (version is None or version < 0)):
            return message_page(
                request, texts.unknown_key_title, texts.unknown_key, 404, link=(home, texts.title)
            )
        try:
            if version is None:
                raise UnknownVersion(text)
            number = version
            done = await run_in_threadpool(lambda: service.revert(kind, ctx, number, author=author, key=key))
        except UnknownVersion:
            link = (_home(kind, key), texts.back_to_key) if kind.keyed else (home, texts.title)
            return message_page(
                request,
                TITLES["version_not_found"],
                texts.unknown_version.format(version=version),
                404,
                link=link,
            )
        return RedirectResponse(f"{_home(kind, key)}?{kind.done_query(done)}", status_code=303)

    path = f"/{kind.slug}"
    name = f"helpdesk_{kind.slug}"
    found = [
        Route(path, page, name=name),
        Route(f"{path}/apercu", preview, methods=["POST"], name=f"{name}_preview"),
        Route(f"{path}/publier", publish, methods=["POST"], name=f"{name}_publish"),
    ]
    if kind.keyed:
        found.append(Route(f"{path}/{{key}}", key_page, name=f"{name}_key"))
    if kind.versioned:
        where = f"{path}/{{key}}/revenir" if kind.keyed else f"{path}/revenir"
        found.append(Route(where, revert, methods=["POST"], name=f"{name}_revert"))
    return found


def list_routes() -> list[Route]:
    """The pages of every list the exam service maintains."""
    return [route for kind in KINDS for route in routes(kind)]
