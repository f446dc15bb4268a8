"""The application: what every process of the assistant shares, built in one place.

:func:`create_app` builds it from the settings (read once from the environment when none are given): the store
(one SQLAlchemy engine, its schema migrated), the referentials, the attempt limits, the help-desk's queue and
audit log, the staff directory. Every process builds one and hands it down: the front server
(``bot/front.py``, which mounts the console), the action server (``actions/``), the Telegram bridge
(``bot/telegram/``) and the command lines. :func:`current_app` is this process's, created on first use, once; a
test builds its own with :func:`create_app` and passes it in.

It stands below the services that use it (the conversation builds its ``Services`` from it, the back office,
the operations, the dossier's validation, the maintained lists) and above the parts it is made of.
"""

from __future__ import annotations

import threading

from registration.helpdesk import AuditLog, HelpDesk
from registration.referentials import Referentials, load_referentials
from registration.security.attempts import AttemptGuard
from registration.settings import Settings
from registration.staff.directory import StaffDirectory, known_academies
from registration.store import Store


class Application:
    """The settings and the shared pieces of one process, built by :func:`create_app`."""

    def __init__(self, settings: Settings, store: Store, refs: Referentials) -> None:
        self.settings = settings
        self.store = store
        self.refs = refs  # the referentials' files (registration/lists/published.py adds what was published)
        self.guard = AttemptGuard.from_settings(store, settings)
        self.desk = HelpDesk(store)
        self.audit = AuditLog(store)
        self._staff: StaffDirectory | None = None
        self._staff_lock = threading.Lock()

    @property
    def session(self) -> int:
        """The exam session registrations are for (``BTS_SESSION``)."""
        return self.settings.session

    @property
    def staff(self) -> StaffDirectory:
        """The conseillers' accounts and sessions, made on first use (it hashes a dummy password once)."""
        with self._staff_lock:
            if self._staff is None:
                self._staff = StaffDirectory(
                    self.store,
                    guard=self.guard,
                    idle=self.settings.staff_idle(),
                    academies=known_academies(self.settings.referentials_dir),
                )
            return self._staff

    def dispose(self) -> None:
        """Closes the store's pooled connections."""
        self.store.dispose()


def create_app(settings: Settings | None = None, *, migrate: bool = True, seed: bool = True) -> Application:
    """The application of these settings (default: the environment's, read now); its store's schema is brought
    up to date (``migrate``) and, with ``BTS_DEMO_FORMER_CANDIDATES=1`` (demonstrations and tests only, never
    in production), the invented former candidates added (``seed``)."""
    settings = settings or Settings.from_environment()
    store = Store(settings.database_url, first_number=settings.first_dossier_number)
    if migrate:
        store.migrate()
        if seed and settings.demo_former_candidates:
            store.seed_former_candidates()
    return Application(settings, store, load_referentials(settings.referentials_dir))


_current: Application | None = None
_current_lock = threading.Lock()


def current_app() -> Application:
    """This process's application: made from the environment on first use, once, whichever thread asks."""
    global _current
    found = _current
    if found is None:
        with _current_lock:
            if _current is None:
                _current = create_app()
            found = _current
    return found
