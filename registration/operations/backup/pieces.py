"""The documents candidates sent (``<var dir>/pieces/<dossier id>/<name>``, registration/dossier/uploads.py): the only
state the database refers to that lives on disk (a validated revision's PDF is stored in its row).

A backup holds the files the rows of its snapshot name, read after the snapshot: a file is written before
its row (``uploads.receive``), so every row of the snapshot has its file, unless the dossier was erased
since (then it is said, not an error). A restore puts the restored folder in place of the old one (the old
files belong to the database that was replaced).
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from registration.dossier.uploads import FOLDER
from registration.operations.backup.archive import Writer
from registration.operations.backup.contents import Piece


@dataclass
class Added:
    included: int = 0
    missing: list[str] = field(default_factory=list)  # member names of erased files
    altered: int = 0  # files whose content no longer matches the SHA-256 their row holds


def add_pieces(writer: Writer, var_dir: Path, pieces: list[Piece]) -> Added:
    added = Added()
    for piece in pieces:
        path = var_dir / FOLDER / str(piece.dossier_id) / piece.stored_name
        try:
            handle = open(path, "rb")  # noqa: SIM115 (closed below; its size is read from the descriptor)
        except FileNotFoundError:
            added.missing.append(piece.member)
            continue
        with handle:
            member = writer.add_file(piece.member, handle)
        added.included += 1
        if member.sha256 != piece.sha256:
            added.altered += 1
    return added


def install_pieces(staging: Path, var_dir: Path) -> None:
    """The restored ``pieces`` folder (``staging/pieces``, maybe absent) replaces ``var_dir/pieces``."""
    restored, current = staging / FOLDER, var_dir / FOLDER
    if not restored.exists():
        restored.mkdir(mode=0o700)
    old = var_dir / f".{FOLDER}-avant-restauration-{uuid.uuid4().hex[:8]}"
    if current.exists():
        os.rename(current, old)
    os.rename(restored, current)
    os.chmod(current, 0o700)
    shutil.rmtree(old, ignore_errors=True)
