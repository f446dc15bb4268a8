"""The ``Store`` class: the application's database, composed of one part per aggregate."""

from __future__ import annotations

from registration import settings as settings_module
from registration.store.catch_up import CatchUp
from registration.store.confirmation_mails import ConfirmationMails
from registration.store.dossiers import DossierReads, DossierWrites, first_dossier_number
from registration.store.drafts import Drafts
from registration.store.former import FormerCandidates
from registration.store.list_versions import ListVersions
from registration.store.notes import InformationNotes
from registration.store.reminders import Reminders
from registration.store.retention import Retention


class Store(
    Drafts,
    DossierWrites,
    DossierReads,
    Retention,
    FormerCandidates,
    ListVersions,
    CatchUp,
    Reminders,
    InformationNotes,
    ConfirmationMails,
):
    """The application's database: one engine, one short transaction per call."""

    def __init__(self, database_url: str | None = None, *, first_number: int | None = None) -> None:
        database_url = database_url or settings_module.get_settings().database_url
        self.first_number = first_dossier_number(first_number)
        super().__init__(database_url)
