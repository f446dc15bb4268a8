"""The backup file: one tar archive (mode 0600), the database dump and the pieces first, ``manifest.json`` last.

Writing hashes every member as it is copied in (each file is read once); the archive is written as
``.<name>.part`` and renamed when complete, so a backup that stopped half-way never looks like a backup.
Reading extracts every member into a staging folder while hashing it, then checks the manifest: the caller
changes nothing before that check has passed.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from registration.operations.backup import manifest as manifest_module
from registration.operations.backup.manifest import Manifest, Member
from registration.operations.backup.messages import Refused

CHUNK = 1024 * 1024


class _Hashing:
    """A file read through: what was read is hashed and counted."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle, self.sha, self.size = handle, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.sha.update(data)
        self.size += len(data)
        return data


def _info(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(mtime)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


@dataclass
class Writer:
    """Adds members to an open tar archive and remembers their checksums."""

    tar: tarfile.TarFile
    mtime: float
    members: dict[str, Member]

    def add_file(self, name: str, handle: BinaryIO) -> Member:
        """Adds an open file (its size is read from the descriptor: files added here do not change)."""
        size = os.fstat(handle.fileno()).st_size
        reader = _Hashing(handle)
        self.tar.addfile(_info(name, size, self.mtime), reader)
        member = self.members[name] = Member(reader.size, reader.sha.hexdigest())
        return member

    def add_bytes(self, name: str, data: bytes) -> None:
        import io

        self.tar.addfile(_info(name, len(data), self.mtime), io.BytesIO(data))


@contextmanager
def writing(path: Path, mtime: float) -> Iterator[Writer]:
    """A new archive at ``path`` (refused when it exists); complete, synced and renamed on success only."""
    partial = path.with_name(f".{path.name}.part")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise Refused("output_exists", path=partial) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            with tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT) as tar:
                yield Writer(tar, mtime, {})
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            raise Refused("output_exists", path=path)
        os.rename(partial, path)
        _sync_folder(path.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_manifest(writer: Writer, manifest: Manifest) -> None:
    manifest.members = dict(writer.members)
    writer.add_bytes(manifest_module.NAME, manifest.to_json())


# --- reading ---------------------------------------------------------------------------------------------


def read(path: Path, staging: Path | None) -> Manifest:
    """Checks the archive; with ``staging``, extracts its members there (pieces 0700/0600) as they are hashed.

    :class:`Refused` when it is not a backup of ours, is damaged (a checksum, a size, a missing or extra
    member, a truncated archive) or of a newer format; then whatever was extracted is for the caller to
    remove."""
    shown = str(path)
    if not path.is_file():
        raise Refused("not_a_file", path=shown)
    found: dict[str, Member] = {}
    raw_manifest: bytes | None = None
    try:
        with tarfile.open(path, mode="r|") as tar:  # a stream: each member once, in order
            for info in tar:
                name = info.name
                if not info.isfile():
                    raise Refused("foreign", path=shown, why=f"membre inattendu {name!r}")
                handle = tar.extractfile(info)
                assert handle is not None
                if name == manifest_module.NAME:
                    if info.size > manifest_module.MAX_BYTES:
                        raise Refused("foreign", path=shown, why="manifeste démesuré")
                    raw_manifest = handle.read()
                    continue
                if not manifest_module.allowed_member(name) or name in found:
                    raise Refused("foreign", path=shown, why=f"membre inattendu {name!r}")
                found[name] = _extract(handle, staging / name if staging is not None else None)
    except (tarfile.TarError, EOFError):
        raise Refused("unreadable", path=shown) from None
    if raw_manifest is None and found:
        raise Refused("damaged", path=shown, why="le manifeste manque : archive tronquée ou altérée")
    if raw_manifest is None:
        raise Refused("foreign", path=shown, why="pas de manifest.json")
    manifest = manifest_module.from_json(raw_manifest, shown)
    for name, expected in manifest.members.items():
        actual = found.pop(name, None)
        if actual is None:
            raise Refused("damaged", path=shown, why=f"{name} manque")
        if actual != expected:
            raise Refused("damaged", path=shown, why=f"l'empreinte SHA-256 de {name} ne correspond pas")
    if found:
        raise Refused("damaged", path=shown, why=f"{sorted(found)[0]} n'est pas dans le manifeste")
    return manifest


def _extract(handle: IO[bytes], target: Path | None) -> Member:
    sha, size = hashlib.sha256(), 0
    output = None
    if target is not None:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        output = os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
    try:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
            if output is not None:
                output.write(chunk)
    finally:
        if output is not None:
            output.close()
    return Member(size, sha.hexdigest())
