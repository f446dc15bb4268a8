"""The referentials a turn uses: the loaded files with every list the exam service published overlaid.

:func:`current_referentials` is called at every turn. It asks the store for its generation number (one cheap
query) and rebuilds the overlay only when a list was published or restored since the last call, on whichever
server that happened: every server of a cluster uses a new version from its next turn, with no restart. What a
kind's versions change in the referentials is its ``overlay`` (``kinds/``), applied in the order of ``KINDS``.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from registration.lists.core import Context, ListKind
from registration.lists.kinds import KINDS
from registration.referentials.lookups import Referentials

if TYPE_CHECKING:
    from registration.settings import Settings
    from registration.store import Store

_cache: dict[tuple[int, str], tuple[int, Referentials, Referentials]] = {}  # generation, base, overlay
_lock = threading.Lock()


def _published(kind: ListKind[Any], store: Store) -> dict[str, Any]:
    return {key: kind.decode(v.data, v.version) for key, v in store.latest_versions(kind.name).items()}


def overlay(store: Store, base: Referentials) -> Referentials:
    """The base referentials with the version in effect of every list overlaid (a copy; no cache)."""
    refs = base
    for kind in KINDS:
        if kind.versioned:
            published = _published(kind, store)
            if published:
                refs = kind.overlay(refs, published)
    return refs


def current_referentials(store: Store, base: Referentials) -> Referentials:
    """``base`` with the published lists overlaid, rebuilt only when the store's generation changed."""
    generation = store.lists_generation()
    if generation == 0:
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


def context(store: Store, base: Referentials, session: int, settings: Settings | None = None) -> Context:
    """What the lists are read and published against, with the referentials in effect now."""
    return Context(store, base, current_referentials(store, base), session, settings)
