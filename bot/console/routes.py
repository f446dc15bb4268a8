"""Every route of the console, mounted by the front server at ``/conseillers``.

Pages and API endpoints are wrapped in :func:`bot.console.auth.require_staff`; the last two routes catch
every other address, so that nothing under ``/conseillers/`` answers anyone who is not logged in (pages:
303 to the login page; ``/conseillers/api/...``: 401 JSON), and a logged-in person gets a French 404.
Routes added to the console go before those two.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bot.console.auth import require_staff
from bot.console.dashboard import dashboard_page
from bot.console.dossiers import (
    change_state,
    dossier_file,
    dossier_page,
    dossiers_page,
    duplicates_page,
    export_dossiers,
    revision_pdf,
)
from bot.console.journal import journal, journal_csv
from bot.console.lists import list_routes
from bot.console.login import login, logout
from bot.console.notes import note_routes
from bot.console.pages import STATIC_DIR, json_error, message_page
from bot.console.phone import phone_dossier
from bot.console.queue import queue_page
from bot.console.requests import api_messages, api_requests, correct, hand_back, request_page, take, write
from bot.console.texts import MESSAGES, TITLES

ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


@require_staff(api=True)
async def unknown_api(request: Request) -> Response:
    return json_error(MESSAGES["unknown_api"], 404)


@require_staff(api=False)
async def unknown_page(request: Request) -> Response:
    return message_page(request, TITLES["page_not_found"], MESSAGES["unknown_page"], 404)


def helpdesk_routes() -> list[BaseRoute]:
    """The console's routes, relative to its mount point ``/conseillers``."""
    return [
        Route("/", queue_page, name="helpdesk_queue"),
        Route("/connexion", login, methods=["GET", "POST"], name="helpdesk_login"),
        Route("/deconnexion", logout, methods=["POST"], name="helpdesk_logout"),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="helpdesk_static"),
        Route("/api/demandes", api_requests, name="helpdesk_api_requests"),
        Route("/api/demandes/{request_id}/messages", api_messages, name="helpdesk_api_messages"),
        Route("/demandes/{request_id}", request_page, name="helpdesk_request"),
        Route("/demandes/{request_id}/prendre", take, methods=["POST"], name="helpdesk_take"),
        Route("/demandes/{request_id}/message", write, methods=["POST"], name="helpdesk_write"),
        Route("/demandes/{request_id}/corriger", correct, methods=["POST"], name="helpdesk_correct"),
        Route("/demandes/{request_id}/rendre", hand_back, methods=["POST"], name="helpdesk_hand_back"),
        Route("/nouveau-dossier", phone_dossier, methods=["GET", "POST"], name="helpdesk_phone"),
        Route("/dossiers", dossiers_page, name="helpdesk_dossiers"),
        Route("/dossiers/export.{fmt}", export_dossiers, name="helpdesk_dossiers_export"),
        Route("/dossiers/doublons", duplicates_page, name="helpdesk_dossiers_duplicates"),
        Route("/dossiers/{dossier_id:int}", dossier_page, name="helpdesk_dossier"),
        Route(
            "/dossiers/{dossier_id:int}/revisions/{revision}.pdf", revision_pdf, name="helpdesk_dossier_pdf"
        ),
        Route("/dossiers/{dossier_id:int}/pieces/{file_id}", dossier_file, name="helpdesk_dossier_file"),
        Route(
            "/dossiers/{dossier_id:int}/etat", change_state, methods=["POST"], name="helpdesk_dossier_state"
        ),
        Route("/tableau-de-bord", dashboard_page, name="helpdesk_dashboard"),
        *note_routes(),
        Route("/journal", journal, name="helpdesk_journal"),
        Route("/journal.csv", journal_csv, name="helpdesk_journal_csv"),
        *list_routes(),  # /reglements, /calendrier, /etablissements, /diplomes, /anciens-candidats
        # Keep these two last: they answer every other address of the console.
        Route("/api/{path:path}", unknown_api, methods=ALL_METHODS, name="helpdesk_api_unknown"),
        Route("/{path:path}", unknown_page, methods=ALL_METHODS, name="helpdesk_unknown"),
    ]
