"""The upload link's time limit, told and extended from its page (WCAG 2.2.1): ``GET /pieces/{token}/delai`` says
how long the link stays valid, ``POST /pieces/{token}/prolonger`` gives a new link for the same dossier, valid
:data:`registration.dossier.uploads.TOKEN_TTL` again, while the old one still is. The page (static/upload.js) warns before
the end and renews in one action, without reloading: the file already chosen stays chosen."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.web.context import application
from bot.web.identity import from_own_pages
from bot.web.shared import SECURITY_HEADERS
from registration.conversation.texts import WEB
from registration.dossier import uploads

HEADERS = {**SECURITY_HEADERS, "Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _expired() -> Response:
    return JSONResponse({"error": WEB["upload_link_expired"]}, status_code=410, headers=HEADERS)


def _secret(request: Request) -> str:
    return application(request).settings.secret_key


async def remaining(request: Request) -> Response:
    seconds = uploads.token_remaining(request.path_params["token"], _secret(request))
    if seconds is None:
        return _expired()
    return JSONResponse({"remaining": seconds}, headers=HEADERS)


async def renew(request: Request) -> Response:
    if not from_own_pages(request):
        return JSONResponse({"error": WEB["request_refused"]}, status_code=403, headers=HEADERS)
    secret = _secret(request)
    dossier_id = uploads.dossier_of_token(request.path_params["token"], secret)
    token = uploads.upload_token(dossier_id, secret) if dossier_id is not None else None
    if token is None:
        return _expired()
    return JSONResponse(
        {"url": f"/pieces/{token}", "remaining": uploads.token_remaining(token, secret) or 0}, headers=HEADERS
    )


def upload_time_routes() -> list[Route]:
    return [
        Route("/pieces/{token}/delai", remaining),
        Route("/pieces/{token}/prolonger", renew, methods=["POST"]),
    ]
