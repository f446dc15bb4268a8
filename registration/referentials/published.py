"""The referentials a turn uses: the loaded files with the tables the exam service published overlaid.

:func:`current_referentials` is called at every turn. It asks the store for its generation number (one
cheap query) and rebuilds the overlay only when a table was published or restored since the last call, on
whichever server that happened: every server of a cluster uses a new version from its next turn, with no
restart.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from registration.referentials.calendar_json import calendar_from_json
from registration.referentials.diploma_csv import diplomas_from_json
from registration.referentials.etablissement_json import etablissements_from_json
from registration.referentials.lookups import Referentials
from registration.referentials.records import CALENDAR, DIPLOMAS, ETABLISSEMENTS

if TYPE_CHECKING:
    from registration.store import Store

_cache: dict[
    tuple[int, str], tuple[tuple[int, int], Referentials, Referentials]
] = {}  # generation, base, overlay
_lock = threading.Lock()


def overlay(store: Store, base: Referentials) -> Referentials:
    """The base referentials with every specialty's latest published table, diploma lists, calendar and added
    establishments (a copy; no cache)."""
    published = store.current_epreuve_tables()
    tables = {code: p.table for code, p in published.items() if code in base.specialites}
    refs = base.with_epreuve_tables(tables) if tables else base
    diplomas = store.current_list(DIPLOMAS)
    if diplomas is not None and diplomas.rows:
        refs = refs.with_diplomas(
            {
                code: items
                for code, items in diplomas_from_json(diplomas.rows).items()
                if code in base.specialites
            }
        )
    calendar = store.current_list(CALENDAR)
    if calendar is not None:
        refs = refs.with_calendar(calendar_from_json(calendar.rows))
    added = store.current_list(ETABLISSEMENTS)
    if added is not None and added.rows:
        refs = refs.with_etablissements(etablissements_from_json(added.rows))
    return refs


def current_referentials(store: Store, base: Referentials) -> Referentials:
    """``base`` with the published tables overlaid, rebuilt only when the store's generation changed."""
    generation = store.referentials_generation()
    if generation == (0, 0):
        return base
    key = (id(base), store.database_url)
    with _lock:
        known = _cache.get(key)
        if known is not None and known[0] == generation and known[1] is base:
            return known[2]
    refs = overlay(store, base)
    with _lock:
        _cache[key] = (generation, base, refs)
    return refs
