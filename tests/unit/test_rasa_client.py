"""The shared Rasa REST client: what it sends, when it retries, what it logs."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from bot.rasa_client import RasaClient, RasaUnavailable

MESSAGE = "Je m'appelle Zoé Cœurderoy"


def client_answering(answer, posted: list[dict]) -> RasaClient:
    def handler(request: httpx.Request) -> httpx.Response:
        posted.append(json.loads(request.content))
        return answer(request)

    transport = httpx.MockTransport(handler)
    return RasaClient("http://rasa.test/", backoff=0.001, client=httpx.AsyncClient(transport=transport))


def read_timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("no answer in time", request=request)


def refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


async def test_sends_sender_message_and_metadata_and_returns_the_replies():
    posted: list[dict] = []
    rasa = client_answering(lambda request: httpx.Response(200, json=[{"text": "Bonjour"}]), posted)
    assert await rasa.send("web-1", MESSAGE, metadata={"client": "ip-1"}) == [{"text": "Bonjour"}]
    assert await rasa.send("telegram-2", MESSAGE) == [{"text": "Bonjour"}]
    ids = [body["metadata"].pop("message_id") for body in posted]
    assert posted == [
        {"sender": "web-1", "message": MESSAGE, "metadata": {"client": "ip-1"}},
        {"sender": "telegram-2", "message": MESSAGE, "metadata": {}},
    ]
    assert len(set(ids)) == 2 and all(len(i) == 32 for i in ids)


async def test_an_empty_answer_is_asked_once_more_then_returned_for_the_channel_to_word():
    posted: list[dict] = []
    rasa = client_answering(lambda request: httpx.Response(200, json=[]), posted)
    assert await rasa.send("web-1", MESSAGE) == []
    assert len(posted) == 2


async def test_every_attempt_carries_the_same_message_id():
    posted: list[dict] = []
    answers = iter([httpx.Response(502), httpx.Response(500), httpx.Response(200, json=[{"text": "ok"}])])
    rasa = client_answering(lambda request: next(answers), posted)
    assert await rasa.send("web-1", MESSAGE) == [{"text": "ok"}]
    assert len({body["metadata"]["message_id"] for body in posted}) == 1 and len(posted) == 3


@pytest.mark.parametrize(
    ("answer", "attempts"),
    [
        (refused, 6),  # never connected: sent again
        (lambda request: httpx.Response(503), 6),  # a proxy or a starting server: sent again
        # May have been processed: sent again with the same message id, which the action server applies once.
        (read_timeout, 6),
        (lambda request: httpx.Response(500), 6),
        (lambda request: httpx.Response(400), 1),  # refused: sending it again changes nothing
        (lambda request: httpx.Response(200, json={"text": "not a list"}), 1),
        (lambda request: httpx.Response(200, text="<html>"), 1),
    ],
)
async def test_retries_failures_within_the_budget_but_not_refusals(answer, attempts, caplog):
    posted: list[dict] = []
    rasa = client_answering(answer, posted)
    with caplog.at_level(logging.DEBUG, logger="bot.rasa_client"), pytest.raises(RasaUnavailable):
        await rasa.send("web-1", MESSAGE)
    assert len(posted) == attempts
    assert "Zoé" not in caplog.text and "rasa.test" not in caplog.text
