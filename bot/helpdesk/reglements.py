"""« Règlements d'examen », for responsables: the state of every specialty's épreuve table, a page per
specialty (épreuves in effect, history, going back, dossiers to complete), and loading a new table.

Loading goes through a preview: the uploaded TSV is read and shown with every error and its line number,
nothing stored. « Publier » sends back the same uploaded text (base64 in a hidden field, with the source,
date and « vérifiée » given), which is read again from scratch: nothing the browser could have edited is
trusted as already checked. The new version is in effect at the next turn of every server; the candidates
of the dossiers to complete get one e-mail each.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.helpdesk.auth import read_files, read_form, require_staff
from bot.helpdesk.front import application
from bot.helpdesk.pages import PREFIX, message_page, render_fragment, staff_page
from registration import exam_tables
from registration.referentials import Referentials, Specialite
from registration.referentials.epreuve_tsv import TsvError, TsvReport, decode_upload, parse_epreuve_tsv
from registration.referentials.records import LEVEL_LABELS
from registration.referentials.table_json import table_changes
from registration.staff.directory import StaffMember
from registration.store.epreuve_tables import UnknownTableVersion

TITLE = "Règlements d'examen"
HOME = PREFIX + "/reglements"
RESPONSABLES_ONLY = "Les règlements d'examen sont gérés par les responsables du service des examens."
UNKNOWN_SPECIALTY = "Cette spécialité n'existe pas dans la liste des spécialités de BTS."
MAX_SOURCE = 500


def _staff(request: Request) -> StaffMember:
    return request.state.staff_session.staff


def _refused(request: Request) -> Response | None:
    if _staff(request).is_responsable:
        return None
    return message_page(request, "Accès refusé", RESPONSABLES_ONLY, 403)


def _base(request: Request) -> Referentials:
    return application(request).refs


def _form_context(request: Request, selected: str = "", **values: Any) -> dict[str, Any]:
    specialites = sorted(_base(request).specialites.values(), key=lambda s: (s.title.lower(), s.code))
    return {
        "csrf": request.state.staff_session.csrf,
        "specialites": specialites,
        "selected": selected,
        "source": values.get("source", ""),
        "source_date": values.get("source_date", ""),
        "verifie": values.get("verifie", False),
        "prefix": PREFIX,
    }


def _int(text: str | None) -> int | None:
    try:
        return int(text or "")
    except ValueError:
        return None


@require_staff(api=False)
async def reglements(request: Request) -> Response:
    """``GET /conseillers/reglements``: every specialty with its state, and the upload form."""
    refused = _refused(request)
    if refused is not None:
        return refused
    svc = application(request)
    states = await run_in_threadpool(exam_tables.table_states, svc.store, svc.refs)
    body = render_fragment(
        "reglements.html",
        states=states,
        counts=exam_tables.level_counts(states),
        total=len(states),
        labels=LEVEL_LABELS,
        form=_form_context(request),
        prefix=PREFIX,
    )
    return staff_page(request, TITLE, body, current=HOME)


def _specialty_body(request: Request, state: exam_tables.TableState, notice: str = "") -> str:
    svc = application(request)
    history = svc.store.epreuve_table_history(state.specialite.code)
    pending = exam_tables.to_complete(svc.store, svc.refs, state, svc.session)
    shipped = svc.refs.epreuve_tables.get(state.specialite.code)
    academies = svc.refs.academies
    return render_fragment(
        "reglement.html",
        state=state,
        history=history,
        shipped=shipped,
        pending=pending,
        academies=academies,
        session=svc.session,
        labels=LEVEL_LABELS,
        options={o.code: o.title for o in state.specialite.options},
        notice=notice,
        form=_form_context(request, state.specialite.code),
        csrf=request.state.staff_session.csrf,
        prefix=PREFIX,
    )


@require_staff(api=False)
async def reglement(request: Request) -> Response:
    """``GET /conseillers/reglements/{code}``: épreuves in effect, dossiers to complete, history."""
    refused = _refused(request)
    if refused is not None:
        return refused
    svc = application(request)
    state = await run_in_threadpool(exam_tables.table_state, svc.store, svc.refs, request.path_params["code"])
    if state is None:
        return message_page(request, "Spécialité introuvable", UNKNOWN_SPECIALTY, 404, link=(HOME, TITLE))
    notice = ""
    version, sent = _int(request.query_params.get("publie")), _int(request.query_params.get("courriels"))
    if version is not None:
        notice = f"Version {version} publiée : elle s'applique dès maintenant aux nouvelles inscriptions."
        if sent:
            notice += f" {sent} candidat(s) prévenu(s) par courriel de compléter leur dossier."
    body = await run_in_threadpool(_specialty_body, request, state, notice)
    return staff_page(request, f"{state.specialite.title} – {TITLE}", body, current=HOME)


# ---- loading a table


class _Upload:
    """What the upload or publish form carries: the text, the specialty, the source, the date, « vérifiée »."""

    def __init__(self) -> None:
        self.text: str | None = None
        self.filename = ""
        self.spec: Specialite | None = None
        self.source = ""
        self.source_date_text = ""
        self.source_date: date | None = None
        self.verified = False
        self.errors: list[TsvError] = []


async def _read_upload(request: Request, *, from_preview: bool) -> _Upload:
    form = await read_form(request)
    upload = _Upload()
    upload.source = " ".join(form.get("source", "").split())[:MAX_SOURCE]
    upload.source_date_text = form.get("date", "").strip()
    upload.verified = form.get("verifie") == "1"
    if from_preview:
        upload.filename = form.get("nom", "")[:200]
        try:
            data = base64.b64decode(form.get("texte", ""), validate=True)
        except (binascii.Error, ValueError):
            data = b""
    else:
        file = (await read_files(request)).get("fichier")
        upload.filename = file.filename if file else ""
        data = file.data if file else b""
    if not data:
        upload.errors.append(TsvError(None, "Aucun fichier reçu : choisissez le fichier TSV de la table."))
    else:
        upload.text = decode_upload(data)
        if upload.text is None:
            upload.errors.append(
                TsvError(None, "Ce fichier n'est pas un fichier texte : un fichier TSV est attendu.")
            )
    code = form.get("specialite", "").strip() or upload.filename.rsplit("/", 1)[-1].removesuffix(".tsv")
    resolved = _base(request).specialite_for_code(code)
    if resolved is None:
        upload.errors.append(
            TsvError(
                None,
                f"Spécialité « {code} » inconnue : choisissez-la dans la liste ou nommez le fichier "
                "<code de la spécialité>.tsv.",
            )
        )
    else:
        upload.spec = resolved[0]
    if upload.source_date_text:
        try:
            upload.source_date = date.fromisoformat(upload.source_date_text)
        except ValueError:
            upload.errors.append(
                TsvError(
                    None, f"Date du texte « {upload.source_date_text} » : une date JJ/MM/AAAA est attendue."
                )
            )
    return upload


def _parse(upload: _Upload) -> TsvReport | None:
    if upload.errors or upload.text is None or upload.spec is None:
        return None
    return parse_epreuve_tsv(
        upload.text,
        upload.spec,
        source=upload.source or None,
        source_date=upload.source_date,
        verified=upload.verified,
    )


def _preview_body(request: Request, upload: _Upload, report: TsvReport | None) -> str:
    svc = application(request)
    errors = [str(e) for e in upload.errors] + (report.messages() if report is not None else [])
    table = report.table if report is not None and not errors else None
    state = (
        exam_tables.table_state(svc.store, svc.refs, upload.spec.code) if upload.spec is not None else None
    )
    pending = 0
    changes = ""
    if table is not None and state is not None:
        changes = table_changes(state.table, table)
        codes = {state.specialite.code, *(o.code for o in state.specialite.options)}
        pending = sum(
            1
            for d in svc.store.dossiers_of_specialite(codes, svc.session)
            if exam_tables.dossier_mark(d.content, svc.refs)[0] <= state.version
        )
    return render_fragment(
        "reglement_apercu.html",
        upload=upload,
        errors=errors,
        table=table,
        state=state,
        changes=changes,
        pending=pending,
        labels=LEVEL_LABELS,
        options={o.code: o.title for o in upload.spec.options} if upload.spec else {},
        encoded=base64.b64encode(upload.text.encode("utf-8")).decode("ascii") if upload.text else "",
        form=_form_context(
            request,
            upload.spec.code if upload.spec else "",
            source=upload.source,
            source_date=upload.source_date_text,
            verifie=upload.verified,
        ),
        csrf=request.state.staff_session.csrf,
        prefix=PREFIX,
    )


@require_staff(api=False)
async def preview(request: Request) -> Response:
    """``POST /conseillers/reglements/apercu``: the uploaded table read, every error shown; nothing stored."""
    refused = _refused(request)
    if refused is not None:
        return refused
    upload = await _read_upload(request, from_preview=False)
    report = _parse(upload)
    body = await run_in_threadpool(_preview_body, request, upload, report)
    ok = report is not None and report.ok and not upload.errors
    title = "Aperçu de la table" if ok else "Table refusée"
    return staff_page(request, f"{title} – {TITLE}", body, status=200 if ok else 422, current=HOME)


@require_staff(api=False)
async def publish(request: Request) -> Response:
    """``POST /conseillers/reglements/publier``: the same text read again, then published and announced."""
    refused = _refused(request)
    if refused is not None:
        return refused
    upload = await _read_upload(request, from_preview=True)
    report = _parse(upload)
    if report is None or report.table is None or upload.spec is None:
        body = await run_in_threadpool(_preview_body, request, upload, report)
        return staff_page(request, f"Table refusée – {TITLE}", body, status=422, current=HOME)
    svc = application(request)
    staff = _staff(request)
    table = report.table
    done = await run_in_threadpool(
        lambda: exam_tables.publish(
            svc.store,
            svc.refs,
            table,
            published_by=staff.email,
            staff_id=staff.id,
            session=svc.session,
            settings=svc.settings,
        )
    )
    return RedirectResponse(
        f"{HOME}/{upload.spec.code}?publie={done.published.version}&courriels={done.notices.sent}",
        status_code=303,
    )


@require_staff(api=False)
async def revert(request: Request) -> Response:
    """``POST /conseillers/reglements/{code}/revenir``: an earlier version published again as a new one."""
    refused = _refused(request)
    if refused is not None:
        return refused
    svc = application(request)
    resolved = svc.refs.specialite_for_code(request.path_params["code"])
    version = _int((await read_form(request)).get("version"))
    if resolved is None or version is None or version < 0:
        return message_page(request, "Spécialité introuvable", UNKNOWN_SPECIALTY, 404, link=(HOME, TITLE))
    spec = resolved[0]
    staff = _staff(request)
    try:
        done = await run_in_threadpool(
            lambda: exam_tables.revert(
                svc.store,
                svc.refs,
                spec.code,
                version,
                published_by=staff.email,
                staff_id=staff.id,
                session=svc.session,
                settings=svc.settings,
            )
        )
    except UnknownTableVersion:
        return message_page(
            request,
            "Version introuvable",
            f"La version {version} de cette table n'existe pas.",
            404,
            link=(f"{HOME}/{spec.code}", "Revenir à la spécialité"),
        )
    return RedirectResponse(
        f"{HOME}/{spec.code}?publie={done.published.version}&courriels={done.notices.sent}", status_code=303
    )
