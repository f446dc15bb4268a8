"""The transcript a conseiller reads: what the candidate pressed or typed, never a button's payload."""

from __future__ import annotations

import json

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine

from registration.conversation.types import Button
from registration.operations import trackers


def tracker_with(tmp_path, events: list[tuple[str, dict]]) -> str:
    """A tracker store with Rasa's ``events`` table holding these (type_name, data) events."""
    url = f"sqlite:///{tmp_path / 'trackers.sqlite3'}"
    metadata = MetaData()
    table = Table(
        "events",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("sender_id", String(255)),
        Column("type_name", String(255)),
        Column("timestamp", Float),
        Column("intent_name", String(255)),
        Column("action_name", String(255)),
        Column("data", Text),
    )
    engine = create_engine(url)
    metadata.create_all(engine)
    with engine.begin() as connection:
        for index, (type_name, data) in enumerate(events):
            connection.execute(
                table.insert().values(
                    sender_id="web-1",
                    type_name=type_name,
                    timestamp=1_764_000_000.0 + index,
                    data=json.dumps(data),
                )
            )
    engine.dispose()
    return url


def bot(text: str, *buttons: Button) -> tuple[str, dict]:
    shown = [{"title": b.title, "payload": b.payload} for b in buttons]
    return "bot", {"event": "bot", "text": text, "data": {"buttons": shown or None}}


def user(text: str) -> tuple[str, dict]:
    return "user", {"event": "user", "text": text}


def test_buttons_read_as_their_titles_and_typed_text_as_typed(tmp_path):
    start = Button.choose("M'inscrire", "new", "start")
    consult = Button.choose("Consulter ou modifier mon inscription", "consult", "start")
    url = tracker_with(
        tmp_path,
        [
            user("/greet"),
            bot("Bonjour ! Que souhaitez-vous faire ?", start, consult, Button("Aide", "/help")),
            user('/choose{"choice": "new§start"}'),
            bot("Votre nom et vos prénoms ?"),
            user("/help"),
            bot("Écrivez d'abord votre nom de famille."),
            user("MARTIN Léa"),
            user('/choose{"choice": "zzz§autre"}'),
        ],
    )
    lines = trackers.transcript("web-1", url)
    said = [(line["who"], line["text"], line["pressed"]) for line in lines]
    assert said == [
        ("candidat", "(ouvre la discussion)", ""),
        ("assistant", "Bonjour ! Que souhaitez-vous faire ?", ""),
        ("candidat", "M'inscrire", "1"),
        ("assistant", "Votre nom et vos prénoms ?", ""),
        ("candidat", "Aide", "1"),
        ("assistant", "Écrivez d'abord votre nom de famille.", ""),
        ("candidat", "MARTIN Léa", ""),
        ("candidat", "(bouton d'une question précédente)", "1"),
    ]
    assert not any(line["text"].startswith("/") for line in lines)


def test_a_button_pressed_again_after_its_question_changed_still_reads_as_its_title():
    titles = {"new": "M'inscrire"}
    assert trackers.pressed_title('/choose{"choice": "new§summary"}', titles) == "M'inscrire"
    assert trackers.pressed_title("/go_back", {}) == "Retour"
    assert trackers.pressed_title("/choose{pas du json", {}) == "(bouton d'une question précédente)"
