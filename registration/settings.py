"""Runtime settings: read once from the environment by :meth:`Settings.from_environment`, with the embedded
defaults.

``Settings()`` is the embedded defaults alone; ``Settings.from_environment()`` is what the environment says,
read once per process by :func:`registration.app.create_app` and handed down from the application to whatever
needs a setting. The operators' code (``bot/ops/stack.py``, ``bot/ops/supervisor.py``, ``bot/ops/cluster/``) builds its
children's environments itself. Only the clock (:func:`now`, ``BTS_NOW``) is read at every call: tests and
demonstrations move it while a process runs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import URL

ROOT = Path(__file__).resolve().parent.parent
PARIS = ZoneInfo("Europe/Paris")
DEFAULT_PUBLIC_URL = "http://localhost:8000"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
DEFAULT_MAIL_RETRY_SECONDS = 60.0


@dataclass(frozen=True)
class Settings:
    var_dir: Path = ROOT / "var"
    database_url: str = ""  # empty: the SQLite file bts.sqlite3 under var_dir
    outbox_dir: Path = Path()  # empty: outbox/ under var_dir
    referentials_dir: Path = ROOT / "referentials"
    public_base_url: str = DEFAULT_PUBLIC_URL
    # BTS_PUBLIC_URL exactly as set ("" when unset): the front's own origin besides the address it is called at.
    public_url: str = ""
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str = "inscriptions-bts@examens.example.fr"
    info_note: Path | None = None
    download_ttl_hours: int = 72
    session: int = 2027
    # Signs the web chat's cookie and keys the attempt counters; bot/ops/stack.py generates one when unset.
    secret_key: str = ""
    lookup_limit: int = 10
    lookup_window_minutes: int = 15
    # When the help-desk answers, as candidates read it ("du lundi au vendredi, de 9 h à 17 h").
    helpdesk_hours: str = "du lundi au vendredi, de 9 h à 17 h"
    retention_days: int = 30
    # The end of a dossier's life (docs/registre-traitement.md), counted from the day a session's results are
    # published (BTS_RESULTS_DAY, month-day of the session's year): validated dossiers with their revisions,
    # then the documents candidates sent, each kept this many months.
    results_day: str = "07-10"
    dossier_retention_months: int = 24
    document_retention_months: int = 12
    # The three invented former candidates of demo_former_candidates.json: demonstrations and tests only.
    demo_former_candidates: bool = False
    # The first number of a new (académie, session) (registration/store/dossiers.py).
    first_dossier_number: int = 1
    # How long a conseiller's session lives without a request.
    staff_idle_minutes: int = 30
    # The memory images sent by candidates may take while they are decoded (registration/dossier/uploads.py).
    upload_memory_mb: int = 512
    # Seconds between two runs of the confirmation e-mails' retry in the front server; 0: never.
    mail_retry_seconds: float = DEFAULT_MAIL_RETRY_SECONDS
    # This process's metrics on 127.0.0.1 (registration/metrics.py); None: not served.
    metrics_port: int | None = None
    # Rasa's SQL tracker store (registration/operations/trackers.py); None: there is none.
    tracker_url: str | None = None
    # Fault injection for the crash-recovery tests (registration/dossier/finalise.py): never set in production.
    fault_point: str = ""
    # The channels: Rasa's REST channel, the host sites allowed to frame the chat (space-separated origins).
    rasa_url: str = DEFAULT_RASA_URL
    widget_origins: str = ""
    # The action server: the secret Rasa sends with every call, where it listens, the Redis of its turns.
    action_secret: str = ""
    action_host: str = "127.0.0.1"
    action_port: int = 5055
    redis_host: str | None = None
    redis_port: int = 6379
    # The Telegram bridge (bot/telegram/): no token, no bridge; a webhook when its URL is set.
    telegram_token: str | None = None
    telegram_api_base_url: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str = ""
    telegram_webhook_listen: str = "127.0.0.1"
    telegram_webhook_port: int = 8443

    def __post_init__(self) -> None:
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{self.var_dir / 'bts.sqlite3'}")
        if self.outbox_dir == Path():
            object.__setattr__(self, "outbox_dir", self.var_dir / "outbox")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None, **given: Any) -> Settings:
        """The settings as the environment (``environ``, default: this process's) says; ``given`` wins."""
        values = _read(os.environ if environ is None else environ)
        unknown = set(given) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        values.update(given)
        return cls(**values)

    def staff_idle(self) -> timedelta:
        """How long a conseiller's session lives without a request (``BTS_STAFF_IDLE_MINUTES``)."""
        if self.staff_idle_minutes <= 0:
            raise ValueError("BTS_STAFF_IDLE_MINUTES must be a positive number of minutes")
        return timedelta(minutes=self.staff_idle_minutes)


def _read(environ: Mapping[str, str]) -> dict[str, Any]:
    """Every setting the environment gives, by field name (an unset or empty variable gives nothing)."""

    def get(name: str) -> str | None:
        value = environ.get(name)
        return value if value not in (None, "") else None

    values: dict[str, Any] = {}

    def put(field_name: str, variable: str, convert: Any = str) -> None:
        value = get(variable)
        if value is not None:
            values[field_name] = convert(value)

    put("var_dir", "BTS_VAR_DIR", Path)
    put("database_url", "DATABASE_URL")
    put("outbox_dir", "BTS_OUTBOX_DIR", Path)
    put("referentials_dir", "BTS_REFERENTIALS_DIR", Path)
    put("public_base_url", "BTS_PUBLIC_URL")
    values["public_url"] = environ.get("BTS_PUBLIC_URL", "").strip()
    put("smtp_host", "SMTP_HOST")
    put("smtp_port", "SMTP_PORT", int)
    put("smtp_user", "SMTP_USER")
    put("smtp_password", "SMTP_PASSWORD")
    put("smtp_starttls", "SMTP_STARTTLS", lambda v: v == "1")
    put("mail_from", "MAIL_FROM")
    put("info_note", "BTS_INFO_NOTE", Path)
    put("download_ttl_hours", "BTS_DOWNLOAD_TTL_HOURS", int)
    put("session", "BTS_SESSION", int)
    put("secret_key", "BTS_SECRET_KEY")
    put("lookup_limit", "BTS_LOOKUP_LIMIT", int)
    put("lookup_window_minutes", "BTS_LOOKUP_WINDOW_MINUTES", int)
    put("helpdesk_hours", "BTS_HELPDESK_HOURS")
    put("retention_days", "BTS_RETENTION_DAYS", int)
    put("results_day", "BTS_RESULTS_DAY")
    put("dossier_retention_months", "BTS_DOSSIER_RETENTION_MONTHS", int)
    put("document_retention_months", "BTS_DOCUMENT_RETENTION_MONTHS", int)
    put("demo_former_candidates", "BTS_DEMO_FORMER_CANDIDATES", lambda v: v == "1")
    put("first_dossier_number", "BTS_FIRST_DOSSIER_NUMBER", int)
    put("staff_idle_minutes", "BTS_STAFF_IDLE_MINUTES", int)
    put("upload_memory_mb", "BTS_UPLOAD_MEMORY_MB", _megabytes)
    put("mail_retry_seconds", "BTS_MAIL_RETRY_SECONDS", _seconds)
    put("metrics_port", "BTS_METRICS_PORT", int)
    put("fault_point", "BTS_FAULT_POINT")
    put("rasa_url", "RASA_URL")
    put("widget_origins", "BTS_WIDGET_ORIGINS")
    put("action_secret", "BTS_ACTION_SECRET")
    put("action_host", "ACTION_HOST")
    put("action_port", "ACTION_PORT", int)
    put("redis_host", "REDIS_HOST")
    put("redis_port", "REDIS_PORT", int)
    put("telegram_token", "TELEGRAM_BOT_TOKEN")
    put("telegram_api_base_url", "TELEGRAM_API_BASE_URL")
    put("telegram_webhook_url", "TELEGRAM_WEBHOOK_URL")
    put("telegram_webhook_secret", "TELEGRAM_WEBHOOK_SECRET")
    put("telegram_webhook_listen", "TELEGRAM_WEBHOOK_LISTEN")
    put("telegram_webhook_port", "TELEGRAM_WEBHOOK_PORT", int)
    values["tracker_url"] = _tracker_url(get)
    return values


def _megabytes(value: str) -> int:
    """A number of megabytes; the default (512) for what is not one."""
    return int(value) if value.isdigit() else Settings.upload_memory_mb


def _seconds(value: str) -> float:
    """A number of seconds, never below 0; the default for what is not a number."""
    try:
        return max(0.0, float(value))
    except ValueError:
        return DEFAULT_MAIL_RETRY_SECONDS


def _tracker_url(get: Any) -> str | None:
    """Rasa's tracker store, found the way the Rasa server finds it: ``BTS_TRACKER_URL`` when set (any
    SQLAlchemy URL), else PostgreSQL from ``TRACKER_HOST``/``TRACKER_PORT``/``TRACKER_DB``/``TRACKER_USER``/
    ``TRACKER_PASSWORD`` (endpoints.production.yml), else the SQLite file ``TRACKER_DB`` (endpoints.yml)."""
    explicit = get("BTS_TRACKER_URL")
    if explicit:
        return explicit
    database = get("TRACKER_DB")
    if get("TRACKER_HOST"):
        return URL.create(
            "postgresql+psycopg",
            username=get("TRACKER_USER"),
            password=get("TRACKER_PASSWORD"),
            host=get("TRACKER_HOST"),
            port=int(get("TRACKER_PORT") or 5432),
            database=database or "rasa",
        ).render_as_string(hide_password=False)
    return f"sqlite:///{database}" if database else None


def get_settings() -> Settings:
    """The settings as the environment says now, for the code not yet handed the application's settings (the
    maintained lists' services and command lines); everything else takes ``application.settings``."""
    return Settings.from_environment()


def paris_time(moment: datetime) -> datetime:
    """The same moment on Paris clocks: a naive time is taken as Paris time, an aware one (a stored UTC time) is
    converted, so its day and hour are the ones a person in France reads."""
    return moment.astimezone(PARIS) if moment.tzinfo else moment.replace(tzinfo=PARIS)


def now() -> datetime:
    """The current time in Paris; BTS_NOW (ISO 8601) fixes it, for demonstrations and tests (read at every call:
    they move it while a process runs)."""
    fixed = os.environ.get("BTS_NOW")
    if fixed:
        return paris_time(datetime.fromisoformat(fixed))
    return datetime.now(PARIS)
