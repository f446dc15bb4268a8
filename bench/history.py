"""Does a turn cost more when the conversation behind it is long? One sender, 300 turns, through Rasa's REST channel.

The conversation is a real one that the engine works at on every turn: the candidate starts a registration,
then goes round its first questions again and again — asks for help, answers, has the question repeated, goes
back, answers again — as someone unsure of the form would. Every round is the same few turns, so the turns
around turn 10 and those around turn 300 do the same work and differ only by the history behind them.
Answers come from the profile of the conversation tests.

Run alone (it starts its own assistant): ``python -m bench.history`` with RASA_VENV and MODEL set
(``source scripts/env.sh && prepare``); ``--endpoints`` chooses the Rasa endpoints file.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from pathlib import Path

TURNS = 300
WINDOW = 20  # turns around each mark whose median is reported (several rounds: one slow turn does not count)
OPENING = 3  # « bonjour », « M'inscrire », « Non »: left out of the windows


def profile() -> dict:
    """The answers of the conversation tests' candidate, those to the combined questions included."""
    from tests.conversations import test_registrations

    return {**test_registrations.BASE, **getattr(test_registrations, "COMBINED", {})}


def start(candidate, answers: dict) -> str:
    """« bonjour », « M'inscrire », not a former candidate: returns the first question of the form."""
    from tests.conversations import driver

    candidate.say("bonjour")
    driver.answer(candidate, answers["start"])
    driver.answer(candidate, answers["former"])
    first = driver.current_question(candidate)
    if first is None or first not in answers:
        raise RuntimeError(f"unexpected first question {first!r}:\n{candidate.dump()[-2000:]}")
    return first


def cycle(candidate, answers: dict, first: str) -> None:
    """A few turns that end at the question `first` where they started, as someone unsure of the form goes.

    Help, the answer, the question again, back (as far as the « former candidate » question), that answer
    again: help texts, extraction of a typed answer, navigation and a button answer, the draft saved each time.
    """
    from tests.conversations import driver

    if driver.current_question(candidate) != first:
        raise RuntimeError(f"the conversation went astray:\n{candidate.dump()[-2000:]}")
    candidate.say("aide")
    driver.answer(candidate, answers[first])
    candidate.say("répéter")
    for _ in range(4):
        candidate.say("retour")
        if driver.current_question(candidate) == "former":
            break
    driver.answer(candidate, answers["former"])


def _window(timings: list[float], turn: int) -> list[float]:
    """The WINDOW turns around `turn` (1-based), after the opening turns and within the conversation."""
    start = min(max(turn - WINDOW // 2, OPENING + 1), len(timings) - WINDOW + 1)
    return timings[start - 1 : start - 1 + WINDOW]


def bench_history(rasa_url: str) -> dict:
    """Drives one sender for TURNS turns and compares the cost of turn 10 with that of turn 300."""
    from registration.conversation.texts import TEXT as MSG
    from tests.conversations.client import Candidate

    timings: list[float] = []
    failure = MSG["error_internal"][:40]

    class Timed(Candidate):
        def say(self, message: str):
            start = time.perf_counter()
            result = super().say(message)
            timings.append(time.perf_counter() - start)
            if failure in self.text:
                raise RuntimeError(f"turn {len(timings)} failed:\n{self.dump()[-2000:]}")
            return result

    candidate = Timed(rasa_url, sender="bench-history-" + uuid.uuid4().hex[:12])
    answers = profile()
    first = start(candidate, answers)
    while len(timings) < TURNS:
        cycle(candidate, answers, first)

    early = statistics.median(_window(timings, 10)) * 1000
    late = statistics.median(_window(timings, TURNS)) * 1000
    ratio = late / early
    print(
        f"Turn cost against history (one sender): turn 10 {early:.0f} ms, turn {TURNS} {late:.0f} ms "
        f"(median of the turns around each), ratio {ratio:.2f}"
    )
    return {
        "sender": candidate.sender,
        "turns": len(timings),
        "turn_10_ms": early,
        f"turn_{TURNS}_ms": late,
        "ratio": ratio,
        "timings_ms": [t * 1000 for t in timings],
    }


def main() -> None:
    from bench.embedded import embedded_stack

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoints", default="endpoints.yml", help="Rasa endpoints file")
    parser.add_argument("--var-dir", type=Path, help="the assistant's data folder (default: a new one)")
    args = parser.parse_args()
    var_dir = (args.var_dir or Path(tempfile.mkdtemp())).resolve()
    stack = embedded_stack(var_dir, with_front=False, RASA_ENDPOINTS=args.endpoints)
    stack.start()
    try:
        bench_history(stack.rasa_url)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
