"""``/pieces/{token}``: the page where a candidate sends the signed confirmation and supporting documents.

The link comes from the consultation, after the dossier number and birth date were checked; its token names the
dossier (signed, short-lived: ``registration.dossier.uploads``). The dossier is never read from what the browser sends.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from bot.web.context import application
from bot.web.forms import FormRefused, FormTooLarge, read_multipart
from bot.web.shared import SECURITY_HEADERS, render
from registration.conversation.texts import WEB
from registration.dossier import uploads

# The body read at most: one file of 10 MB and the multipart envelope; beyond that the file is refused unread.
MAX_BODY = uploads.MAX_BYTES + 64 * 1024
MAX_FIELDS = 4  # the form has one file; a browser may add nothing else


def _page(
    title: str, message: str = "", *, role: str = "status", form: bool = True, status: int = 200
) -> Response:
    return HTMLResponse(
        render(
            "pieces.html",
            scripts=("/static/time-limit.js", "/static/upload.js"),
            title=title,
            message=message,
            role=role,
            form=form,
        ),
        status_code=status,
        headers={**SECURITY_HEADERS, "Cache-Control": "no-store", "X-Robots-Tag": "noindex"},
    )


async def upload_page(request: Request) -> Response:
    """``GET`` the form, ``POST`` a file (multipart field ``piece``)."""
    front = application(request)
    dossier_id = uploads.dossier_of_token(request.path_params["token"], front.settings.secret_key)
    if dossier_id is None:
        return _page(WEB["upload_expired_title"], WEB["upload_expired"], role="alert", form=False, status=404)
    if request.method == "GET":
        return _page(WEB["upload_title"])
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "multipart/form-data":
        return _page(WEB["upload_title"], WEB["upload_no_file"], role="alert", status=400)
    try:
        _, files = await read_multipart(request, max_bytes=MAX_BODY, max_files=1, max_fields=MAX_FIELDS)
    except FormTooLarge:
        return _page(WEB["upload_refused_title"], uploads.REFUSALS["too_big"], role="alert", status=413)
    except FormRefused:
        return _page(WEB["upload_title"], WEB["upload_no_file"], role="alert", status=400)
    sent = files.get("piece")
    if sent is None or not sent.data:
        return _page(WEB["upload_title"], WEB["upload_no_file"], role="alert", status=400)
    try:
        stored = await uploads.receive_async(
            front.store, dossier_id, sent.data, sent.filename, "web", var_dir=front.settings.var_dir
        )
    except uploads.Refused as refused:
        return _page(WEB["upload_refused_title"], refused.message, role="alert", status=422)
    return _page(WEB["upload_received_title"], WEB["upload_received"].format(name=stored.original_name))


def upload_routes() -> list[Route]:
    return [Route("/pieces/{token}", upload_page, methods=["GET", "POST"])]
