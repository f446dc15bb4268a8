"""The records the reference data files are read into (académies, places, specialties, épreuves...)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

ESTABLISHMENT_TYPES = ("PUBLIC", "PRIVE_SOUS_CONTRAT", "PRIVE_HORS_CONTRAT", "CFA", "EAD", "FICTIF")


@dataclass(frozen=True)
class Academie:
    code: str
    name: str
    departements: tuple[str, ...]
    vice_rectorat: bool
    siec: bool = False  # exams run by the SIEC (Paris, Créteil, Versailles)
    region: str = ""
    aliases: tuple[str, ...] = ()  # other names for search ("Caen", "Rouen" for Normandie)


@dataclass(frozen=True)
class Departement:
    code: str
    name: str
    academie_code: str
    overseas_collectivity: bool = False  # 975, 977, 978, 986, 987, 988


@dataclass(frozen=True)
class Arrondissement:
    departement: str
    number: str
    insee: str
    label: str
    postal_code: str = ""


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str  # French name
    academie_code: str | None  # académie handling residents of this country (None: France)
    aliases: tuple[str, ...]
    alpha3: str = ""


@dataclass(frozen=True)
class SpecialiteOption:
    code: str
    title: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Specialite:
    code: str
    title: str
    options: tuple[SpecialiteOption, ...]
    aliases: tuple[str, ...]

    def option(self, code: str) -> SpecialiteOption | None:
        """The option with this code, if the specialty has it."""
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class Epreuve:
    code: str
    title: str
    coefficient: float | None
    unit: str
    optional: bool
    choices: tuple[str, ...]
    option_code: str | None
    progressive: bool = True  # False when a text forbids this épreuve in forme progressive


# How well a specialty's épreuves are known (EpreuveTable.level), as stored in dossiers and shown to staff.
VERIFIED, UNVERIFIED, PARTIAL, ABSENT = "verifie", "a_verifier", "partiel", "absent"
TABLE_LEVELS = (VERIFIED, UNVERIFIED, PARTIAL, ABSENT)
LEVEL_LABELS = {VERIFIED: "vérifié", UNVERIFIED: "à vérifier", PARTIAL: "partiel", ABSENT: "absent"}


@dataclass(frozen=True)
class EpreuveTable:
    """The règlement d'examen of one specialty, as read from referentials/epreuves/<code>.yaml."""

    specialite: str  # key code of the specialty
    title: str
    source: str  # the text the table comes from
    source_date: date | None
    verified: bool  # True: transcribed from the règlement d'examen; False: structure only
    epreuves: tuple[Epreuve, ...]
    note: str = ""  # what is not verified
    max_optional: int = 2
    partial: bool = False  # some épreuves of the règlement could not be read
    version: int = 0  # 0: the file of referentials/epreuves/; 1, 2…: versions published by the exam service

    @property
    def level(self) -> str:
        """How well the épreuves are known: verifie, a_verifier (whole table, unchecked), partiel, absent."""
        if not self.epreuves:
            return ABSENT
        if self.partial:
            return PARTIAL
        return VERIFIED if self.verified else UNVERIFIED


@dataclass(frozen=True)
class Coverage:
    epreuve_code: str
    position: str  # "BENEFICE" | "DISPENSE"


@dataclass(frozen=True)
class Diploma:
    code: str
    title: str
    covers: tuple[Coverage, ...]
    invented: bool = False  # the code was made up for the data file
    verified: bool = True  # False: code or coverage not confirmed by a text (see note)
    note: str = ""


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    progressive_allowed: bool
    establishment_types: tuple[str, ...]
    ccf: bool
    self_registration: bool
    aliases: tuple[str, ...] = ()  # how candidates say it (« en alternance », « candidat libre »)


@dataclass(frozen=True)
class Etablissement:
    code: str
    name: str
    city: str
    academie_code: str
    type: str
    sample: bool
    specialites: tuple[str, ...]  # specialty or option codes; empty = all
    postal_code: str = ""
    departement: str = ""
    aliases: tuple[str, ...] = ()  # other names for search ("candidat libre", the official or former name)
    code_invented: bool = False  # True when the code is not a real UAI (fictitious establishments)
    source: str = ""  # where the row comes from ("parcoursup-2025|...", "fictif")

    def teaches(self, specialite: Specialite) -> bool:
        """Whether the specialty (or one of its options) is taught here."""
        if not self.specialites:
            return True
        codes = {specialite.code, *(o.code for o in specialite.options)}
        return bool(codes.intersection(self.specialites))


@dataclass(frozen=True)
class CalendarEntry:
    academie_code: str
    session: int
    opens: datetime
    closes: datetime
    return_deadline: date
    service_address: str  # lines separated by "\n"
    sample: bool = False
