"""``/pieces/{token}``: the page where a candidate sends the signed confirmation and supporting documents.

The link comes from the consultation, after the dossier number and birth date were checked; its token names the
dossier (signed, short-lived: ``registration.dossier.uploads``). The dossier is never read from what the browser sends.
"""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from bot.web.forms import FormRefused, FormTooLarge, read_multipart
from bot.web.shared import DSFR_LINKS, SECURITY_HEADERS, dsfr_available, get_store
from registration.dossier import uploads

# The body read at most: one file of 10 MB and the multipart envelope; beyond that the file is refused unread.
MAX_BODY = uploads.MAX_BYTES + 64 * 1024
MAX_FIELDS = 4  # the form has one file; a browser may add nothing else
EXPIRED = (
    "Ce lien d'envoi n'est plus valable (il sert 30 minutes). Pour en obtenir un nouveau, consultez votre "
    "dossier auprès de l'assistant avec votre numéro de dossier et votre date de naissance, puis choisissez "
    "« Envoyer un document »."
)
NO_FILE = "Choisissez un fichier avant d'envoyer."
RECEIVED = (
    "Votre document « {name} » a bien été reçu et joint à votre dossier. Le service des examens le vérifiera. "
    "Vous pouvez envoyer un autre document."
)

PAGE = """<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title} – Pré-inscription au BTS</title>
  {dsfr}
  <link rel="stylesheet" href="/static/chat.css">
  <script src="/static/upload.js" defer></script>
</head>
<body>
  <main id="contenu" class="page fr-container">
    <h1>Envoyer un document pour votre dossier</h1>
    {message}
    {form}
    <p><a class="fr-link" href="/">Retour à l'assistant de pré-inscription</a></p>
  </main>
  <footer class="site-footer">
    <div class="page">
      <p><a class="fr-link" href="/accessibilite">Accessibilité&#8239;: partiellement conforme</a></p>
    </div>
  </footer>
</body>
</html>
"""
FORM = """<form method="post" enctype="multipart/form-data">
      <p>La confirmation d'inscription signée, ou une pièce justificative : un fichier PDF, JPEG ou PNG de
      10 Mo au plus par envoi.</p>
      <p><label for="piece">Fichier à envoyer</label><br>
      <input id="piece" name="piece" type="file" accept="application/pdf,image/jpeg,image/png" required></p>
      <p><button type="submit" class="fr-btn">Envoyer</button></p>
    </form>"""


def _page(
    title: str, message: str = "", *, role: str = "status", form: bool = True, status: int = 200
) -> Response:
    shown = f'<p role="{role}">{html.escape(message)}</p>' if message else ""
    body = PAGE.format(
        title=html.escape(title),
        dsfr=DSFR_LINKS if dsfr_available() else "",
        message=shown,
        form=FORM if form else "",
    )
    return HTMLResponse(
        body,
        status_code=status,
        headers={**SECURITY_HEADERS, "Cache-Control": "no-store", "X-Robots-Tag": "noindex"},
    )


async def upload_page(request: Request) -> Response:
    """``GET`` the form, ``POST`` a file (multipart field ``piece``)."""
    dossier_id = uploads.dossier_of_token(request.path_params["token"])
    if dossier_id is None:
        return _page("Lien expiré", EXPIRED, role="alert", form=False, status=404)
    if request.method == "GET":
        return _page("Envoyer un document")
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "multipart/form-data":
        return _page("Envoyer un document", NO_FILE, role="alert", status=400)
    try:
        _, files = await read_multipart(request, max_bytes=MAX_BODY, max_files=1, max_fields=MAX_FIELDS)
    except FormTooLarge:
        return _page("Document refusé", uploads.REFUSALS["too_big"], role="alert", status=413)
    except FormRefused:
        return _page("Envoyer un document", NO_FILE, role="alert", status=400)
    sent = files.get("piece")
    if sent is None or not sent.data:
        return _page("Envoyer un document", NO_FILE, role="alert", status=400)
    try:
        stored = await uploads.receive_async(get_store(), dossier_id, sent.data, sent.filename, "web")
    except uploads.Refused as refused:
        return _page("Document refusé", refused.message, role="alert", status=422)
    return _page("Document reçu", RECEIVED.format(name=stored.original_name))


def upload_routes() -> list[Route]:
    return [Route("/pieces/{token}", upload_page, methods=["GET", "POST"])]
