"""``manifest.json``: what a backup holds, and the SHA-256 of every other member of the archive.

The manifest also carries the SHA-256 of its own content (``checksum``, over the other keys serialised with
sorted keys): a damaged manifest is refused like a damaged member. It holds no personal data: table counts,
the schema revision, and the member names (``database.*`` and ``pieces/<dossier id>/<random name>``).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from registration.operations.backup.messages import Refused

FORMAT = "bts-inscription-sauvegarde"
VERSION = 1
NAME = "manifest.json"
MAX_BYTES = 32 * 1024 * 1024  # a manifest of a few million pieces; anything larger is not ours
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
TOPOLOGIES = {"sqlite": "embedded", "postgresql": "cluster"}
# pieces/<dossier id>/<name>: registration.dossier.uploads names them with 32 hex digits and the kind's extension.
PIECE = re.compile(r"pieces/(\d{1,12})/([A-Za-z0-9_-][A-Za-z0-9._-]{0,63})")


@dataclass(frozen=True)
class Member:
    size: int
    sha256: str


@dataclass
class Manifest:
    created_at: str  # ISO 8601, Paris time
    dialect: str  # sqlite | postgresql
    alembic_revision: str | None
    server_version: str  # SQLite's library version, or the PostgreSQL server's
    tool: str  # what made the dump: "sqlite3 backup API", "pg_dump 15.20"
    counts: dict[str, int]
    members: dict[str, Member] = field(default_factory=dict)
    missing_pieces: list[str] = field(default_factory=list)  # erased with their dossier while backing up
    format: str = FORMAT
    version: int = VERSION

    @property
    def topology(self) -> str:
        return TOPOLOGIES.get(self.dialect, self.dialect)

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.dialect]

    @property
    def tool_major(self) -> int | None:
        """The major version of pg_dump that made a PostgreSQL dump."""
        match = re.search(r"pg_dump (\d+)", self.tool)
        return int(match[1]) if match else None

    def body(self) -> dict[str, Any]:
        data = asdict(self)
        data["topology"] = self.topology
        return data

    def to_json(self) -> bytes:
        body = self.body()
        body["checksum"] = _checksum(body)
        return (json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _checksum(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def from_json(raw: bytes, path: str) -> Manifest:
    """The manifest read back; :class:`Refused` when it is not one of ours, damaged, or of a newer format."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused("damaged", path=path, why="manifeste illisible") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise Refused(
            "foreign", path=path, why="son manifeste n'est pas celui d'une sauvegarde de l'assistant"
        )
    checksum = body.pop("checksum", None)
    if checksum != _checksum(body):
        raise Refused("damaged", path=path, why="l'empreinte du manifeste ne correspond pas")
    if not isinstance(body.get("version"), int) or body["version"] > VERSION:
        raise Refused("newer_format", path=path, found=body.get("version"), known=VERSION)
    try:
        members = {name: Member(int(m["size"]), str(m["sha256"])) for name, m in body["members"].items()}
        manifest = Manifest(
            created_at=str(body["created_at"]),
            dialect=str(body["dialect"]),
            alembic_revision=body["alembic_revision"],
            server_version=str(body["server_version"]),
            tool=str(body["tool"]),
            counts={str(k): int(v) for k, v in body["counts"].items()},
            members=members,
            missing_pieces=[str(p) for p in body.get("missing_pieces", [])],
            version=body["version"],
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise Refused("damaged", path=path, why="manifeste incomplet") from None
    if manifest.dialect not in DATABASE_MEMBERS or manifest.database_member not in members:
        raise Refused("damaged", path=path, why="la base de données manque")
    for name in members:
        if not allowed_member(name):
            raise Refused("foreign", path=path, why=f"membre inattendu {name!r}")
    return manifest


def allowed_member(name: str) -> bool:
    """Whether a member name is one a backup writes (never a path that could leave the staging folder)."""
    return name in DATABASE_MEMBERS.values() or PIECE.fullmatch(name) is not None
