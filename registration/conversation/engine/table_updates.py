"""When the exam service publishes a specialty's épreuves while a candidate is registered or registering.

A draft remembers the version of the table its épreuves were asked with; at the summary a newer version is
explained and its new questions asked. A validated dossier registered under an older version (or with no table)
is « à compléter »: its consultation says so, and modifying it asks the questions the new table brings.
"""

from __future__ import annotations

from typing import Any

from registration.conversation.engine.turn import TurnContext
from registration.lists.kinds.exam_tables import is_outdated
from registration.referentials import Referentials


def current_version(refs: Referentials, specialite_code: str | None) -> int | None:
    """The version of the table in effect for a specialty (0: the shipped file); None without a specialty."""
    if not specialite_code:
        return None
    table = refs.epreuve_table(specialite_code)
    return table.version if table else 0


def remember_version(tc: TurnContext) -> None:
    """Called when the specialty is chosen: the draft's épreuves follow this version of the table."""
    tc.state.epreuves_version = current_version(tc.services.refs, tc.answers.get("specialite"))


def version_changed(tc: TurnContext) -> bool:
    """True once if the table changed since the draft's épreuves were asked (the new version is then kept)."""
    current = current_version(tc.services.refs, tc.answers.get("specialite"))
    seen = tc.state.epreuves_version
    tc.state.epreuves_version = current
    return seen is not None and current is not None and seen != current


def needs_completion(content: dict[str, Any], refs: Referentials) -> bool:
    """A validated dossier whose épreuves were chosen under an older table, or under none while one exists now
    (the same rule as the console's « à compléter » list)."""
    code = str((content.get("specialite") or {}).get("code") or "")
    table = refs.epreuve_table(code) if code else None
    if table is None:
        return False
    known = content.get("epreuves_table") or {}
    version = known["version"] if isinstance(known.get("version"), int) else 0
    return is_outdated(version, str(known.get("level") or ""), table.version, table.level)
