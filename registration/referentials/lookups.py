"""The ``Referentials`` class: all reference data, validated, with the look-ups the registration needs."""

from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING

from registration.referentials.records import (
    Academie,
    Arrondissement,
    CalendarEntry,
    Category,
    Country,
    Departement,
    Diploma,
    Epreuve,
    EpreuveTable,
    Etablissement,
    Specialite,
    SpecialiteOption,
)
from registration.referentials.search import _exact_first, _rank, normalise

if TYPE_CHECKING:
    from registration.referentials.communes import Communes

_ACADEMIE_PREFIX = re.compile(r"^(?:academie|vice rectorat|rectorat)(?: de la| de| d| du| des)? ")
_ARTICLE = re.compile(r"^(?:la|le|les|l) ")


class Referentials:
    """All reference data, validated, with the look-ups the registration needs."""

    def __init__(
        self,
        *,
        academies: dict[str, Academie],
        departements: dict[str, Departement],
        arrondissements: dict[str, tuple[Arrondissement, ...]],
        countries: dict[str, Country],
        specialites: dict[str, Specialite],
        categories: dict[str, Category],
        etablissements: tuple[Etablissement, ...],
        calendar: tuple[CalendarEntry, ...],
        epreuve_tables: dict[str, EpreuveTable],
        diplomas: dict[str, tuple[Diploma, ...]],
        default_max_optional: int = 2,
        languages: tuple[str, ...] = (),
        directory: Path,
    ) -> None:
        self.directory = directory  # the folder the files were read from (communes.csv is read from it too)
        self.academies = academies
        self.departements = departements
        self.arrondissements = arrondissements
        self.countries = countries
        self.specialites = specialites
        self.categories = categories
        self.etablissements = etablissements
        self.calendar = calendar
        self.epreuve_tables = epreuve_tables
        self.epreuves = {code: table.epreuves for code, table in epreuve_tables.items()}
        self.diplomas = diplomas
        self._default_max_optional = default_max_optional
        self.languages = languages  # the exam's foreign languages, asked as a wish when no table is known
        self._by_option: dict[str, tuple[Specialite, SpecialiteOption]] = {
            o.code: (s, o) for s in specialites.values() for o in s.options
        }
        self._dep_names: dict[str, Departement] = {}
        for dep in departements.values():
            self._dep_names.setdefault(normalise(dep.name), dep)
            self._dep_names.setdefault(_ARTICLE.sub("", normalise(dep.name)), dep)
        self._country_index: dict[str, Country] = {}
        for country in countries.values():
            self._country_index.setdefault(normalise(country.name), country)
        for country in countries.values():
            for alias in country.aliases:
                self._country_index.setdefault(normalise(alias), country)
        for country in countries.values():
            self._country_index.setdefault(country.code.lower(), country)
            if country.alpha3:
                self._country_index.setdefault(country.alpha3.lower(), country)
        self._calendar = {(c.academie_code, c.session): c for c in calendar}
        # Normalised search keys, computed once.
        self._country_keys = [
            (c, (normalise(c.name), *(normalise(a) for a in c.aliases))) for c in countries.values()
        ]
        self._departement_keys = [(d, (normalise(d.name), d.code.lower())) for d in departements.values()]
        self._academie_keys = [
            (a, (normalise(a.name), a.code, *(normalise(x) for x in a.aliases))) for a in academies.values()
        ]
        self._specialite_keys = [(s, _specialite_keys(s)) for s in specialites.values()]
        self._etablissement_keys = {e.code: _etablissement_keys(e) for e in etablissements}

    # ---- places

    def academie_for_departement(self, code: str) -> Academie | None:
        """The académie of a département code ("75", "2A", "974"...)."""
        dep = self.departements.get(str(code or "").strip().upper())
        return self.academies.get(dep.academie_code) if dep else None

    def departement_for_postal_code(self, postal_code: str) -> Departement | None:
        """The département of a French postal code; None for "99999", Monaco and unknown codes."""
        pc = re.sub(r"\s", "", str(postal_code or ""))
        if not re.fullmatch(r"\d{5}", pc) or pc == "99999":
            return None
        if pc.startswith("20"):
            code = "2A" if pc < "20200" or pc >= "20900" else "2B"
        elif pc.startswith("97"):
            code = {"97133": "977", "97150": "978"}.get(pc, pc[:3])
        elif pc.startswith("98"):
            code = pc[:3]
        else:
            code = pc[:2]
        return self.departements.get(code)

    def find_departement(self, text: str) -> Departement | None:
        """A département from its code ("75", "7", "2a", "974") or name, accents and case ignored."""
        norm = normalise(text)
        if not norm:
            return None
        found = self._departement_exact(norm)
        if found:
            return found
        tokens = norm.split()
        for code_token, rest in ((tokens[0], tokens[1:]), (tokens[-1], tokens[:-1])):
            dep = (
                self._departement_exact(code_token) if re.fullmatch(r"\d{1,3}|0?2[ab]", code_token) else None
            )
            if dep and (not rest or self._departement_exact(" ".join(rest)) == dep):
                return dep
        return None

    def _departement_exact(self, norm: str) -> Departement | None:
        if norm.isdigit() and len(norm) <= 3:
            return self.departements.get(str(int(norm)).zfill(2))
        if re.fullmatch(r"0?2[ab]", norm):
            return self.departements.get(norm[-2:].upper())
        return self._dep_names.get(norm) or self._dep_names.get(_ARTICLE.sub("", norm))

    def search_departements(self, text: str, limit: int = 5) -> list[Departement]:
        """Départements whose name or code resembles the text, best first."""
        exact = self.find_departement(text)
        ranked = _rank(text, self._departement_keys, limit)
        return _exact_first(exact, ranked, limit)

    # ---- countries

    def academie_for_country(self, country_code: str) -> Academie | None:
        """The académie that handles candidates residing in this country; None for France or unknown codes."""
        country = self.countries.get(str(country_code or "").strip().upper()) or self.find_country(
            country_code
        )
        if country is None or country.academie_code is None:
            return None
        return self.academies.get(country.academie_code)

    def find_country(self, text: str) -> Country | None:
        """A country from its French name, an alias or its ISO code, after normalisation."""
        return self._country_index.get(normalise(text))

    def search_countries(self, text: str, limit: int = 5) -> list[Country]:
        """Countries whose name or alias resembles the text, best first."""
        exact = self.find_country(text)
        ranked = _rank(text, self._country_keys, limit)
        return _exact_first(exact, ranked, limit)

    # ---- académies

    def find_academie(self, text: str) -> Academie | None:
        """An académie from its code ("01", "1") or name ("Aix-Marseille", "académie de Lyon")."""
        norm = normalise(text)
        if not norm:
            return None
        if norm.isdigit():
            return self.academies.get(norm.zfill(2))
        norm = _ACADEMIE_PREFIX.sub("", norm)
        for academie in self.academies.values():
            name = normalise(academie.name)
            if norm in (name, _ARTICLE.sub("", name)):
                return academie
        matches = [a for a in self.academies.values() if norm in {normalise(x) for x in a.aliases}]
        return matches[0] if len(matches) == 1 else None

    def search_academies(self, text: str, limit: int = 5) -> list[Academie]:
        """Académies whose name or code resembles the text, best first."""
        exact = self.find_academie(text)
        stripped = _ACADEMIE_PREFIX.sub("", normalise(text))
        ranked = _rank(stripped or text, self._academie_keys, limit)
        return _exact_first(exact, ranked, limit)

    # ---- specialties and épreuves

    def specialite_for_code(self, code: str) -> tuple[Specialite, SpecialiteOption | None] | None:
        """The specialty (and option) of a diploma code: a specialty code or an option code."""
        code = str(code or "").strip()
        if code in self.specialites:
            return self.specialites[code], None
        return self._by_option.get(code)

    def search_specialites(self, text: str, limit: int = 5) -> list[Specialite]:
        """Specialties whose title, acronym, option or code resembles the text, best first."""
        return _rank(text, self._specialite_keys, limit)

    def epreuves_for(self, specialite_code: str, option_code: str | None = None) -> tuple[Epreuve, ...]:
        """The épreuves of a specialty; with an option, the common ones plus that option's.

        Without an option every épreuve is returned, including each option's variant. An option code
        given as specialite_code selects its specialty and that option. Unknown specialty: empty tuple.
        """
        resolved = self.specialite_for_code(specialite_code)
        if resolved is None:
            return ()
        spec, option = resolved
        if option_code is None and option is not None:
            option_code = option.code
        epreuves = self.epreuves.get(spec.code, ())
        if option_code is None:
            return epreuves
        return tuple(e for e in epreuves if e.option_code in (None, option_code))

    def epreuve_table(self, specialite_code: str) -> EpreuveTable | None:
        """The règlement d'examen of a specialty (specialty or option code), with its source and verified flag.

        None when the specialty is unknown or has no file; a table may exist with no épreuve (not found)."""
        resolved = self.specialite_for_code(specialite_code)
        return self.epreuve_tables.get(resolved[0].code) if resolved else None

    def communes(self) -> Communes:
        """The communes of the same folder's communes.csv (read once per folder)."""
        from registration.referentials.communes import load_communes

        return load_communes(self.directory)

    def with_epreuve_tables(self, tables: dict[str, EpreuveTable]) -> Referentials:
        """A copy in which these specialties' tables (keyed by specialty code) replace the loaded ones.

        Diplomas keep only the épreuves the new table still has (a diploma left with none is dropped)."""
        copied = copy.copy(self)
        copied.epreuve_tables = {**self.epreuve_tables, **tables}
        copied.epreuves = {code: table.epreuves for code, table in copied.epreuve_tables.items()}
        diplomas = dict(self.diplomas)
        for code, table in tables.items():
            codes = {e.code for e in table.epreuves}
            kept = []
            for diploma in self.diplomas.get(code, ()):
                covers = tuple(c for c in diploma.covers if c.epreuve_code in codes)
                if covers:
                    kept.append(dataclasses.replace(diploma, covers=covers))
            diplomas[code] = tuple(kept)
        copied.diplomas = diplomas
        return copied

    def with_diplomas(self, lists: dict[str, tuple[Diploma, ...]]) -> Referentials:
        """A copy in which these specialties' diploma lists (a version the exam service published) replace the
        loaded ones; a coverage of an épreuve the table in effect no longer has is left out."""
        copied = copy.copy(self)
        diplomas = dict(self.diplomas)
        for code, items in lists.items():
            table = self.epreuve_tables.get(code)
            known = {e.code for e in table.epreuves} if table else set()
            kept = []
            for diploma in items:
                covers = tuple(c for c in diploma.covers if c.epreuve_code in known)
                if covers:
                    kept.append(dataclasses.replace(diploma, covers=covers))
            diplomas[code] = tuple(kept)
        copied.diplomas = diplomas
        return copied

    def with_etablissements(self, added: tuple[Etablissement, ...]) -> Referentials:
        """A copy with the establishments the exam service added (a code already listed is replaced)."""
        copied = copy.copy(self)
        codes = {e.code for e in added}
        copied.etablissements = tuple(e for e in self.etablissements if e.code not in codes) + added
        copied._etablissement_keys = {
            **self._etablissement_keys,
            **{e.code: _etablissement_keys(e) for e in added},
        }
        return copied

    def with_calendar(self, calendar: tuple[CalendarEntry, ...]) -> Referentials:
        """A copy whose registration calendar is ``calendar`` (a version the exam service published)."""
        copied = copy.copy(self)
        copied.calendar = calendar
        copied._calendar = {(c.academie_code, c.session): c for c in calendar}
        return copied

    def max_optional_epreuves(self, specialite_code: str) -> int:
        """How many optional épreuves a candidate may sit in this specialty."""
        table = self.epreuve_table(specialite_code)
        return table.max_optional if table else self._default_max_optional

    def diplomas_for(self, specialite_code: str) -> tuple[Diploma, ...]:
        """The diplomas giving bénéfices or dispenses in this specialty (empty when none is known)."""
        resolved = self.specialite_for_code(specialite_code)
        return self.diplomas.get(resolved[0].code, ()) if resolved else ()

    # ---- establishments

    def etablissements_for(
        self, academie_code: str, types: tuple[str, ...] | None = None
    ) -> tuple[Etablissement, ...]:
        """The establishments of an académie, optionally only of some types."""
        wanted = {t.upper() for t in types} if types is not None else None
        return tuple(
            e
            for e in self.etablissements
            if e.academie_code == academie_code and (wanted is None or e.type in wanted)
        )

    def search_etablissements(
        self, academie_code: str, text: str, types: tuple[str, ...] | None = None, limit: int = 5
    ) -> list[Etablissement]:
        """Establishments of an académie whose name, city or code resembles the text, best first."""
        pool = self.etablissements_for(academie_code, types)
        return _rank(text, ((e, self._etablissement_keys[e.code]) for e in pool), limit)

    def fictitious_etablissements(self, academie_code: str) -> tuple[Etablissement, ...]:
        """The fictitious establishments offered to individual and experience candidates of an académie."""
        return self.etablissements_for(academie_code, ("FICTIF",))

    # ---- calendar

    def calendar_for(self, academie_code: str, session: int) -> CalendarEntry | None:
        """Registration dates and exam service address of an académie for a session."""
        return self._calendar.get((academie_code, int(session)))


def _etablissement_keys(e: Etablissement) -> tuple[str, ...]:
    return (
        normalise(e.name),
        normalise(e.city),
        e.code.lower(),
        normalise(f"{e.name} {e.city}"),
        *(normalise(a) for a in e.aliases),
    )


def _specialite_keys(s: Specialite) -> tuple[str, ...]:
    out = [normalise(s.title), s.code, *(normalise(a) for a in s.aliases)]
    for o in s.options:
        out += [
            o.code,
            normalise(o.title),
            normalise(f"{s.title} {o.title}"),
            *(normalise(a) for a in o.aliases),
        ]
    return tuple(out)
