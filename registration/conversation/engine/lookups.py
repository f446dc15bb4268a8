"""The look-ups that reveal data, each behind the attempt limits (registration.security.attempts).

A refused look-up answers with the "throttled" message and a custom payload of type ``throttled``, which
the web front turns into HTTP 429. When a target (a dossier number, a former-candidate number) turns hot,
its owner is told by e-mail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from registration.conversation.texts import TEXT as MSG
from registration.mail import build_lock_notice, send_confirmation
from registration.security.attempts import Reservation
from registration.settings import Settings

if TYPE_CHECKING:
    from registration.conversation.engine.turn import TurnContext

log = logging.getLogger(__name__)
T = TypeVar("T")


def clients(conv: TurnContext) -> list[str]:
    """Who is asking: the conversation, and on the web the (keyed) network address."""
    return [f"sender:{conv.sender_id}"] + ([f"net:{conv.client}"] if conv.client else [])


def guarded(
    conv: TurnContext,
    target: str | None,
    look_up: Callable[[], T | None],
    owners: Callable[[], list[str]] | None = None,
) -> tuple[bool, T | None]:
    """Runs ``look_up`` unless the limits refuse it: (refused, result). A None result counts as a failure."""
    guard = conv.services.guard
    reservation: Reservation = guard.reserve(clients(conv), target)
    if reservation.refused:
        minutes = max(1, int(reservation.retry_after.total_seconds() // 60))
        conv.say(
            MSG["throttled"].format(minutes=minutes),
            custom={"type": "throttled", "retry_after": int(reservation.retry_after.total_seconds())},
        )
        return True, None
    result = look_up()
    if result:
        guard.succeeded(reservation)
        return False, result
    if guard.failed(reservation) and owners is not None:
        _tell_owners(owners(), conv.services.settings)
    return False, None


def _tell_owners(addresses: list[str], settings: Settings) -> None:
    for address in dict.fromkeys(a for a in addresses if a):
        try:
            send_confirmation(build_lock_notice(to=address, sender=settings.mail_from), settings)
        except Exception as error:  # the refusal stands even if the warning cannot leave
            log.warning("lock notice not sent: %s", type(error).__name__)
