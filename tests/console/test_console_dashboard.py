"""« Tableau de bord » through the front application in process: the numbers right on generated data, within the
staff member's académies (another académie's dossiers, requests and drafts are not counted)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from registration.app import current_app
from registration.backoffice.dashboard import dashboard
from registration.models import HandoffRequest
from tests.console.test_console_dossiers import CRETEIL, app, directory, dossier  # noqa: F401 - fixtures
from tests.console.test_console_http import NOW, console, log_in


def _validate(content: dict, sender: str, when):
    return current_app().store.validate(
        content,
        academie_code=content["academie"]["code"],
        session=2027,
        validated_at=when,
        channel=sender.split("-")[0],
        sender_id=sender,
    )


def generate() -> None:
    """Paris: 3 dossiers today (2 web, 1 telegram), 1 yesterday at 00:30 Paris time (23:30 UTC the day before
    yesterday), 1 forty days ago; Créteil: 2 today. Requests and drafts in both académies and unknown."""
    store = current_app().store
    for n in range(3):
        _validate(dossier("01", f"PARIS{n}"), ("web-" if n < 2 else "telegram-") + f"{n:032x}", NOW)
    _validate(dossier("01", "HIER"), "web-" + "a" * 32, (NOW - timedelta(days=1)).replace(hour=0, minute=30))
    mco = {"code": "32031213", "title": "Management commercial opérationnel", "option": None}
    _validate(dossier("01", "ANCIEN", specialite=mco), "web-" + "b" * 32, NOW - timedelta(days=40))
    for n in range(2):
        _validate(dossier("24", f"CRETEIL{n}"), "web-" + f"c{n:031x}", NOW)

    def requests(session):
        for index, (academie, status, waited) in enumerate(
            [
                ("01", "OPEN", None),
                ("01", "TAKEN", 4),
                ("01", "CLOSED", 10),
                (None, "CLOSED", 30),
                ("24", "TAKEN", 99),
            ]
        ):
            created = NOW - timedelta(hours=2)
            session.add(
                HandoffRequest(
                    sender_id=f"web-{index}",
                    reason="conseiller",
                    state={},
                    created_at=created,
                    status=status,
                    academie_code=academie,
                    channel="web",
                    step="nom",
                    assigned_at=created + timedelta(minutes=waited) if waited is not None else None,
                )
            )

    store.transaction(requests)
    for index, place in enumerate(
        [
            ("01", "email"),
            ("01", "email"),
            ("01", "code_postal"),
            (None, "date_naissance"),
            ("24", "email"),
            ("01", "done"),
        ]
    ):
        store.save_draft(f"draft-{index}", {"answers": {}}, place)


async def test_a_conseiller_sees_the_numbers_of_their_academie_only(app):  # noqa: F811
    generate()
    store = current_app().store
    paris = dashboard(store, ("01",), 2027, NOW)
    assert paris.registrations == 4  # the one forty days ago is outside the 30 days
    assert paris.days[-1] == (NOW.date(), 3) and paris.days[-2] == (NOW.date() - timedelta(days=1), 1)
    assert len(paris.days) == 30 and paris.days[0][0] == NOW.date() - timedelta(days=29)
    assert paris.specialties == [("32032602", 4), ("32031213", 1)]  # the whole session, the old one included
    assert paris.channels == [("web", 4), ("telegram", 1)]
    assert paris.requests == [("en attente", 1), ("prises en charge", 1), ("closes", 2)]
    assert (paris.waits.taken, paris.waits.median_minutes, paris.waits.p90_minutes) == (3, 10.0, 30.0)
    assert paris.drafts == [("email", 2), ("code_postal", 1), ("date_naissance", 1)]
    everyone = dashboard(store, None, 2027, NOW)
    assert everyone.registrations == 6 and everyone.channels == [("web", 6), ("telegram", 1)]
    assert everyone.waits.p90_minutes == 99.0 and dict(everyone.drafts)["email"] == 3

    async with console(app) as client:
        await log_in(client)
        page = await client.get("/conseillers/tableau-de-bord")
        assert page.status_code == 200
        text = html.unescape(page.text)
        assert "Pré-inscriptions validées par jour, les 30 derniers jours (4 au total)" in text
        assert text.count("<figure") == 5 and text.count("<figcaption") == 5 and text.count("<svg") == 5
        assert '<th scope="row">27/11/2026</th><td>3</td>' in text
        assert '<th scope="row">26/11/2026</th><td>1</td>' in text
        assert '<th scope="row">discussion web</th><td>4</td>' in text
        assert '<th scope="row">Management commercial opérationnel (32031213)</th><td>1</td>' in text
        assert re.search(r"\(32032602\)</th><td>4</td>", text)
        assert '<th scope="row">email</th><td>2</td>' in text and "CRETEIL" not in text
        assert "10,0 min" in text and "30,0 min" in text and "99,0" not in text
        assert "<script" not in page.text.split("</main>")[0].split("<main")[1]

    async with console(app) as client:
        await log_in(client, email=CRETEIL)
        text = html.unescape((await client.get("/conseillers/tableau-de-bord")).text)
        assert "(2 au total)" in text and '<th scope="row">discussion web</th><td>2</td>' in text
        assert "99,0 min" in text
