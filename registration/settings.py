"""Runtime settings read from the environment, with the embedded defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import overload
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
PARIS = ZoneInfo("Europe/Paris")


@overload
def _env(name: str) -> str | None: ...
@overload
def _env(name: str, default: str) -> str: ...


def _env(name: str, default: str | None = None) -> str | None:
    """The variable's value; `default` when it is unset or empty."""
    value = os.environ.get(name)
    return value if value not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    var_dir: Path = field(default_factory=lambda: Path(_env("BTS_VAR_DIR", str(ROOT / "var"))))
    database_url: str = ""
    outbox_dir: Path = Path()
    referentials_dir: Path = field(
        default_factory=lambda: Path(_env("BTS_REFERENTIALS_DIR", str(ROOT / "referentials")))
    )
    public_base_url: str = field(default_factory=lambda: _env("BTS_PUBLIC_URL", "http://localhost:8000"))
    smtp_host: str | None = field(default_factory=lambda: _env("SMTP_HOST"))
    smtp_port: int = field(default_factory=lambda: int(_env("SMTP_PORT", "25")))
    smtp_user: str | None = field(default_factory=lambda: _env("SMTP_USER"))
    smtp_password: str | None = field(default_factory=lambda: _env("SMTP_PASSWORD"))
    smtp_starttls: bool = field(default_factory=lambda: _env("SMTP_STARTTLS", "0") == "1")
    mail_from: str = field(default_factory=lambda: _env("MAIL_FROM", "inscriptions-bts@examens.example.fr"))
    info_note: Path | None = field(default_factory=lambda: Path(p) if (p := _env("BTS_INFO_NOTE")) else None)
    download_ttl_hours: int = field(default_factory=lambda: int(_env("BTS_DOWNLOAD_TTL_HOURS", "72")))
    session: int = field(default_factory=lambda: int(_env("BTS_SESSION", "2027")))
    # Signs the web chat's cookie and keys the attempt counters; bot/stack.py generates one when unset.
    secret_key: str = field(default_factory=lambda: _env("BTS_SECRET_KEY", "") or "")
    lookup_limit: int = field(default_factory=lambda: int(_env("BTS_LOOKUP_LIMIT", "10")))
    lookup_window_minutes: int = field(default_factory=lambda: int(_env("BTS_LOOKUP_WINDOW_MINUTES", "15")))
    # When the help-desk answers, as candidates read it ("du lundi au vendredi, de 9 h à 17 h").
    helpdesk_hours: str = field(
        default_factory=lambda: _env("BTS_HELPDESK_HOURS", "du lundi au vendredi, de 9 h à 17 h")
    )
    retention_days: int = field(default_factory=lambda: int(_env("BTS_RETENTION_DAYS", "30")))
    # The end of a dossier's life (docs/registre-traitement.md), counted from the day a session's results are
    # published (BTS_RESULTS_DAY, month-day of the session's year): validated dossiers with their revisions,
    # then the documents candidates sent, each kept this many months.
    results_day: str = field(default_factory=lambda: _env("BTS_RESULTS_DAY", "07-10"))
    dossier_retention_months: int = field(
        default_factory=lambda: int(_env("BTS_DOSSIER_RETENTION_MONTHS", "24"))
    )
    document_retention_months: int = field(
        default_factory=lambda: int(_env("BTS_DOCUMENT_RETENTION_MONTHS", "12"))
    )
    # The three invented former candidates of demo_former_candidates.json: demonstrations and tests only.
    demo_former_candidates: bool = field(
        default_factory=lambda: _env("BTS_DEMO_FORMER_CANDIDATES", "0") == "1"
    )

    def __post_init__(self) -> None:
        if not self.database_url:
            url = _env("DATABASE_URL", f"sqlite:///{self.var_dir / 'bts.sqlite3'}")
            object.__setattr__(self, "database_url", url)
        if self.outbox_dir == Path():
            object.__setattr__(self, "outbox_dir", Path(_env("BTS_OUTBOX_DIR", str(self.var_dir / "outbox"))))


def get_settings() -> Settings:
    """Settings as the environment says now (cheap: read on each call, so tests can change it)."""
    return Settings()


def paris_time(moment: datetime) -> datetime:
    """The same moment on Paris clocks: a naive time is taken as Paris time, an aware one (a stored UTC time) is
    converted, so its day and hour are the ones a person in France reads."""
    return moment.astimezone(PARIS) if moment.tzinfo else moment.replace(tzinfo=PARIS)


def now() -> datetime:
    """The current time in Paris; BTS_NOW (ISO 8601) fixes it, for demonstrations and tests."""
    fixed = _env("BTS_NOW")
    if fixed:
        return paris_time(datetime.fromisoformat(fixed))
    return datetime.now(PARIS)
