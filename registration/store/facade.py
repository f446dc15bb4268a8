"""The ``Store`` class: the application's database, composed of one part per aggregate."""

from __future__ import annotations

from registration.store.confirmation_mails import ConfirmationMails
from registration.store.dossiers import DossierReads, DossierWrites
from registration.store.drafts import Drafts
from registration.store.epreuve_tables import EpreuveTables
from registration.store.former import FormerCandidates
from registration.store.generations import Generations
from registration.store.notes import InformationNotes
from registration.store.referential_versions import ReferentialVersions
from registration.store.reminders import Reminders
from registration.store.retention import Retention


class Store(
    Drafts,
    DossierWrites,
    DossierReads,
    Retention,
    FormerCandidates,
    EpreuveTables,
    ReferentialVersions,
    Generations,
    Reminders,
    InformationNotes,
    ConfirmationMails,
):
    """The application's database: one engine, one short transaction per call."""

    def __init__(self, database_url: str, *, first_number: int = 1) -> None:
        self.first_number = first_number
        super().__init__(database_url)
