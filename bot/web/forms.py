"""Reading a ``multipart/form-data`` body with its limits applied while it is read.

The body is parsed as a stream by Starlette's form parser (python-multipart): each chunk is parsed as it
arrives, a file part goes to a spooled temporary file (on disk past 1 MB), and the parse stops at the first
limit crossed: more bytes than ``max_bytes`` (the declared ``Content-Length`` is checked first, then the bytes
actually received), more files than ``max_files``, more text fields than ``max_fields``, a text field longer
than ``max_part_size``, a part without a name, a malformed body. Nothing is built for the parts beyond a limit,
so a body of many thousands of empty parts costs a few of them, not the whole body, on the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.types import Message


class FormTooLarge(Exception):
    """A body over the size allowed for this form."""


class FormRefused(Exception):
    """A body that is not a well-formed form within its limits (too many parts, a part without a name...)."""


@dataclass(frozen=True)
class UploadedFile:
    """A file sent with a ``multipart/form-data`` form: its name as the browser gave it, and its bytes."""

    filename: str
    data: bytes


def _declared_length(request: Request) -> int | None:
    value = request.headers.get("content-length", "")
    return int(value) if value.isdigit() else None


async def read_multipart(
    request: Request,
    *,
    max_bytes: int,
    max_files: int,
    max_fields: int,
    max_part_size: int = 64 * 1024,
) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    """The text fields and files of a ``multipart/form-data`` body, the first value of a name given twice.

    :class:`FormTooLarge` beyond ``max_bytes``; :class:`FormRefused` for any other limit or a malformed body.
    """
    declared = _declared_length(request)
    if declared is not None and declared > max_bytes:
        raise FormTooLarge()
    received = 0
    receive = request.receive

    async def counted() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > max_bytes:
                raise FormTooLarge()
        return message

    limited = Request(request.scope, counted)
    try:
        form = await limited.form(max_files=max_files, max_fields=max_fields, max_part_size=max_part_size)
    except (MultiPartException, HTTPException, ValueError, KeyError) as error:
        raise FormRefused(str(error)) from None
    fields: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    try:
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                if name not in files:
                    files[name] = UploadedFile(value.filename or "", await value.read())
            else:
                fields.setdefault(name, value)
    finally:
        await form.close()
    return fields, files
