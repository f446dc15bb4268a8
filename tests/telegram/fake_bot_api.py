"""A local fake of the Telegram Bot API over HTTP: it queues updates and records what the bot sends."""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BOT_USER = {
    "id": 7000001,
    "is_bot": True,
    "first_name": "Assistant BTS",
    "username": "bts_inscription_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
# Parameters the Bot API receives JSON-encoded (others, such as text, are plain strings).
JSON_FIELDS = {
    "chat_id",
    "message_id",
    "reply_markup",
    "commands",
    "offset",
    "limit",
    "timeout",
    "allowed_updates",
    "drop_pending_updates",
    "show_alert",
    "cache_time",
}


def user_of(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": "Léa", "language_code": "fr"}


def parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """Fields and files of a multipart/form-data body, with the standard library's MIME parser."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        data = part.get_payload(decode=True) or b""
        if filename is not None:
            files[name] = (filename, data)
        else:
            fields[name] = data.decode("utf-8")
    return fields, files


@dataclass
class FakeBotApi:
    """The fake server's state; thread-safe, so a test thread can inject updates while the bot polls."""

    token: str
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)  # bot messages, as currently shown
    documents: list[dict[str, Any]] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)  # file_id → what a user sent, served by getFile
    updates: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    closing: bool = False  # set when the test ends: pending long polls return at once

    def __post_init__(self) -> None:
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)

    # -- what a test does -------------------------------------------------------------------------------
    def inject(self, payload: dict[str, Any]) -> int:
        with self.lock:
            update_id = next(self._update_ids)
            self.updates.append({"update_id": update_id, **payload})
            return update_id

    def send_text(self, chat_id: int, text: str) -> int:
        """Queues a text message from the user of a private chat; returns its update_id."""
        with self.lock:
            message_id = next(self._message_ids)
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self.chat(chat_id),
            "from": user_of(chat_id),
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self.inject({"message": message})

    def send_file(self, chat_id: int, name: str, data: bytes, mime: str = "application/pdf") -> int:
        """Queues a document sent by the user of a private chat (Telegram keeps it; the bot fetches it)."""
        with self.lock:
            message_id = next(self._message_ids)
            file_id = f"up{len(self.uploads)}"
            self.uploads[file_id] = data
        document = {
            "file_id": file_id,
            "file_unique_id": f"uu{file_id}",
            "file_name": name,
            "mime_type": mime,
            "file_size": len(data),
        }
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self.chat(chat_id),
            "from": user_of(chat_id),
            "document": document,
        }
        return self.inject({"message": message})

    def press(self, chat_id: int, message_id: int, data: str) -> int:
        """Queues a press on an inline button of a bot message; returns its update_id."""
        with self.lock:
            message = json.loads(json.dumps(self.messages[message_id]))
        return self.inject(
            {
                "callback_query": {
                    "id": f"cq{message_id}-{len(self.calls)}",
                    "from": user_of(chat_id),
                    "chat_instance": str(chat_id),
                    "data": data,
                    "message": message,
                }
            }
        )

    def sent_since(self, index: int) -> list[tuple[str, dict[str, Any]]]:
        with self.lock:
            return list(self.calls[index:])

    @staticmethod
    def chat(chat_id: int) -> dict[str, Any]:
        return {"id": chat_id, "type": "private", "first_name": "Léa"}

    # -- the HTTP side --------------------------------------------------------------------------------------
    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route(f"/bot{self.token}/{{method}}", self._endpoint, methods=["GET", "POST"]),
                Route(f"/file/bot{self.token}/{{path:path}}", self._file, methods=["GET"]),
            ]
        )

    async def _file(self, request: Request) -> Response:
        """The file download of the Bot API: /file/bot<token>/<file_path given by getFile>."""
        data = self.uploads.get(request.path_params["path"].rsplit("/", 1)[-1])
        if data is None:
            return Response(status_code=404)
        return Response(data, media_type="application/octet-stream")

    async def _endpoint(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        params, files = await self._params(request)
        handler = getattr(self, f"_api_{method.lower()}", None)
        if handler is None:
            return JSONResponse(
                {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
                status_code=404,
            )
        result = await handler(params, files)
        if method != "getUpdates":
            record = {**params, **{k: v[0] for k, v in files.items()}}
            if isinstance(result, dict) and "message_id" in result:
                record["result_message_id"] = result["message_id"]
            with self.lock:
                self.calls.append((method, record))
        if isinstance(result, JSONResponse):
            return result
        return JSONResponse({"ok": True, "result": result})

    @staticmethod
    async def _params(request: Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
        body = await request.body()
        content_type = request.headers.get("content-type", "")
        files: dict[str, tuple[str, bytes]] = {}
        if content_type.startswith("multipart/form-data"):
            raw, files = parse_multipart(content_type, body)
        elif content_type.startswith("application/json"):
            return (json.loads(body or b"{}"), {})
        else:
            raw = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        raw.update(request.query_params)
        params = {k: json.loads(v) if k in JSON_FIELDS else v for k, v in raw.items()}
        return params, files

    def _new_message(self, chat_id: int, **content: Any) -> dict[str, Any]:
        with self.lock:
            message = {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": self.chat(chat_id),
                "from": BOT_USER,
                **{k: v for k, v in content.items() if v is not None},
            }
            self.messages[message["message_id"]] = message
            return message

    def _edit(self, params: dict[str, Any], **changes: Any) -> dict[str, Any] | JSONResponse:
        with self.lock:
            message = self.messages.get(params.get("message_id"))
            if message is None:
                return JSONResponse(
                    {"ok": False, "error_code": 400, "description": "Bad Request: message to edit not found"},
                    status_code=400,
                )
            for key, value in changes.items():
                if value is None:
                    message.pop(key, None)
                else:
                    message[key] = value
            message["edit_date"] = int(time.time())
            return dict(message)

    async def _api_getme(self, params, files):
        return BOT_USER

    async def _api_getupdates(self, params, files):
        offset, timeout = int(params.get("offset") or 0), float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                ready = list(self.updates[: int(params.get("limit") or 100)])
            if ready or self.closing or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.02)

    async def _api_sendmessage(self, params, files):
        return self._new_message(
            params["chat_id"], text=params["text"], reply_markup=params.get("reply_markup")
        )

    async def _api_senddocument(self, params, files):
        filename, data = files["document"]
        document = {
            "file_id": f"doc{len(self.documents)}",
            "file_unique_id": f"u{len(self.documents)}",
            "file_name": filename,
            "mime_type": "application/pdf",
            "file_size": len(data),
        }
        with self.lock:
            self.documents.append(
                {
                    "chat_id": params["chat_id"],
                    "filename": filename,
                    "bytes": data,
                    "caption": params.get("caption"),
                }
            )
        return self._new_message(params["chat_id"], document=document, caption=params.get("caption"))

    async def _api_getfile(self, params, files):
        file_id = params["file_id"]
        if file_id not in self.uploads:
            return JSONResponse(
                {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"},
                status_code=400,
            )
        return {
            "file_id": file_id,
            "file_unique_id": f"uu{file_id}",
            "file_size": len(self.uploads[file_id]),
            "file_path": f"documents/{file_id}",
        }

    async def _api_editmessagetext(self, params, files):
        return self._edit(params, text=params["text"], reply_markup=params.get("reply_markup"))

    async def _api_editmessagereplymarkup(self, params, files):
        return self._edit(params, reply_markup=params.get("reply_markup"))

    async def _api_answercallbackquery(self, params, files):
        return True

    async def _api_sendchataction(self, params, files):
        return True

    async def _api_setmycommands(self, params, files):
        return True

    async def _api_deletewebhook(self, params, files):
        return True

    async def _api_setwebhook(self, params, files):
        return True
