"""`python -m bot.telegram` as a process: long polling, webhook mode, and a missing token."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bot.ops.stack import free_port
from tests.telegram.harness import TOKEN, Harness, canned_rasa

ROOT = Path(__file__).resolve().parents[2]


def reply(sender: str, message: str):
    return [
        {
            "recipient_id": sender,
            "text": f"{sender} a dit : {message}",
            "buttons": [{"title": "Oui", "payload": "/affirm"}, {"title": "Non", "payload": "/deny"}],
        }
    ]


def bridge_process(harness: Harness, **env: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": harness.urls["telegram"],
        "RASA_URL": harness.urls["rasa"],
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot.telegram"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def wait_for(harness: Harness, method: str, timeout: float = 30.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p for m, p in harness.api.calls if m == method]
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no {method} within {timeout} s: {[m for m, _ in harness.api.calls]}")


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        output, _ = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output.decode(errors="replace")


def test_long_polling_by_default():
    with Harness(None, extra_apps={"rasa": canned_rasa(reply)}, with_bridge=False) as harness:
        process = bridge_process(harness)
        try:
            harness.api.send_text(77, "/start")
            sent = wait_for(harness, "sendMessage")
            assert sent[0]["text"] == "telegram-77 a dit : bonjour"
            assert [[b["text"] for b in row] for row in sent[0]["reply_markup"]["inline_keyboard"]] == [
                ["Oui", "Non"]
            ]
            assert wait_for(harness, "setMyCommands")
        finally:
            output = stop(process)
        assert TOKEN not in output  # the logs never show the token


def test_webhook_when_its_url_is_set():
    with Harness(None, extra_apps={"rasa": canned_rasa(reply)}, with_bridge=False) as harness:
        port = free_port()
        url = f"http://127.0.0.1:{port}/telegram/hook"
        process = bridge_process(
            harness,
            TELEGRAM_WEBHOOK_URL=url,
            TELEGRAM_WEBHOOK_PORT=str(port),
            TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
            TELEGRAM_WEBHOOK_SECRET="s3cret",
        )
        try:
            registered = wait_for(harness, "setWebhook")[0]
            assert registered["url"] == url and registered["secret_token"] == "s3cret"
            update = {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "text": "bonjour",
                    "chat": {"id": 78, "type": "private"},
                },
            }
            deadline = time.monotonic() + 15
            while True:  # the webhook answers once uvicorn is listening
                try:
                    response = httpx.post(
                        url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
                    )
                    break
                except httpx.ConnectError:
                    assert time.monotonic() < deadline
                    time.sleep(0.1)
            assert response.status_code == 200
            assert wait_for(harness, "sendMessage")[0]["text"] == "telegram-78 a dit : bonjour"
        finally:
            stop(process)


def test_a_missing_token_is_explained():
    environment = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    done = subprocess.run(
        [sys.executable, "-m", "bot.telegram"],
        cwd=ROOT,
        env={**environment, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "TELEGRAM_BOT_TOKEN" in done.stderr
