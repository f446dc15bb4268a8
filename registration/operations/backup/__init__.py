"""Backups of the dossier store and of the documents candidates sent, and their restore (both topologies).

One backup is one tar file (``bts-backup-YYYYMMDD-HHMMSS.tar``, mode 0600, in a 0700 folder) holding:

- the database: the embedded default's SQLite file copied with SQLite's online backup API (``sqlite.py``), or
  the production topology's PostgreSQL store dumped by ``pg_dump -Fc`` (``postgres.py``), both taken while
  candidates keep registering;
- the pieces (``pieces.py``): the files under ``<var dir>/pieces`` that the database's rows name;
- ``manifest.json`` (``manifest.py``): format version, time, dialect, schema revision, row counts of every
  table, and the SHA-256 of every member (``archive.py`` writes and checks them).

Not held, on purpose (docs/production.md « Sauvegardes » says why): Rasa's trackers, the e-mail outbox, the
logs, the trained model, and the secrets file ``var/secrets.env``.

Restoring checks every checksum first, refuses a database that already holds dossiers unless ``--force``
and a database in use, restores the database then the pieces, and migrates the schema to this version's
(``operations.py``). Command line: ``cli.py``; what the operator reads: ``messages.py``.
"""

from registration.operations.backup.messages import Refused
from registration.operations.backup.operations import create, inspect, restore

__all__ = ["Refused", "create", "inspect", "restore"]
