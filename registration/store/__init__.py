"""Persistence: drafts, validated dossiers, download links, former candidates, hand-offs.

One module per aggregate, all composed into :class:`Store` (``facade.py``):

- ``engine.py``: engine creation, SQLite pragmas, the retried short transaction, Alembic migrations;
- ``drafts.py``: drafts and their resume codes;
- ``dossiers.py``: validation, dossier numbering, revisions and the views read back;
- ``tokens.py``: download links of the confirmation PDFs;
- ``list_versions.py``: the versions of the lists the exam service publishes (calendar, added establishments,
  diploma lists, exam tables: ``registration/lists/``), their history, the generation every server watches;
- ``catch_up.py``: the dossiers a published list concerns and the catch-up e-mails of the dossiers registered
  under an older exam table;
- ``former.py``: former candidates, and the demonstration ones (``demo_former_candidates.json``);
- hand-off requests live in ``registration/helpdesk`` (the queue, held conversations); ``retention.py`` erases them;
- ``retention.py``: erasure of a conversation's data and of what is older than the retention period;
- ``cli.py`` (run by ``__main__.py``): the command line.

Dossier numbers are allocated per (académie, session) from a counter row that is updated in the same
transaction as the dossier insert, so they stay unique and consecutive under concurrent validations
(PostgreSQL: row lock taken by ``UPDATE ... RETURNING``; SQLite: every transaction starts with
``BEGIN IMMEDIATE``, WAL journal, busy timeout, and retries on "database is locked"). The first number
of a new (académie, session) is ``first_number`` (argument of :class:`Store`, 1 by default; the application
gives ``BTS_FIRST_DOSSIER_NUMBER``). The guide's label of a dossier is "N – R": the number,
an en dash between spaces, the revision (0 when created, +1 at each modification).

Command line: ``python -m registration.store migrate`` brings the schema of ``DATABASE_URL`` up to date
and, only with ``BTS_DEMO_FORMER_CANDIDATES=1`` (demonstrations and tests, never production), seeds the
demonstration former candidates; ``python -m registration.store seed`` only seeds. The real former candidates
are imported from the exam service's CSV (``python -m registration.former import FILE``).

Times are stored in UTC and returned timezone-aware (UTC); ``now`` arguments default to
:func:`registration.settings.now` (so ``BTS_NOW`` fixes them).

Demonstration former candidates (``seed_former_candidates``, data in ``demo_former_candidates.json``),
found with ``find_former_candidate``; the number may be typed with or without spaces:

- ``2025 01 123456``, born ``12/02/2003``: Camille DUBOIS, born in Paris 14e, lives in Paris, BTS
  Management commercial opérationnel (32031213) in 2025, académie de Paris; acquis: bénéfice E5 Relation
  client et vente conseil 12.5 (2025, Paris), bénéfice E4 CEJM 11 (2025, Paris), dispense of E1 Culture
  générale et expression through a licence (2022).
- ``2024 10 654321``, born ``27/09/2001``: Yassine EL AMRANI, born in Casablanca (Maroc, MA), lives in
  Lyon, BTS Services informatiques aux organisations option SLAM (32032614) in 2024, académie de Lyon;
  acquis: bénéfice E2 Anglais 14 (2024, Lyon), bénéfice E3 Mathématiques pour l'informatique 8.5
  (2024, Lyon; below 10, keepable in forme progressive).
- ``2023 25 246810``, born ``05/07/1999``: Inès BERNARD (usage name LEROY), born in Versailles (78),
  lives in Brussels (abroad: postal code 99999), BTS Comptabilité et gestion (32031408) in 2023,
  académie de Versailles; acquis: bénéfice E1 Culture générale et expression 10.5 (2023, Versailles).
"""

from __future__ import annotations

from registration.store.dossiers import (
    DossierNotFound,
    DossierView,
    RevisionView,
    StaleRevision,
    ValidatedRevision,
    dossier_label,
    revision_filename,
)
from registration.store.drafts import (
    RESUME_ALPHABET,
    RESUME_CODE_LENGTH,
    RESUME_CODE_TTL,
    format_resume_code,
    new_resume_code,
    normalize_resume_code,
)
from registration.store.engine import (
    MIGRATION_LOCK_KEY,
    MIGRATIONS_DIR,
    ROOT,
    SQLITE_BUSY_TIMEOUT_MS,
)
from registration.store.facade import Store
from registration.store.former import DEMO_FORMER_CANDIDATES, normalize_candidate_number

__all__ = [
    "DEMO_FORMER_CANDIDATES",
    "MIGRATION_LOCK_KEY",
    "MIGRATIONS_DIR",
    "RESUME_ALPHABET",
    "RESUME_CODE_LENGTH",
    "RESUME_CODE_TTL",
    "ROOT",
    "SQLITE_BUSY_TIMEOUT_MS",
    "DossierNotFound",
    "DossierView",
    "RevisionView",
    "StaleRevision",
    "Store",
    "ValidatedRevision",
    "dossier_label",
    "format_resume_code",
    "new_resume_code",
    "normalize_candidate_number",
    "normalize_resume_code",
    "revision_filename",
]
