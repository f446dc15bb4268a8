"""The secrets shared between the services: read from the environment, else generated once into a 0600 file.

``BTS_ACTION_SECRET`` authenticates the Rasa server to the action server (an HTTP header on every action
call); ``BTS_SECRET_KEY`` signs the web chat's cookie and keys the attempt counters;
``TELEGRAM_WEBHOOK_SECRET`` is the token Telegram must send with every webhook update. A value set in the
environment wins; otherwise the first start writes random values to ``<var>/secrets.env`` (mode 0600) and
later starts read them back, so cookies and counters survive a restart.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

NAMES = ("BTS_ACTION_SECRET", "BTS_SECRET_KEY", "TELEGRAM_WEBHOOK_SECRET")


def _read(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            name, sep, value = line.partition("=")
            if sep and name.strip() in NAMES and value.strip():
                values[name.strip()] = value.strip()
    return values


def ensure_secrets(var_dir: Path, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every shared secret, taken from ``environ`` (default: os.environ), the secrets file, or made now."""
    if environ is None:
        environ = os.environ
    path = var_dir / "secrets.env"
    stored = _read(path)
    values: dict[str, str] = {}
    for name in NAMES:
        values[name] = environ.get(name) or stored.get(name) or secrets.token_urlsafe(32)
    missing = {name: values[name] for name in NAMES if name not in stored and not environ.get(name)}
    if missing:
        var_dir.mkdir(parents=True, exist_ok=True)
        merged = {**stored, **missing}
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("".join(f"{name}={value}\n" for name, value in merged.items()))
        os.chmod(path, 0o600)
    return values
