"""Documents candidates send for their dossier: the signed confirmation and supporting documents.

What is accepted: PDF, JPEG or PNG, up to 10 MB each, the type read from the content (never from the name or
the declared type): a PDF starts with ``%PDF-`` and must be read by pypdf (not encrypted, at least one page);
an image must be opened by Pillow as what its first bytes say, is refused above :data:`MAX_PIXELS` (a
decompression bomb: Pillow's ``DecompressionBombWarning`` is an error here, ``DecompressionBombError`` too)
read from its header before any pixel is decoded, and is re-encoded from its pixels alone (no metadata, no
trailing data, orientation applied, reduced under :data:`KEEP_PIXELS`). Anything else (an HTML page or a program
renamed ``.pdf``, a ZIP archive, a 50 MB image) is refused with a French message, and nothing is stored.

Memory: an image is decoded once, holding its share of the process's :data:`BUDGET` (``BTS_UPLOAD_MEMORY_MB``,
512 MB by default) while it is; uploads are checked in a pool of :data:`WORKERS` threads, never on the event
loop. A dossier holds at most :data:`MAX_FILES_PER_DOSSIER` files and :data:`MAX_BYTES_PER_DOSSIER` bytes.

Where: ``<var dir>/pieces/<dossier id>/<random name>.<ext>`` (directories 0700, files 0600), outside every
folder the web server serves; the row in ``dossier_file`` says which dossier it belongs to. Only staff whose
scope covers the dossier's académie read them (``bot/console/dossiers.py``). Files are kept until the retention
job erases them (``registration/operations/retention.py``: a number of months after the session's results, never longer
than their dossier). The journal (``audit_entry``, subject ``dossier:<id>``) records each document received
(by whom: the candidate, on which channel), each view in the console (by whom) and each erasure (why), with its
number, kind, size and the start of its SHA-256, never its name or content.

Who: on the web, the consultation (dossier number and birth date checked) gives a link holding an upload token
signed with ``BTS_SECRET_KEY`` for that dossier, valid :data:`TOKEN_TTL`; the dossier is read from the token,
never from the client. On Telegram, a document sent while the conversation is in the consultation of a dossier.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import hashlib
import hmac
import io
import math
import os
import re
import secrets
import threading
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from registration.models import AuditEntry, DossierFile
from registration.settings import Settings, now
from registration.store import Store
from registration.store.retention import RETENTION_AUTHOR

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # an A3 page scanned at 600 dpi is 70 MP; at 300 dpi, 17 MP
# A larger image is kept reduced by a whole factor to under this (an A4 page at 400 dpi is 15.5 MP).
KEEP_PIXELS = 20_000_000
# What decoding an image may take: Pillow keeps 4 bytes a pixel (1 for L), and the decoded image lives with
# at most one copy (converted, reduced or turned) at a time.
BYTES_PER_PIXEL = 4
COPIES = 2
WORST_IMAGE = MAX_PIXELS * BYTES_PER_PIXEL * COPIES  # 320 MB
# What one dossier may hold: enough for every piece a candidate may be asked for, several times over.
MAX_FILES_PER_DOSSIER = 25
MAX_BYTES_PER_DOSSIER = 100 * 1024 * 1024
TOKEN_TTL = timedelta(minutes=30)
FOLDER = "pieces"

PDF, JPEG, PNG = "pdf", "jpeg", "png"
MEDIA_TYPES = {PDF: "application/pdf", JPEG: "image/jpeg", PNG: "image/png"}
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
MAGIC = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
ARCHIVES = (b"PK\x03\x04", b"PK\x05\x06", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"\x1f\x8b")

REFUSALS = {
    "empty": "Ce fichier est vide : aucun document n'a été enregistré.",
    "too_big": "Ce fichier dépasse 10 Mo : il n'a pas été enregistré. Envoyez un fichier plus léger (une photo "
    "moins grande ou un PDF compressé).",
    "archive": "Les archives (ZIP et autres) ne sont pas acceptées : rien n'a été enregistré. Envoyez chaque "
    "document séparément, en PDF, JPEG ou PNG.",
    "type": "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG (son contenu ne correspond pas à son nom) : il "
    "n'a pas été enregistré. Envoyez votre document dans l'un de ces formats.",
    "pdf": "Ce PDF est illisible ou endommagé : il n'a pas été enregistré. Enregistrez-le de nouveau, ou "
    "envoyez une photo du document (JPEG ou PNG).",
    "encrypted": "Ce PDF est protégé par un mot de passe : il n'a pas été enregistré. Envoyez-le sans "
    "protection.",
    "image": "Cette image est illisible ou endommagée : elle n'a pas été enregistrée. Reprenez la photo ou "
    "envoyez un PDF.",
    "pixels": "Cette image est bien trop grande (plus de 40 millions de pixels) : elle n'a pas été enregistrée. "
    "Réduisez-la avant de l'envoyer.",
    "quota": "Votre dossier a déjà reçu 25 documents (ou 100 Mo) : ce fichier n'a pas été enregistré. Le service "
    "des examens a ce qu'il faut pour étudier votre dossier ; s'il lui manque une pièce, il vous écrira.",
}


class Refused(Exception):
    """A file that is not accepted; ``message`` says why, in French, for the candidate."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = REFUSALS[reason]


@dataclass(frozen=True)
class Checked:
    kind: str  # pdf | jpeg | png
    data: bytes  # what is stored: the PDF as sent, an image re-encoded


@dataclass(frozen=True)
class FileInfo:
    id: int
    dossier_id: int
    kind: str
    original_name: str
    size: int
    channel: str
    created_at: datetime


def _kind_of(data: bytes) -> str:
    if not data:
        raise Refused("empty")
    if len(data) > MAX_BYTES:
        raise Refused("too_big")
    if data.startswith(ARCHIVES):
        raise Refused("archive")
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return kind
    raise Refused("type")


def _check_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Refused("encrypted")
        if len(reader.pages) < 1:
            raise Refused("pdf")
        for page in reader.pages:
            _ = page.mediabox
    except Refused:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on a broken or hostile file
        raise Refused("pdf") from error
    return data


class MemoryBudget:
    """The memory this process lets images take while they are decoded, shared by every upload at once.

    Each image holds a share worth its decoded size (:data:`BYTES_PER_PIXEL` per pixel, :data:`COPIES` copies
    at most) until it is encoded again; an upload whose share does not fit waits for others to finish."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.free = total
        self._changed = threading.Condition()

    @contextlib.contextmanager
    def hold(self, amount: int) -> Iterator[None]:
        amount = min(max(amount, 0), self.total)
        with self._changed:
            self._changed.wait_for(lambda: self.free >= amount)
            self.free -= amount
        try:
            yield
        finally:
            with self._changed:
                self.free += amount
                self._changed.notify_all()


def _memory_budget() -> int:
    """``BTS_UPLOAD_MEMORY_MB`` (512 by default), never less than one worst-case image. The budget and the pool
    are the process's, fixed when this module is first imported, before any application hands settings down."""
    megabytes = Settings.from_environment().upload_memory_mb
    return max(megabytes * 1024 * 1024, WORST_IMAGE)


def _return_freed_blocks() -> None:
    """Large blocks (Pillow's 16 MB ones) are mapped and unmapped, never kept by the allocator once freed.

    glibc raises its mmap threshold at the first large free (up to 32 MB); after that Pillow's blocks come
    from each thread's heap, which keeps what was freed: three images decoded one after another in three
    threads would hold three images' memory. A fixed threshold (1 MB) keeps the process's memory to what the
    images decoded now take. Elsewhere than glibc, nothing is changed."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, 1024 * 1024)
    except (OSError, AttributeError):
        pass


M_MMAP_THRESHOLD = -3  # glibc's malloc.h
_return_freed_blocks()
BUDGET = MemoryBudget(_memory_budget())
# The uploads checked at once in this process: as many worst-case images as the budget holds, and two more
# for PDFs and small images (an image beyond the budget's free share waits in its worker, not on the loop).
WORKERS = BUDGET.total // WORST_IMAGE + 2
_pool: ThreadPoolExecutor | None = None
_pool_guard = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_guard:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="upload")
        return _pool


ORIENTATIONS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _reduction(pixels: int) -> int:
    """The whole factor that brings an image of ``pixels`` under :data:`KEEP_PIXELS` (1: kept as it is)."""
    return max(1, math.ceil(math.sqrt(pixels / KEEP_PIXELS)))


def _decode(image: Image.Image, kind: str) -> Image.Image:
    """The pixels alone (no info, no metadata), upright, in a mode kept, at most :data:`KEEP_PIXELS`.

    Decoded once: a JPEG is decoded directly at a reduced scale when it is too large (``draft``), a PNG is
    reduced after decoding; every intermediate image is released as soon as the next one exists."""
    orientation = image.getexif().get(0x0112)
    factor = _reduction(image.width * image.height)
    if kind == JPEG and factor > 1:
        image.draft(None, (math.ceil(image.width / factor), math.ceil(image.height / factor)))
    image.load()
    current = image

    def step(made: Image.Image) -> None:
        nonlocal current
        if made is not current:
            if current is not image:
                current.close()
            current = made

    if kind == JPEG:
        mode = "L" if current.mode in ("1", "L") else "RGB"
    else:
        mode = current.mode if current.mode in ("1", "L", "LA", "RGB", "RGBA") else "RGBA"
    if current.mode != mode:
        step(current.convert(mode))
    factor = _reduction(current.width * current.height)
    if factor > 1:
        smaller = (max(1, current.width // factor), max(1, current.height // factor))
        step(current.reduce(factor) if current.mode != "1" else current.resize(smaller))
    method = ORIENTATIONS.get(orientation) if isinstance(orientation, int) else None
    if method is not None:
        step(current.transpose(method))
    if current is image:  # the same pixels, without what the file said besides them
        current = image._new(image.im)
    current.info = {}
    return current


def _clean_image(data: bytes, kind: str) -> bytes:
    """The image from its pixels alone, encoded again; refused when Pillow cannot read it or it is too large.

    The declared size is read from the header (``Image.open`` decodes nothing) and checked before any pixel is
    decoded; the decoding then holds its share of the process's :data:`BUDGET`."""
    pillow_format = "JPEG" if kind == JPEG else "PNG"
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[pillow_format]) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise Refused("pixels")
                probe.verify()
            with Image.open(io.BytesIO(data), formats=[pillow_format]) as image:
                share = image.width * image.height * BYTES_PER_PIXEL * COPIES
                with BUDGET.hold(share):
                    clean = _decode(image, kind)
                    try:
                        out = io.BytesIO()
                        if kind == JPEG:
                            clean.save(out, "JPEG", quality=90, optimize=True)
                        else:
                            clean.save(out, "PNG", optimize=True)
                    finally:
                        clean.close()
        except Refused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise Refused("pixels") from error
        except Exception as error:  # truncated, corrupt, or not what its first bytes say
            raise Refused("image") from error
    cleaned = out.getvalue()
    if len(cleaned) > MAX_BYTES:
        raise Refused("too_big")
    return cleaned


def check(data: bytes) -> Checked:
    """What will be stored of a file sent; :class:`Refused` when it is not accepted."""
    kind = _kind_of(data)
    return Checked(kind, _check_pdf(data) if kind == PDF else _clean_image(data, kind))


def _safe_name(name: str) -> str:
    """A name sent by a client, for display only: no path, no control character, at most 200 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:200] or "document"


def folder_of(var_dir: Path, dossier_id: int) -> Path:
    """Where a dossier's files are kept, under the application's var dir (``settings.var_dir``)."""
    return var_dir / FOLDER / str(int(dossier_id))


def _held(session: Session, dossier_id: int) -> tuple[int, int]:
    """How many files a dossier holds, and their bytes."""
    count, size = session.execute(
        select(func.count(DossierFile.id), func.coalesce(func.sum(DossierFile.size), 0)).where(
            DossierFile.dossier_id == dossier_id
        )
    ).one()
    return int(count), int(size)


def _check_quota(session: Session, dossier_id: int, adding: int) -> None:
    """:class:`Refused` (``quota``) when one more file of ``adding`` bytes would take the dossier beyond
    :data:`MAX_FILES_PER_DOSSIER` files or :data:`MAX_BYTES_PER_DOSSIER` bytes."""
    count, size = _held(session, dossier_id)
    if count + 1 > MAX_FILES_PER_DOSSIER or size + adding > MAX_BYTES_PER_DOSSIER:
        raise Refused("quota")


def receive(
    store: Store, dossier_id: int, data: bytes, original_name: str, channel: str, *, var_dir: Path
) -> FileInfo:
    """Checks a file sent for a dossier and stores it; :class:`Refused` (and nothing stored) when refused:
    the dossier's quota is checked before the file is read, and again when it is recorded."""
    store.transaction(lambda session: _check_quota(session, dossier_id, 0))
    checked = check(data)
    folder = folder_of(var_dir, dossier_id)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16) + EXTENSIONS[checked.kind]
    path = folder / stored_name
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(checked.data)
    when = now()
    row = DossierFile(
        dossier_id=dossier_id,
        stored_name=stored_name,
        kind=checked.kind,
        original_name=_safe_name(original_name),
        size=len(checked.data),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        channel=channel[:16],
        created_at=when,
    )

    def work(session: Session) -> FileInfo:
        _check_quota(session, dossier_id, row.size)
        session.add(row)
        session.flush()
        session.add(_journal(row, "pièce reçue", f"candidat ({row.channel})", when))
        return _info(row)

    try:
        return store.transaction(work)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


async def receive_async(
    store: Store, dossier_id: int, data: bytes, original_name: str, channel: str, *, var_dir: Path
) -> FileInfo:
    """:func:`receive` in the uploads' own bounded pool (:data:`WORKERS` threads), off the event loop."""
    work = functools.partial(receive, store, dossier_id, data, original_name, channel, var_dir=var_dir)
    return await asyncio.get_running_loop().run_in_executor(_executor(), work)


def _journal(
    row: DossierFile,
    action: str,
    who: str,
    when: datetime,
    staff_id: int | None = None,
    why: str | None = None,
) -> AuditEntry:
    """The journal's line about one document (no name, no content)."""
    return AuditEntry(
        staff_id=staff_id,
        staff_email=who[:320],
        action=action,
        subject=f"dossier:{row.dossier_id}",
        field=f"pièce {row.id}",
        before=f"{row.kind}, {row.size} octets, reçue le {row.created_at:%d/%m/%Y}, sha256 {row.sha256[:16]}",
        after=why,
        created_at=when,
    )


def _info(row: DossierFile) -> FileInfo:
    return FileInfo(
        row.id, row.dossier_id, row.kind, row.original_name, row.size, row.channel, row.created_at
    )


def files_of(store: Store, dossier_id: int) -> list[FileInfo]:
    return store.transaction(
        lambda session: [
            _info(row)
            for row in session.scalars(
                select(DossierFile).where(DossierFile.dossier_id == dossier_id).order_by(DossierFile.id)
            )
        ]
    )


def read_file(
    store: Store,
    dossier_id: int,
    file_id: int,
    viewer: tuple[int | None, str] | None = None,
    *,
    var_dir: Path,
) -> tuple[bytes, str, str] | None:
    """A dossier's file: its bytes, media type and a download name; None when it is not this dossier's. A
    ``viewer`` (staff id, e-mail) is journalled as having opened it."""
    row = store.transaction(
        lambda session: session.scalar(
            select(DossierFile).where(DossierFile.id == file_id, DossierFile.dossier_id == dossier_id)
        )
    )
    if row is None:
        return None
    path = folder_of(var_dir, dossier_id) / row.stored_name
    if not path.is_file():
        return None
    if viewer is not None:
        entry = _journal(row, "pièce consultée", viewer[1], now(), staff_id=viewer[0])
        store.transaction(lambda session: session.add(entry))
    name = f"dossier-{dossier_id}-piece-{row.id}{EXTENSIONS[row.kind]}"
    return path.read_bytes(), MEDIA_TYPES[row.kind], name


def erase_files(store: Store, dossier_id: int, *, reason: str, var_dir: Path) -> int:
    """Erases a dossier's files and their rows, each journalled with ``reason``; how many there were."""
    when = now()

    def work(session: Session) -> list[str]:
        rows = list(session.scalars(select(DossierFile).where(DossierFile.dossier_id == dossier_id)))
        for row in rows:
            session.add(_journal(row, "pièce effacée", RETENTION_AUTHOR, when, why=reason[:4000]))
        session.execute(delete(DossierFile).where(DossierFile.dossier_id == dossier_id))
        return [row.stored_name for row in rows]

    names = store.transaction(work)
    unlink_files(var_dir, dossier_id, names)
    return len(names)


def unlink_files(var_dir: Path, dossier_id: int, names: list[str] | tuple[str, ...]) -> None:
    """Removes these files of a dossier from the disk, and its folder once empty."""
    folder = folder_of(var_dir, dossier_id)
    for name in names:
        (folder / name).unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # not empty (another document arrived) or already gone
        folder.rmdir()


# --- the web upload link ---------------------------------------------------------------------------------


def _signature(secret: str, payload: str) -> str:
    key = hashlib.sha256(b"bts-upload:" + secret.encode("utf-8")).digest()
    return hmac.new(key, payload.encode("ascii"), hashlib.sha256).hexdigest()[:32]


def upload_token(dossier_id: int, secret: str) -> str | None:
    """A token naming one dossier, valid :data:`TOKEN_TTL`, signed with ``secret`` (``settings.secret_key``);
    None without one."""
    if not secret:
        return None
    expires = int((now() + TOKEN_TTL).timestamp())
    payload = f"{int(dossier_id)}.{expires}"
    return f"{payload}.{_signature(secret, payload)}"


def dossier_of_token(token: str, secret: str) -> int | None:
    """The dossier a genuine, unexpired token names; None for anything else."""
    match = re.fullmatch(r"(\d{1,12})\.(\d{1,12})\.([0-9a-f]{32})", token or "")
    if not secret or match is None:
        return None
    payload = f"{match[1]}.{match[2]}"
    if not hmac.compare_digest(match[3], _signature(secret, payload)):
        return None
    if int(match[2]) < now().timestamp():
        return None
    return int(match[1])


def token_remaining(token: str, secret: str) -> int | None:
    """Seconds a genuine token is still valid for; None when it is not (or no longer) valid."""
    if dossier_of_token(token, secret) is None:
        return None
    return max(0, int(token.split(".")[1]) - int(now().timestamp()))
