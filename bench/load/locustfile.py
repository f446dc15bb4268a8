"""Simulated candidates for the load test, run by Locust (headless) in its own environment by bench/load/run.py.

Two kinds of candidates, each a stream of conversations: `WebCandidate` registers through the front server's
JSON API as the web chat does (the conversation id comes in the signed cookie of the first answer; a button
press posts the button's payload), recognising each question from the plan (see plan.py); `StarterCandidate`
talks to the stock Rasa starter bot over its REST channel. Before each turn a candidate thinks for an
exponentially distributed time (mean LOAD_THINK_SECONDS), whatever the previous answer took.

`Steps` holds LOAD_STEPS candidates in conversation, one step of LOAD_STEP_SECONDS each, and stops after the
first step whose p95 turn latency is over LOAD_P95_LIMIT_MS (or with more than 1 % failed turns). Each step's
numbers are measured after LOAD_WARMUP_SECONDS and written as JSON to LOAD_RESULT when the test stops.
"""

from __future__ import annotations

import json
import math
import os
import random
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import gevent
from locust import LoadTestShape, events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN: dict[str, Any] = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
STEPS = [int(n) for n in os.environ["LOAD_STEPS"].split(",")]
STEP_SECONDS = float(os.environ.get("LOAD_STEP_SECONDS", "60"))
WARMUP_SECONDS = float(os.environ.get("LOAD_WARMUP_SECONDS", "10"))
RAMP_SECONDS = 5.0  # the candidates added by a step arrive over this time
THINK_SECONDS = float(os.environ.get("LOAD_THINK_SECONDS", "5"))
P95_LIMIT_MS = float(os.environ.get("LOAD_P95_LIMIT_MS", "500"))
MAX_FAILED_SHARE = 0.01
MAX_TURNS = 120  # a registration is about 30 turns: more means the candidate is going round in circles
MAX_ASKS = 3  # the same question asked this many times in a row: the candidate gives up
# Buttons that move around the conversation rather than answer (as in bot/web/static/chat.js).
NAVIGATION = {"/help", "/back", "/go_back", "/repeat", "/human", "/abandon"}
MARKERS = {step: marker for step, marker in PLAN["markers"].items() if len(marker) >= 8}


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted values (0 when there are none)."""
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class Recorder:
    """Turn latencies and candidate outcomes, per step."""

    def __init__(self) -> None:
        self.steps: list[dict[str, Any]] = []

    def open(self, candidates: int) -> None:
        now = time.monotonic()
        if self.steps:
            self.steps[-1]["end"] = now
        self.steps.append(
            {
                "candidates": candidates,
                "start": now,
                "end": None,
                "latencies": [],
                "failed": 0,
                "statuses": Counter(),
                "done": 0,
                "gave_up": Counter(),
                "unknown": Counter(),
            }
        )

    def close(self) -> None:
        if self.steps and self.steps[-1]["end"] is None:
            self.steps[-1]["end"] = time.monotonic()

    def turn(self, milliseconds: float, status: int, failed: bool) -> None:
        if not self.steps or time.monotonic() < self.steps[-1]["start"] + WARMUP_SECONDS:
            return
        step = self.steps[-1]
        step["latencies"].append(milliseconds)
        step["statuses"][str(status)] += 1
        step["failed"] += failed

    def outcome(self, done: bool, reason: str = "") -> None:
        if self.steps:
            if done:
                self.steps[-1]["done"] += 1
            else:
                self.steps[-1]["gave_up"][reason] += 1

    def unknown(self, step: str | None, text: str) -> None:
        if self.steps:
            lines = [line for line in text.splitlines() if line.strip()] or [""]
            self.steps[-1]["unknown"][step or f"not recognised: {lines[-1][:70]}"] += 1

    def summary(self, step: dict[str, Any]) -> dict[str, Any]:
        ordered = sorted(step["latencies"])
        end = step["end"] if step["end"] is not None else time.monotonic()
        seconds = max(1e-9, end - step["start"] - WARMUP_SECONDS)
        p95 = percentile(ordered, 0.95)
        failed_share = step["failed"] / len(ordered) if ordered else 1.0
        return {
            "candidates": step["candidates"],
            "turns": len(ordered),
            "seconds": round(seconds, 1),
            "turns_per_s": round(len(ordered) / seconds, 2),
            "p50_ms": round(percentile(ordered, 0.50), 1),
            "p95_ms": round(p95, 1),
            "p99_ms": round(percentile(ordered, 0.99), 1),
            "failed_turns": step["failed"],
            "statuses": dict(step["statuses"]),
            "registrations_done": step["done"],
            "candidates_gave_up": dict(step["gave_up"]),
            "unknown_questions": dict(step["unknown"]),
            "within_limit": bool(ordered) and p95 <= P95_LIMIT_MS and failed_share <= MAX_FAILED_SHARE,
        }


RECORDER = Recorder()


@events.request.add_listener
def on_request(response_time: float, exception: Exception | None, response: Any = None, **_: Any) -> None:
    status = getattr(response, "status_code", 0) or 0
    RECORDER.turn(response_time, status, exception is not None)


@events.test_stop.add_listener
def on_test_stop(**_: Any) -> None:
    RECORDER.close()
    result = {
        "steps": [RECORDER.summary(step) for step in RECORDER.steps],
        "step_seconds": STEP_SECONDS,
        "warmup_seconds": WARMUP_SECONDS,
        "think_seconds": THINK_SECONDS,
        "p95_limit_ms": P95_LIMIT_MS,
    }
    Path(os.environ["LOAD_RESULT"]).write_text(json.dumps(result, indent=1), encoding="utf-8")


class Steps(LoadTestShape):
    """Steps of a fixed number of candidates in conversation; stops after the first step over the limit."""

    def tick(self) -> tuple[int, float] | None:
        index = int(self.get_run_time() // STEP_SECONDS)
        while len(RECORDER.steps) <= index:
            if RECORDER.steps and not RECORDER.summary(RECORDER.steps[-1])["within_limit"]:
                RECORDER.close()
                return None
            if len(RECORDER.steps) == len(STEPS):
                RECORDER.close()
                return None
            RECORDER.open(STEPS[len(RECORDER.steps)])
        candidates = STEPS[index]
        previous = STEPS[index - 1] if index else 0
        return candidates, max(1.0, (candidates - previous) / RAMP_SECONDS)


class GaveUp(Exception):
    """The simulated candidate stops this conversation (counted, with the reason)."""


class Candidate(FastHttpUser):
    abstract = True
    network_timeout = 60.0
    connection_timeout = 10.0

    def think(self) -> None:
        gevent.sleep(random.expovariate(1.0 / THINK_SECONDS))


def text_of(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies if isinstance(r, dict))


def buttons_of(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [b for r in replies if isinstance(r, dict) for b in r.get("buttons") or []]


def current_question(replies: list[dict[str, Any]]) -> tuple[str | None, str]:
    """The question the last answer asks: the catalogue marker found last in it (as the conversation tests),
    and the line asking it (the same question about another item, such as the next optional test, differs)."""
    text = text_of(replies)
    found = [(text.rfind(marker), len(marker), step) for step, marker in MARKERS.items() if marker in text]
    if not found:
        return None, ""
    position, _, step = max(found)
    end = text.find("\n", position)
    return step, text[text.rfind("\n", 0, position) + 1 : end if end >= 0 else len(text)]


class WebCandidate(Candidate):
    """A candidate of the web chat: /api/message with the cookie the front issues, from greeting to PDF."""

    greeted = False  # whether this conversation has its cookie yet

    def send(self, message: str) -> list[dict[str, Any]]:
        response = self.client.post("/api/message", json={"message": message}, name="turn")
        if response.status_code != 200:
            raise GaveUp(f"HTTP {response.status_code}")
        if response.headers.get("X-Chat-New") and self.greeted:
            raise GaveUp("conversation cookie not kept")
        self.greeted = True
        replies = response.json()
        if not replies:
            raise GaveUp("no reply")
        return replies

    def answer(self, replies: list[dict[str, Any]], action: Any) -> list[dict[str, Any]]:
        if isinstance(action, list):
            for item in action:
                replies = self.answer(replies, item)
            return replies
        if "click" in action:
            payload = next(
                (b["payload"] for b in buttons_of(replies) if b.get("title", "").startswith(action["click"])),
                None,
            )
            if payload is None:
                raise GaveUp(f"no button {action['click']!r}")
            self.think()
            return self.send(payload)
        self.think()
        return self.send(action["say"])

    def first_choice(self, replies: list[dict[str, Any]]) -> dict[str, Any] | None:
        choices = [b for b in buttons_of(replies) if b.get("payload", "").strip() not in NAVIGATION]
        return {"click": choices[0]["title"]} if choices else None

    @task
    def register(self) -> None:
        self.client.cookiejar.clear()
        self.greeted = False
        name, profile = random.choice(sorted(PLAN["profiles"].items()))
        try:
            self.think()  # the candidate arrives
            replies = self.send("/greet")
            previous, asks = None, 0
            for _ in range(MAX_TURNS):
                step, line = current_question(replies)
                asks = asks + 1 if (step, line) == previous else 1
                previous = (step, line)
                if step == "summary":
                    replies = self.answer(replies, {"click": "Valider votre inscription"})
                    if not any(isinstance(r.get("custom"), dict) for r in replies):
                        raise GaveUp("validated without a confirmation")
                    RECORDER.outcome(True)
                    return
                if asks > MAX_ASKS:
                    raise GaveUp(f"stuck at {step}")
                action = profile.get(step) if step and asks == 1 else None
                if action is None:
                    # An unknown question, or one asked again word for word (the answer was not understood):
                    # the first answer button, as a hurried candidate would.
                    action = self.first_choice(replies)
                    if action is None and step in profile:
                        action = profile[step]
                    if action is None:
                        raise GaveUp(f"unknown question {step} without buttons")
                    RECORDER.unknown(step, text_of(replies))
                replies = self.answer(replies, action)
            raise GaveUp("too many turns")
        except GaveUp as reason:
            RECORDER.outcome(False, f"{name}: {reason}")


class StarterCandidate(Candidate):
    """A user of the stock starter bot: its own conversation six times over, under a new sender id."""

    @task
    def converse(self) -> None:
        sender = "load-" + uuid.uuid4().hex
        for message in PLAN["starter_turns"] * 6:
            self.think()
            response = self.client.post(
                "/webhooks/rest/webhook", json={"sender": sender, "message": message}, name="turn"
            )
            if response.status_code != 200 or not response.json():
                RECORDER.outcome(False, f"HTTP {response.status_code}")
                return
        RECORDER.outcome(True)
