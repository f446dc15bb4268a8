"""A stand-in for Rasa's REST channel that replays a short canned registration, for front-only development."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from registration.conversation.texts import BUTTONS, QUESTIONS, TEXT


def _buttons(*pairs: tuple[str, str]) -> list[dict]:
    return [{"title": title, "payload": payload} for title, payload in pairs]


def _choice(value: str) -> str:
    return f'/choose{{"choice":"{value}"}}'


# Each step: the replies shown when it is asked. Any answer moves to the next step.
STEPS: list[list[dict]] = [
    [
        {"text": TEXT["welcome"].format(session=2027)},
        {
            "text": QUESTIONS["start"]["ask"],
            "buttons": _buttons(
                (BUTTONS["new"], _choice("new")),
                (BUTTONS["consult"], _choice("consult")),
                (BUTTONS["help"], "/help"),
            ),
        },
    ],
    [
        {
            "text": "Étape 1 sur 9 : état civil\n" + QUESTIONS["former"]["ask"],
            "buttons": _buttons((BUTTONS["yes"], _choice("yes")), (BUTTONS["no"], _choice("no"))),
        }
    ],
    [{"text": QUESTIONS["nom"]["ask"]}],
    [
        {
            "text": QUESTIONS["nom_usage"]["ask"],
            "buttons": _buttons((BUTTONS["no_usage_name"], _choice("none"))),
        }
    ],
    [{"text": QUESTIONS["date_naissance"]["ask"]}],
    [
        {
            "text": "Étape 5 sur 9 : situation\n" + QUESTIONS["categorie"]["ask"],
            "buttons": _buttons(
                ("Scolaire — établissement public", _choice("SCOLAIRE_PUBLIC")),
                ("Scolaire — établissement privé sous contrat", _choice("SCOLAIRE_PRIVE_SOUS_CONTRAT")),
                (
                    "Apprentissage — centre de formation d'apprentis (CFA) ou section d'apprentissage habilitée",
                    _choice("APPRENTI_CFA_HABILITE"),
                ),
                ("Formation professionnelle continue — établissement public", _choice("FPC_PUBLIC")),
                (
                    "Candidat individuel (hors établissement, y compris enseignement à distance privé)",
                    _choice("INDIVIDUEL"),
                ),
            ),
        }
    ],
    [{"text": QUESTIONS["specialite"]["ask"]}],
    [
        {
            "text": "Récapitulatif de votre dossier\nNom : LEFÈVRE\nPrénoms : Léa Marie\n"
            "Adresse électronique : "
            "lea.lefevre.avec.une.adresse.tres.longue.sans.espace@exemple-de-domaine.fr\n"
            "Spécialité : Management commercial opérationnel"
        },
        {
            "text": QUESTIONS["summary"]["ask"],
            "buttons": _buttons(
                (BUTTONS["validate"], "/validate"),
                (BUTTONS["modify"], "/modify"),
                (BUTTONS["abandon"], "/abandon"),
            ),
        },
    ],
]

FILENAME = "confirmation-inscription-BTS-2027-dossier-175-0.pdf"


def final_replies(public_url: str) -> list[dict]:
    return [
        {"text": TEXT["validated"].format(label="175 – 0")},
        {"text": TEXT["pdf_link"].format(filename=FILENAME)},
        {
            "custom": {
                "type": "document",
                "url": f"{public_url}/documents/replay-token",
                "filename": FILENAME,
                "dossier": "175 – 0",
                "number": 175,
                "revision": 0,
            }
        },
    ]


@dataclass
class Replay:
    """The canned conversation of every sender, and what each one sent."""

    public_url: str = "http://127.0.0.1"
    delay: float = 0.3
    position: dict[str, int] = field(default_factory=dict)
    received: dict[str, list[str]] = field(default_factory=dict)

    def reply(self, sender: str, message: str) -> list[dict]:
        self.received.setdefault(sender, []).append(message)
        if message.strip().lower() in ("aide", "/help"):
            index = max(self.position.get(sender, 1) - 1, 0)
            hint = "Aide : répondez à la question ou choisissez un bouton.\n"
            return [{"text": hint + STEPS[index][-1]["text"]}]
        index = self.position.get(sender, 0)
        self.position[sender] = index + 1
        replies = STEPS[index] if index < len(STEPS) else final_replies(self.public_url)
        return [{"recipient_id": sender, **reply} for reply in replies]

    def app(self) -> Starlette:
        async def webhook(request: Request) -> JSONResponse:
            body = await request.json()
            await asyncio.sleep(self.delay)  # lets the page show its waiting state
            return JSONResponse(self.reply(body["sender"], body["message"]))

        async def status(request: Request) -> JSONResponse:
            return JSONResponse({"model_id": "replay"})

        return Starlette(
            routes=[Route("/webhooks/rest/webhook", webhook, methods=["POST"]), Route("/status", status)]
        )


class ServerThread:
    """Runs an ASGI app with uvicorn in a background thread on 127.0.0.1 (or another loopback address)."""

    def __init__(self, app, port: int, host: str = "127.0.0.1") -> None:
        self.port = port
        self.host = host
        self.server = uvicorn.Server(
            uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"the server on port {self.port} did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
