"""A button's payload is not classified by DIET (rasa_addons.nlu); everything typed still is.

Checked in the Rasa environment on the trained model: the intent Rasa reports for each message, and how many
times DIET's prediction ran for it.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import rasa_environment
from tests.conversations.rasa_script import run_rasa_script

pytestmark = pytest.mark.conversation

PARSE = """
import asyncio, json, sys
from rasa.core.agent import Agent
from rasa_addons.nlu import PayloadAwareDIETClassifier

calls = []
predict = PayloadAwareDIETClassifier._predict
def counted(self, message):
    calls.append(message.get("text"))
    return predict(self, message)
PayloadAwareDIETClassifier._predict = counted

agent = Agent.load(sys.argv[1])
report = {}
for text in json.loads(sys.argv[2]):
    calls.clear()
    parsed = asyncio.run(agent.parse_message(text))
    report[text] = {
        "intent": parsed["intent"]["name"],
        "confidence": parsed["intent"]["confidence"],
        "entities": [(e["entity"], e["value"]) for e in parsed["entities"]],
        "diet_runs": len(calls),
    }
print(json.dumps(report))
"""

MESSAGES = [
    '/choose{"choice": "abroad§lieu_naissance"}',
    "/affirm",
    "/start",
    '/no_such_intent{"x": "y"}',
    "je veux m'inscrire au bts tourisme",
    "bonjour",
]


def test_payloads_skip_diet_and_typed_messages_do_not():
    _, model = rasa_environment()
    report = run_rasa_script(PARSE, model, json.dumps(MESSAGES))
    choose = report['/choose{"choice": "abroad§lieu_naissance"}']
    assert choose == {
        "intent": "choose",
        "confidence": 1.0,
        "entities": [["choice", "abroad§lieu_naissance"]],
        "diet_runs": 0,
    }
    assert report["/affirm"]["intent"] == "affirm" and report["/affirm"]["diet_runs"] == 0
    # Not a payload Rasa unpacks (no such intent, or a Telegram command): classified as typed text.
    assert report["/start"]["diet_runs"] == 1
    assert report['/no_such_intent{"x": "y"}']["diet_runs"] == 1
    assert report["je veux m'inscrire au bts tourisme"]["diet_runs"] == 1
    assert report["je veux m'inscrire au bts tourisme"]["intent"] in {"new_registration", "inform"}
    assert report["bonjour"] == {**report["bonjour"], "intent": "greet", "diet_runs": 1}
