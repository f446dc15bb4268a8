"""Login and logout pages of the console.

The login form carries its own CSRF token, also set in a short cookie (``bts_staff_login``, double submit):
a form posted from another site, or a stale page, is refused (403). The outcome of a login attempt is one of
the French messages of :mod:`registration.staff.directory`: the same whatever was wrong.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.console import front
from bot.console.auth import (
    LOGIN_PATH,
    SESSION_COOKIE,
    FormTooLarge,
    csrf_matches,
    current_staff,
    delete_cookie,
    is_safe_next,
    read_form,
    require_staff,
    set_cookie,
)
from bot.console.pages import PREFIX, html_response, idle_of, render_fragment, render_page
from bot.console.texts import MESSAGES, TITLES
from registration.staff.directory import MAX_PASSWORD_LENGTH, LoginRefused, LoginThrottled

LOGIN_COOKIE = "bts_staff_login"
EMAIL_MAX = 320


Error = tuple[str | None, str]  # (id of the field it is about, or None; French message)


def login_form(
    request: Request,
    *,
    email: str = "",
    errors: Sequence[Error] = (),
    notice: str | None = None,
    suite: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """The login page, with a fresh form token (in the form and in its cookie)."""
    token = secrets.token_urlsafe(32)
    field_errors = {field: text for field, text in errors if field}
    body = render_fragment(
        "login.html",
        email=email,
        errors=errors,
        field_errors=field_errors,
        notice=notice,
        csrf=token,
        suite=suite if is_safe_next(suite) else None,
        email_max=EMAIL_MAX,
    )
    response = html_response(
        render_page(TITLES["login"], body, None, None, error=bool(errors), idle=idle_of(request)),
        status,
        headers,
    )
    set_cookie(request, response, LOGIN_COOKIE, token)
    return response


async def login(request: Request) -> Response:
    """GET: the form (or the queue when already logged in); POST: checks the credentials and opens a session."""
    if request.method == "POST":
        return await _submit(request)
    suite = request.query_params.get("suite")
    if await current_staff(request) is not None:
        return RedirectResponse(suite if is_safe_next(suite) else PREFIX + "/", status_code=303)
    notice = None
    if request.query_params.get("fin"):
        notice = MESSAGES["logged_out"]
    elif request.query_params.get("expiree"):
        notice = MESSAGES["session_ended"].format(minutes=int(idle_of(request).total_seconds() // 60))
    return login_form(request, notice=notice, suite=suite)


async def _submit(request: Request) -> Response:
    try:
        form = await read_form(request)
    except FormTooLarge:
        return login_form(request, errors=[(None, MESSAGES["login_expired_form"])], status=413)

    def text(name: str) -> str:
        return form.get(name, "")

    email = text("email").strip()[:EMAIL_MAX]
    password = text("password")
    suite = text("suite") or None
    if not csrf_matches(request.cookies.get(LOGIN_COOKIE, ""), text("csrf")):
        return login_form(
            request, email=email, errors=[(None, MESSAGES["login_expired_form"])], suite=suite, status=403
        )
    errors: list[Error] = []
    if not email:
        errors.append(("email", MESSAGES["login_missing_email"]))
    if not password:
        errors.append(("password", MESSAGES["login_missing_password"]))
    if errors:
        return login_form(request, email=email, errors=errors, suite=suite, status=400)
    directory = await front.staff_directory(request)
    try:
        staff = await run_in_threadpool(
            directory.authenticate, email, password[: MAX_PASSWORD_LENGTH + 1], front.client_tag(request)
        )
    except LoginThrottled as refusal:
        retry = str(int(refusal.retry_after.total_seconds()))
        return login_form(
            request,
            email=email,
            errors=[(None, str(refusal))],
            suite=suite,
            status=429,
            headers={"Retry-After": retry},
        )
    except LoginRefused as refusal:
        return login_form(request, email=email, errors=[(None, str(refusal))], suite=suite, status=401)
    previous = request.cookies.get(SESSION_COOKIE)
    if previous:  # never keep a session token that existed before the login
        await run_in_threadpool(directory.close_session, previous)
    opened = await run_in_threadpool(directory.open_session, staff)
    target = suite if suite and is_safe_next(suite) else PREFIX + "/"
    response = RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})
    set_cookie(request, response, SESSION_COOKIE, opened.token)
    delete_cookie(request, response, LOGIN_COOKIE)
    return response


@require_staff(api=False)
async def logout(request: Request) -> Response:
    """Ends the session (POST with the CSRF token) and goes back to the login page."""
    directory = await front.staff_directory(request)
    await run_in_threadpool(directory.close_session, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse(LOGIN_PATH + "?fin=1", status_code=303, headers={"Cache-Control": "no-store"})
    delete_cookie(request, response, SESSION_COOKIE)
    return response
