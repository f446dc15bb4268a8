"""The Rasa model a cluster runs: pinned under its data folder by content, so that retraining (which rewrites
models/current.tar.gz) changes nothing until a rolling update asks for the new model."""

from __future__ import annotations

import hashlib
import shutil
import tarfile
from pathlib import Path

KEEP = 2  # pinned models kept: the one running and the one before (to go back to)


class BadModel(ValueError):
    """The file is not a Rasa model archive."""


def fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def check(path: Path) -> None:
    """BadModel unless `path` is a gzip'd tar holding Rasa's metadata.json (read, not loaded)."""
    if not path.is_file():
        raise BadModel(f"{path} n'existe pas")
    try:
        with tarfile.open(path, "r:gz") as archive:
            names = set(archive.getnames())
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BadModel(f"{path} n'est pas une archive de modèle Rasa ({error})") from None
    if "metadata.json" not in names:
        raise BadModel(f"{path} n'est pas un modèle Rasa (pas de metadata.json)")


def pin(path: Path, folder: Path) -> Path:
    """The model's copy in `folder`, named by its content (made once, through a temporary file)."""
    check(path)
    folder.mkdir(parents=True, exist_ok=True)
    pinned = folder / f"bts-{fingerprint(path)}.tar.gz"
    if path.resolve() == pinned.resolve():
        return pinned
    if not pinned.exists():
        draft = folder / f".{pinned.name}.part"
        shutil.copyfile(path, draft)
        draft.replace(pinned)
    pinned.touch()  # the most recently used last, for prune()
    return pinned


def prune(folder: Path, keep: set[Path]) -> None:
    """Removes the pinned models beyond the KEEP most recent ones, never one in `keep`."""
    models = sorted(folder.glob("bts-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in models[KEEP:]:
        if old not in keep:
            old.unlink(missing_ok=True)
