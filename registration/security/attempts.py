"""Limits on the look-ups that reveal data (resume code, dossier number + birth date, former candidate).

Failures are counted atomically in the store, in fixed windows, under three kinds of keys:

- each **client** key (the conversation's sender id; on the web also the IP address): after ``limit``
  failures in the window, every look-up from that client is refused until the window ends;
- the **target** (a dossier number, a former-candidate number): after ``limit`` failures from any clients,
  the target is "hot": its owner is told by e-mail once, and clients that already failed on it are refused;
- the **pair** (client, target), which is what makes that last rule: a client that never failed on the
  target, such as the real owner on their own phone, is never locked out by somebody else's guesses.

A look-up first *reserves* one failure on every key (``UPDATE ... RETURNING``, so 50 parallel attempts get
the counts 1 to 50 and only the first ``limit`` go through), then gives it back if the look-up succeeded.
Keys are stored as HMAC-SHA-256 digests: no id, IP address or number is kept in clear.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case, literal, select, update
from sqlalchemy.orm import Session

from registration import settings as settings_module
from registration.metrics import ATTEMPT_LIMIT_REFUSALS
from registration.models import AttemptCounter
from registration.store import Store
from registration.store.engine import affected_rows

DEFAULT_LIMIT = 10
DEFAULT_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Reservation:
    """The keys one look-up counted against; given back on success, kept on failure."""

    keys: tuple[str, ...]
    target_key: str | None = None
    refused: bool = False
    retry_after: timedelta = field(default=timedelta(0))


class AttemptGuard:
    """Counts failed look-ups per client and per target, and says when to refuse."""

    def __init__(
        self,
        store: Store,
        *,
        limit: int | None = None,
        window: timedelta | None = None,
        secret: str | None = None,
    ) -> None:
        settings = settings_module.get_settings()
        self.store = store
        self.limit = limit if limit is not None else settings.lookup_limit
        self.window = window if window is not None else timedelta(minutes=settings.lookup_window_minutes)
        self._secret = (secret if secret is not None else settings.secret_key).encode("utf-8")

    def _digest(self, kind: str, value: str) -> str:
        return hmac.new(self._secret, f"{kind}\x00{value}".encode(), hashlib.sha256).hexdigest()

    def reserve(
        self, clients: Sequence[str], target: str | None = None, *, now: datetime | None = None
    ) -> Reservation:
        """Counts one attempt from these clients on this target; ``refused`` when it must not be tried."""
        client_keys = [self._digest("client", c) for c in clients if c]
        target_key = self._digest("target", target) if target else None
        pair_keys = [self._digest("pair", f"{c}\x00{target}") for c in clients if c] if target else []
        keys = tuple(client_keys + pair_keys + ([target_key] if target_key else []))
        when = settings_module.now() if now is None else now
        counts = self._bump(keys, when)
        over_client = any(counts[k] > self.limit for k in client_keys)
        hot_target = target_key is not None and counts[target_key] > self.limit
        failed_here_before = any(counts[k] > 1 for k in pair_keys)
        if over_client or (hot_target and failed_here_before):
            ATTEMPT_LIMIT_REFUSALS.inc()
            self._give_back(keys)
            return Reservation(keys=(), refused=True, retry_after=self.window)
        return Reservation(keys=keys, target_key=target_key)

    def succeeded(self, reservation: Reservation) -> None:
        """The look-up found what it looked for: it was not a failure."""
        if reservation.keys:
            self._give_back(reservation.keys)

    def failed(self, reservation: Reservation) -> bool:
        """The look-up failed (the reservation stays counted); True the first time its target turns hot."""
        if not reservation.target_key:
            return False
        key = reservation.target_key
        limit = self.limit

        def work(session: Session) -> bool:
            alerted = affected_rows(
                session,
                update(AttemptCounter)
                .where(AttemptCounter.key == key, AttemptCounter.count >= limit, AttemptCounter.alerted == 0)
                .values(alerted=1),
            )
            return alerted == 1

        return self.store.transaction(work)

    def reset(self) -> None:
        """Forget every counter (used by the retention job's --all and by tests)."""
        self.store.transaction(lambda session: session.query(AttemptCounter).delete())

    # --- storage ---------------------------------------------------------------------------------

    def _bump(self, keys: tuple[str, ...], when: datetime) -> dict[str, int]:
        cutoff = when - self.window
        insert = self.store.insert_construct()

        def work(session: Session) -> dict[str, int]:
            counts: dict[str, int] = {}
            for key in sorted(keys):  # one lock order for every transaction: no deadlock between them
                statement = insert(AttemptCounter).values(key=key, window_start=when, count=1, alerted=0)
                expired = AttemptCounter.window_start < cutoff
                statement = statement.on_conflict_do_update(
                    index_elements=["key"],
                    set_={
                        "count": case((expired, 1), else_=AttemptCounter.count + 1),
                        "alerted": case((expired, 0), else_=AttemptCounter.alerted),
                        "window_start": case(
                            (expired, literal(when, AttemptCounter.window_start.type)),
                            else_=AttemptCounter.window_start,
                        ),
                    },
                )
                counts[key] = session.execute(statement.returning(AttemptCounter.count)).scalar_one()
            return counts

        return self.store.transaction(work)

    def _give_back(self, keys: tuple[str, ...]) -> None:
        def work(session: Session) -> None:
            for key in sorted(keys):  # the same lock order as _bump
                session.execute(
                    update(AttemptCounter)
                    .where(AttemptCounter.key == key, AttemptCounter.count > 0)
                    .values(count=AttemptCounter.count - 1)
                )

        self.store.transaction(work)

    def count(self, client: str) -> int:
        """How many failures a client has in its current window (for tests and the console)."""
        key = self._digest("client", client)
        return self.store.transaction(
            lambda session: session.scalar(select(AttemptCounter.count).where(AttemptCounter.key == key)) or 0
        )
