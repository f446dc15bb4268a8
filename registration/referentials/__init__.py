"""Loads, validates and searches the reference data files of referentials/ (académies, places, épreuves...).

``load_referentials()`` reads every file once per folder and returns a :class:`Referentials`. The package
holds one module per job:

- ``reading.py``: :class:`ReferentialError` (file and line in every message) and the CSV/YAML readers;
- ``records.py``: the records the files are read into;
- ``search.py``: :func:`normalise` and the fuzzy ranking of the searches;
- one loader per kind of file: ``academies.py`` (academies.csv, departements.csv), ``arrondissements.py``,
  ``countries.py`` (countries.csv, countries_academies.csv), ``specialites.py``, ``epreuves.py``
  (epreuves/*.yaml), ``diplomas.py``, ``categories.py``, ``etablissements.py``, ``calendars.py``
  (calendar.csv);
- ``lookups.py``: the :class:`Referentials` class and its look-ups.
"""

from __future__ import annotations

import functools
from pathlib import Path

from registration.referentials.academies import DEPARTEMENT_KINDS, _load_academies
from registration.referentials.arrondissements import _load_arrondissements
from registration.referentials.calendars import _load_calendar
from registration.referentials.categories import _load_categories
from registration.referentials.countries import DEFAULT_COUNTRY, _load_countries
from registration.referentials.diplomas import POSITIONS, _load_diplomas
from registration.referentials.epreuves import EPREUVES_DIR, _load_epreuves, _load_languages
from registration.referentials.etablissements import UAI_LETTERS, _load_etablissements, is_valid_uai
from registration.referentials.lookups import Referentials
from registration.referentials.reading import PARIS, ReferentialError
from registration.referentials.reading import (
    _read_csv as _read_csv,  # used by registration.referentials.communes
)
from registration.referentials.reading import _Source as _Source  # used by registration.referentials.communes
from registration.referentials.records import (
    ESTABLISHMENT_TYPES,
    Academie,
    Arrondissement,
    CalendarEntry,
    Category,
    Country,
    Coverage,
    Departement,
    Diploma,
    Epreuve,
    EpreuveTable,
    Etablissement,
    Specialite,
    SpecialiteOption,
)
from registration.referentials.search import SEARCH_CUTOFF, normalise
from registration.referentials.specialites import _load_specialites

__all__ = [
    "DEFAULT_COUNTRY",
    "DEPARTEMENT_KINDS",
    "EPREUVES_DIR",
    "ESTABLISHMENT_TYPES",
    "PARIS",
    "POSITIONS",
    "SEARCH_CUTOFF",
    "UAI_LETTERS",
    "Academie",
    "Arrondissement",
    "CalendarEntry",
    "Category",
    "Country",
    "Coverage",
    "Departement",
    "Diploma",
    "Epreuve",
    "EpreuveTable",
    "Etablissement",
    "ReferentialError",
    "Referentials",
    "Specialite",
    "SpecialiteOption",
    "is_valid_uai",
    "load_referentials",
    "normalise",
]


def load_referentials(directory: Path | None = None) -> Referentials:
    """Loads and validates every file of the referentials folder (settings' folder by default); cached per folder."""
    if directory is None:
        from registration.settings import get_settings

        directory = get_settings().referentials_dir
    return _load(Path(directory).resolve())


@functools.lru_cache(maxsize=8)
def _load(directory: Path) -> Referentials:
    if not directory.is_dir():
        raise ReferentialError(str(directory), None, "dossier des référentiels introuvable")
    academies, departements = _load_academies(directory)
    specialites = _load_specialites(directory)
    epreuve_tables, default_max = _load_epreuves(directory, specialites)
    return Referentials(
        academies=academies,
        departements=departements,
        arrondissements=_load_arrondissements(directory, departements),
        countries=_load_countries(directory, academies),
        specialites=specialites,
        categories=_load_categories(directory),
        etablissements=_load_etablissements(directory, academies, specialites),
        calendar=_load_calendar(directory, academies),
        epreuve_tables=epreuve_tables,
        diplomas=_load_diplomas(directory, specialites, epreuve_tables),
        default_max_optional=default_max,
        languages=_load_languages(directory),
    )
