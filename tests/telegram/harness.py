"""Runs the real bridge Application against the fake Bot API in a background event loop; a chatting user."""

from __future__ import annotations

import asyncio
import functools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from telegram import Update
from telegram.ext import Application, TypeHandler

from bot.telegram import build_application
from bot.telegram.app import ALLOWED_UPDATES
from tests.telegram.fake_bot_api import FakeBotApi

TOKEN = "123456:TEST-token_for-the-fake-api"


async def serve(app: Starlette) -> tuple[uvicorn.Server, asyncio.Task, str]:
    """Serves `app` on a free local port; returns the server, its task and its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, task, f"http://127.0.0.1:{port}"


class Harness:
    """The fake Telegram server, extra local web apps (e.g. a stand-in Rasa) and the bridge, on one loop."""

    def __init__(
        self,
        rasa_url: str | Callable[[dict[str, str]], str],
        *,
        extra_apps: dict[str, Starlette] | None = None,
        with_bridge: bool = True,
        **bridge_options: Any,
    ) -> None:
        self.api = FakeBotApi(TOKEN)
        self.rasa_url, self.extra_apps, self.bridge_options = rasa_url, extra_apps or {}, bridge_options
        self.with_bridge = with_bridge
        self.urls: dict[str, str] = {}
        self.processed: set[int] = set()
        self.condition = threading.Condition()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="telegram-harness", daemon=True)
        self.application: Application | None = None
        self._servers: list[tuple[uvicorn.Server, asyncio.Task]] = []

    def run(self, coroutine, timeout: float = 60.0):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def __enter__(self) -> Harness:
        self.thread.start()
        self.run(self._start())
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.run(self._stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)

    async def _start(self) -> None:
        for name, app in {"telegram": self.api.app(), **self.extra_apps}.items():
            server, task, url = await serve(app)
            self._servers.append((server, task))
            self.urls[name] = url
        rasa_url = self.rasa_url(self.urls) if callable(self.rasa_url) else self.rasa_url
        if not self.with_bridge:  # the bridge runs elsewhere (e.g. `python -m bot.telegram`)
            return
        self.application = build_application(TOKEN, rasa_url, self.urls["telegram"], **self.bridge_options)
        self.application.add_handler(TypeHandler(Update, self._mark_processed), group=1)
        await self.application.initialize()
        await self.application.post_init(self.application)
        await self.application.updater.start_polling(
            poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES
        )
        await self.application.start()

    async def _stop(self) -> None:
        if self.application:
            self.api.closing = True
            if self.application.updater.running:
                await self.application.updater.stop()
            if self.application.running:
                await self.application.stop()
            await self.application.post_shutdown(self.application)
            await self.application.shutdown()
        for server, task in self._servers:
            server.should_exit = True
            await task

    async def _mark_processed(self, update: Update, _context) -> None:
        with self.condition:
            self.processed.add(update.update_id)
            self.condition.notify_all()

    def wait_processed(self, update_id: int, timeout: float = 120.0) -> None:
        with self.condition:
            if not self.condition.wait_for(lambda: update_id in self.processed, timeout):
                raise AssertionError(f"update {update_id} was not processed within {timeout} s")

    @property
    def bridge(self):
        return self.application.bot_data["bridge"]

    def set_rasa_url(self, url: str) -> None:
        self.bridge.rasa.url = url


@dataclass
class TelegramUser:
    """A candidate in a private chat; `last` holds what the bot sent in answer to the last action.

    It has the interface of tests.conversations.client.Candidate, so the conversation driver can use it.
    """

    harness: Harness
    chat_id: int = 424242
    last: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    transcript: list[tuple[str, str]] = field(default_factory=list)

    def _act(self, inject: Callable[[], int], shown: str) -> list[tuple[str, dict[str, Any]]]:
        start = len(self.harness.api.calls)
        update_id = inject()
        self.harness.wait_processed(update_id)
        self.last = [
            (m, p)
            for m, p in self.harness.api.sent_since(start)
            if int(p.get("chat_id", self.chat_id)) == self.chat_id
        ]
        self.transcript.append(("candidat", shown))
        self.transcript.extend(("assistant", p.get("text") or p.get("caption") or m) for m, p in self.sent)
        return self.last

    def say(self, text: str):
        return self._act(lambda: self.harness.api.send_text(self.chat_id, text), text)

    @property
    def sent(self) -> list[tuple[str, dict[str, Any]]]:
        """New messages (sendMessage, sendDocument) of the last answer, without edits and chat actions."""
        return [(m, p) for m, p in self.last if m in ("sendMessage", "sendDocument")]

    @property
    def text(self) -> str:
        return "\n".join(p.get("text") or "" for m, p in self.sent if m == "sendMessage")

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """The inline buttons of the last answer, each with the message_id that carries it."""
        found = []
        for _method, params in self.sent:
            message = self.harness.api.messages.get(params.get("result_message_id"), {})
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                found.extend(
                    {
                        "title": b["text"],
                        "data": b["callback_data"],
                        "message_id": message["message_id"],
                        "row": len(row),
                    }
                    for b in row
                )
        return found

    def titles(self) -> list[str]:
        return [b["title"] for b in self.buttons]

    def visible_buttons(self) -> list[dict[str, Any]]:
        """The buttons of the last answer, or else those of the latest message still having a keyboard."""
        if self.buttons:
            return self.buttons
        for message in sorted(self.harness.api.messages.values(), key=lambda m: -m["message_id"]):
            if message["chat"]["id"] == self.chat_id and message.get("reply_markup"):
                return [
                    {"title": b["text"], "data": b["callback_data"], "message_id": message["message_id"]}
                    for row in message["reply_markup"]["inline_keyboard"]
                    for b in row
                ]
        return []

    def click(self, title: str):
        """Presses the inline button whose title starts with `title` (or one left above, if none is new)."""
        for button in self.visible_buttons():
            if button["title"].startswith(title):
                press = functools.partial(
                    self.harness.api.press, self.chat_id, button["message_id"], button["data"]
                )
                return self._act(press, f"[{button['title']}]")
        raise AssertionError(f"no button {title!r} in {self.titles()}\n{self.text}")

    @property
    def document(self) -> dict[str, Any] | None:
        return next((p for m, p in self.last if m == "sendDocument"), None)

    def calls(self, method: str) -> list[dict[str, Any]]:
        return [p for m, p in self.last if m == method]

    def dump(self) -> str:
        return "\n".join(f"{who}: {what}" for who, what in self.transcript)


def canned_rasa(reply: Callable[[str, str], Any], files: dict[str, bytes] | None = None) -> Starlette:
    """A stand-in for Rasa's REST channel: `reply(sender, message)` gives the replies (or an HTTP status)."""
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    async def webhook(request: Request) -> Response:
        body = json.loads(await request.body())
        answer = reply(body["sender"], body["message"])
        if asyncio.iscoroutine(answer):
            answer = await answer
        if isinstance(answer, int):
            return Response(status_code=answer)
        return JSONResponse(answer)

    async def download(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in (files or {}):
            return Response(status_code=404)
        return Response(files[name], media_type="application/pdf")

    return Starlette(
        routes=[Route("/webhooks/rest/webhook", webhook, methods=["POST"]), Route("/files/{name}", download)]
    )
