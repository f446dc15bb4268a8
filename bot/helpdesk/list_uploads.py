"""What the upload and publish forms of the lists the exam service maintains carry (calendar, establishments).

The upload form sends a file; its preview sends the same text back base64-encoded in a hidden field, read again
from scratch at « Publier ». A source is required: every version says where its rows come from.
"""

from __future__ import annotations

import base64
import binascii

from starlette.requests import Request

from bot.helpdesk.auth import read_files, read_form
from registration.referentials.epreuve_tsv import decode_upload

MAX_SOURCE = 500
NO_SOURCE = "Indiquez la source (décision, note de service, courriel du rectorat…)."


async def read_upload(
    request: Request, *, from_preview: bool, kind: str
) -> tuple[str | None, str, str, list[str]]:
    """(text, file name, source, errors) of an upload form (a file) or a publish form (the text sent back)."""
    form = await read_form(request)
    source = " ".join(form.get("source", "").split())[:MAX_SOURCE]
    errors = [] if source else [NO_SOURCE]
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
        errors.append(f"Aucun fichier reçu : choisissez {kind}.")
    elif text is None:
        errors.append("Ce fichier n'est pas un fichier texte : un fichier CSV en UTF-8 est attendu.")
    return text, name, source, errors
