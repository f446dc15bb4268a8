"""Reading a règlement d'examen written as TSV (the exam service's format) into an :class:`EpreuveTable`.

The format (documented with an example in ``referentials/README.md``, section « Tables d'épreuves en TSV »):

- line 1: ``# <title>; <text the table comes from>; in force: yes|superseded|unknown`` (``en vigueur :
  oui|remplacé|inconnu`` is read too);
- further ``#`` lines: ``# PARTIAL: …`` (some épreuves could not be read), ``# note: …``, ``# facultatives: N``
  (how many facultative épreuves the règlement lists; default ``max_optional`` of ``epreuves/_common.yaml``;
  a candidate still sits at most that ``max_optional``); any other ``#`` line is a comment;
- a header row, tab-separated: ``unite epreuve intitule coefficient forme_scolaire_public forme_hors_contrat
  facultative source``, optionally ``option`` (option code of the specialty, its acronym such as SISR, or its
  letter) and ``choix`` (``langues``, the name of another list of ``_common.yaml``, or values separated by
  ``|``);
- one row per épreuve. A row without unit whose code has sous-épreuves below it (E3 above E31, E32) only
  groups them and is not an épreuve. An empty code is derived from the unit (U31 → E31, UF1 → EF1; a lone
  UF gets the first free EF number).

:func:`parse_epreuve_tsv` never stops at the first problem: :class:`TsvReport` holds every error with its
line number (French messages, e.g. « ligne 12 : coefficient « -2 » : un nombre positif est attendu »), and a
table only when there is none.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from registration.referentials import DEFAULT_DIRECTORY
from registration.referentials.epreuves import _load_epreuve_common
from registration.referentials.records import Epreuve, EpreuveTable, Specialite
from registration.referentials.search import normalise

IN_FORCE, SUPERSEDED, UNKNOWN = "yes", "superseded", "unknown"
LANGUAGES_LIST = "languages"
MAX_COEFFICIENT = 100.0

# Column names, read without accents or case (« unité » = « unite »).
REQUIRED_COLUMNS = ("unite", "epreuve", "intitule", "coefficient", "facultative")
OPTIONAL_COLUMNS = ("forme_scolaire_public", "forme_hors_contrat", "source", "option", "choix")

_CODE = re.compile(r"^EF?\d+$")
_UNIT = re.compile(r"^U(F?)(\d*)$")
_STATUS = re.compile(r"(?:in force|en vigueur)\s*:\s*(\S+)\s*$", re.IGNORECASE)
_STATUS_WORDS = {
    "yes": IN_FORCE,
    "oui": IN_FORCE,
    "superseded": SUPERSEDED,
    "remplace": SUPERSEDED,
    "abroge": SUPERSEDED,
    "unknown": UNKNOWN,
    "inconnu": UNKNOWN,
}
_MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
_FRENCH_DATE = re.compile(r"\b(1er|\d{1,2}) (" + "|".join(_MONTHS) + r") (\d{4})\b")
_YES, _NO = ("oui", "o", "yes"), ("non", "n", "no")


@dataclass(frozen=True)
class TsvError:
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"ligne {self.line} : {self.message}" if self.line else self.message


@dataclass
class TsvReport:
    """What a TSV file gave: the table (None when there is any error), every error, what was read."""

    specialite: str
    table: EpreuveTable | None = None
    errors: list[TsvError] = field(default_factory=list)
    title: str = ""
    status: str = UNKNOWN  # yes | superseded | unknown, from line 1
    source_text: str = ""  # the text named on line 1

    @property
    def ok(self) -> bool:
        return self.table is not None and not self.errors

    def messages(self) -> list[str]:
        return [str(e) for e in self.errors]


@dataclass
class _Row:
    line: int
    unit: str
    code: str
    title: str
    coefficient: float | None
    optional: bool
    option: str | None
    choices: tuple[str, ...] | None  # None: not given (the title decides for language épreuves)
    bad: bool = False  # a cell was refused: the row only serves the checks across rows


@functools.lru_cache(maxsize=4)
def epreuve_common(directory: Path | None = None) -> tuple[int, dict[str, tuple[str, ...]]]:
    """``max_optional`` and the named lists of ``epreuves/_common.yaml`` (the referentials' folder the caller
    reads, ``refs.directory``; the shipped one by default)."""
    return _load_epreuve_common(Path(directory or DEFAULT_DIRECTORY))


def date_in_text(text: str) -> date | None:
    """The first French date of a text (« arrêté du 8 juillet 2024 … » → 2024-07-08), or None."""
    found = _FRENCH_DATE.search(normalise(text))
    if not found:
        return None
    day = 1 if found.group(1) == "1er" else int(found.group(1))
    try:
        return date(int(found.group(3)), _MONTHS[found.group(2)], day)
    except ValueError:
        return None


def option_for(spec: Specialite, text: str) -> str | None:
    """The option code a cell names: the code, an acronym (SISR), the title or its letter (« A »)."""
    wanted = normalise(text)
    for option in spec.options:
        letter = normalise(option.title.split(":", 1)[0]) if ":" in option.title else ""
        names = {option.code, normalise(option.title), *(normalise(a) for a in option.aliases)}
        if letter:
            names.add(letter)
            names.add(normalise(option.title.split(":", 1)[1]))
        if wanted in names:
            return option.code
    return None


def _language_choices(title: str, languages: tuple[str, ...]) -> tuple[str, ...] | None:
    """For a language épreuve whose title names no language: the list to choose from (None: not one)."""
    words = normalise(title).split()
    if not any(w.startswith("langue") or w in ("lv", "lve", "lv1", "lv2", "lva", "lvb") for w in words):
        return None
    text = " ".join(words)
    excluded = {
        lang
        for lang in languages
        if re.search(r"\bhors " + re.escape(normalise(lang)[:6]), text)  # « (* hors anglais) »
    }
    named = [
        lang
        for lang in languages
        if lang not in excluded and re.search(r"\b" + re.escape(normalise(lang)[:6]), text)
    ]
    if named:
        return None  # « Langue vivante : anglais », « … en langue anglaise »
    return tuple(lang for lang in languages if lang not in excluded)


def _split_header(line: str) -> tuple[str, str, str]:
    """(title, source text, status word) of line 1 (without its « # »)."""
    text = line.lstrip("#").strip()
    status = ""
    found = _STATUS.search(text)
    if found:
        status = found.group(1)
        text = text[: found.start()].rstrip().rstrip(";").rstrip()
    title, _, rest = text.partition(";")
    return title.strip(), rest.strip(), status


class _TableChecks:
    """The checks across rows and the épreuves built from them (part of :class:`_Reader`)."""

    spec: Specialite
    languages: tuple[str, ...]
    notes: list[str]
    max_optional: int
    max_line: int | None

    def error(self, line: int | None, message: str) -> None:
        raise NotImplementedError

    def _epreuves(self, rows: list[_Row]) -> list[Epreuve]:
        taken = {r.code for r in rows if r.code}
        for row in rows:  # codes from units
            if row.code or not row.unit:
                continue
            found = _UNIT.match(row.unit)
            if found is None:
                continue
            facultative, digits = found.groups()
            if digits:
                row.code = f"E{facultative}{digits}"
            else:
                n = 1
                while f"E{facultative}{n}" in taken:
                    n += 1
                row.code = f"E{facultative}{n}"
                self.notes.append(f"Code {row.code} attribué à l'unité {row.unit} (ligne {row.line}).")
            taken.add(row.code)
        self._unique(rows)
        parents = {
            r.code
            for r in rows
            if not r.unit
            and any(
                o is not r and o.code.startswith(r.code) and o.code[len(r.code) :].isdigit() for o in rows
            )
        }
        epreuves: list[Epreuve] = []
        language_parents: dict[str, tuple[str, ...]] = {}
        first_language: str | None = None  # the compulsory language épreuve whose language is asked
        for row in rows:
            if row.bad or not row.code:
                continue
            if row.optional != row.code.startswith("EF"):
                self.error(
                    row.line,
                    f"épreuve {row.code} : une épreuve facultative (facultative = oui) a un code EF… et "
                    "une épreuve obligatoire un code E…",
                )
            choices = row.choices
            if choices is None:
                choices = _language_choices(row.title, self.languages) or ()
                if choices and not row.optional and row.code not in parents:
                    if first_language is not None:
                        self.notes.append(f"{row.code} : même langue que {first_language}.")
                        choices = ()
                    else:
                        first_language = row.code
                if choices and row.code not in parents:
                    self.notes.append(f"{row.code} : langue à choisir dans la liste des langues de l'examen.")
            if row.code in parents:
                if choices:
                    language_parents[row.code] = choices
                continue
            parent = next((p for p in parents if row.code.startswith(p)), None)
            if parent in language_parents and not choices and first_language is None:
                choices, first_language = language_parents[parent], row.code
                self.notes.append(f"{row.code} : langue de l'épreuve {parent} à choisir ici.")
            epreuves.append(
                Epreuve(
                    row.code,
                    row.title,
                    row.coefficient,
                    row.unit,
                    row.optional,
                    tuple(choices),
                    row.option,
                )
            )
        self._count_optional(epreuves, rows)
        return epreuves

    def _unique(self, rows: list[_Row]) -> None:
        def clash(key: str, row: _Row, seen: dict[tuple[str, str | None], int]) -> int | None:
            if (key, row.option) in seen:
                return seen[(key, row.option)]
            if row.option is None:
                return next((line for (k, _), line in seen.items() if k == key), None)
            return seen.get((key, None))

        units: dict[tuple[str, str | None], int] = {}
        codes: dict[tuple[str, str | None], int] = {}
        for row in rows:
            if row.unit:
                first = clash(row.unit, row, units)
                if first is not None:
                    self.error(row.line, f"unité {row.unit} en double (déjà ligne {first})")
                units.setdefault((row.unit, row.option), row.line)
            first = clash(row.code, row, codes)
            if first is not None:
                self.error(row.line, f"épreuve {row.code} en double (déjà ligne {first})")
            codes.setdefault((row.code, row.option), row.line)

    def _count_optional(self, epreuves: list[Epreuve], rows: list[_Row]) -> None:
        lines = {(r.code, r.option): r.line for r in rows}
        for option in [None, *(o.code for o in self.spec.options)]:
            seen = [e for e in epreuves if e.optional and e.option_code in (None, option)]
            if len(seen) > self.max_optional:
                extra = seen[self.max_optional]
                where = (
                    f" (« # facultatives: {self.max_optional} », ligne {self.max_line})"
                    if self.max_line
                    else ""
                )
                self.error(
                    lines.get((extra.code, extra.option_code)),
                    f"épreuve {extra.code} : {len(seen)} épreuves facultatives, la table en permet "
                    f"{self.max_optional}{where}",
                )
                return


class _Reader(_TableChecks):
    def __init__(
        self,
        text: str,
        spec: Specialite,
        *,
        lists: dict[str, tuple[str, ...]],
        default_max: int,
    ) -> None:
        self.spec = spec
        self.lists = lists
        self.languages = lists.get(LANGUAGES_LIST, ())
        self.default_max = default_max
        self.report = TsvReport(spec.code)
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.partial = False
        self.notes: list[str] = []
        self.max_optional = default_max
        self.max_line: int | None = None

    def error(self, line: int | None, message: str) -> None:
        self.report.errors.append(TsvError(line, message))

    def read(self) -> TsvReport:
        report = self.report
        if not self.lines or not self.lines[0].startswith("#"):
            self.error(
                1,
                "la première ligne doit être « # <intitulé>; <texte de référence>; in force: yes|superseded|unknown »",
            )
        else:
            title, source_text, status = _split_header(self.lines[0])
            report.title, report.source_text = title, source_text
            word = normalise(status)
            if word not in _STATUS_WORDS:
                self.error(
                    1,
                    f"statut « {status or '(absent)'} » : « in force: yes », « in force: superseded » "
                    "ou « in force: unknown » est attendu en fin de ligne",
                )
            else:
                report.status = _STATUS_WORDS[word]
                if report.status == SUPERSEDED:
                    self.error(
                        1,
                        "texte marqué « superseded » (remplacé) : cette table ne peut pas être publiée "
                        "comme règlement en vigueur",
                    )
        header: dict[str, int] | None = None
        header_seen = False
        rows: list[_Row] = []
        for number, raw in enumerate(self.lines, start=1):
            if number == 1 and raw.startswith("#"):
                continue
            if not raw.strip():
                continue
            if raw.startswith("#"):
                self._comment(number, raw)
                continue
            cells = [c.strip() for c in raw.split("\t")]
            if header is None:
                header_seen = True
                header = self._header(number, cells)
                if header is None:
                    break
                continue
            row = self._row(number, cells, header)
            if row is not None:
                rows.append(row)
        if not header_seen:
            self.error(None, "ligne d'en-tête absente (unite, epreuve, intitule, coefficient, facultative…)")
        elif header is not None and not rows and not report.errors:
            self.error(None, "aucune épreuve dans le fichier")
        epreuves = self._epreuves(rows)
        if report.errors:
            report.errors.sort(key=lambda e: e.line or 0)
            return report
        report.table = EpreuveTable(
            specialite=self.spec.code,
            title=self.spec.title,
            source=report.source_text,
            source_date=date_in_text(report.source_text),
            verified=False,
            epreuves=tuple(epreuves),
            note=" ".join(self.notes),
            max_optional=min(self.max_optional, self.default_max),
            partial=self.partial,
        )
        return report

    # ---- lines

    def _comment(self, number: int, raw: str) -> None:
        text = raw.lstrip("#").strip()
        key, sep, value = text.partition(":")
        key = normalise(key)
        if not sep:
            return
        if key.split(" ", 1)[0] in ("partial", "partiel", "partielle"):  # « PARTIAL (very): … » too
            self.partial = True
            self.notes.append(f"Table partielle : {value.strip()}")
        elif key == "note":
            self.notes.append(value.strip())
        elif key == "facultatives":
            try:
                limit = int(value.strip())
            except ValueError:
                limit = -1
            if limit < 0:
                self.error(number, f"facultatives « {value.strip()} » : un nombre entier positif est attendu")
            else:
                self.max_optional, self.max_line = limit, number

    def _header(self, number: int, cells: list[str]) -> dict[str, int] | None:
        names = [normalise(c).replace(" ", "_") for c in cells]
        known = set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
        problems = False
        for name, cell in zip(names, cells, strict=True):
            if name and name not in known:
                self.error(number, f"colonne inconnue « {cell} » (colonnes : {', '.join(sorted(known))})")
                problems = True
        missing = [c for c in REQUIRED_COLUMNS if c not in names]
        if missing:
            self.error(number, f"colonne(s) absente(s) de l'en-tête : {', '.join(missing)}")
            problems = True
        duplicated = sorted({n for n in names if n and names.count(n) > 1})
        if duplicated:
            self.error(number, f"colonne(s) en double : {', '.join(duplicated)}")
            problems = True
        if problems:
            return None
        return {name: index for index, name in enumerate(names) if name}

    def _row(self, number: int, cells: list[str], header: dict[str, int]) -> _Row | None:
        if len(cells) > len(header) and any(cells[len(header) :]):
            self.error(number, f"{len(cells)} cellules pour {len(header)} colonnes (tabulation en trop ?)")
            return None

        def cell(name: str) -> str:
            index = header.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        ok = True
        unit, code, title = cell("unite").upper(), cell("epreuve").upper(), cell("intitule")
        if not code and _CODE.match(unit):  # a code written in the unit column (« EF1 » for « UF1 »)
            code, unit = unit, ""
            self.notes.append(f"Ligne {number} : « {code} » lu comme code d'épreuve (colonne unité).")
        if unit and not _UNIT.match(unit):
            self.error(number, f"unité « {unit} » : une unité de la forme U1, U31 ou UF1 est attendue")
            ok = False
        if code and not _CODE.match(code):
            self.error(number, f"épreuve « {code} » : un code de la forme E1, E31 ou EF1 est attendu")
            ok = False
        if not unit and not code:
            self.error(number, "ni unité ni code d'épreuve : l'une des deux colonnes doit être remplie")
            ok = False
        if not title:
            self.error(number, "intitulé manquant")
            ok = False
        coefficient = self._coefficient(number, cell("coefficient"))
        if coefficient is False:
            ok = False
        optional = self._optional(number, cell("facultative"))
        if optional is None:
            ok = False
        option: str | None = None
        if cell("option"):
            option = option_for(self.spec, cell("option"))
            if option is None:
                known = ", ".join(f"{o.code} ({o.title})" for o in self.spec.options)
                self.error(
                    number,
                    f"option « {cell('option')} » inconnue pour la spécialité {self.spec.code}"
                    + (f" ; options : {known}" if known else " (elle n'a pas d'option)"),
                )
                ok = False
        choices = self._choices(number, cell("choix"))
        if choices is False:
            ok = False
        if not ok and not (unit or code):
            return None
        return _Row(
            number,
            unit,
            code,
            title,
            coefficient if isinstance(coefficient, float) else None,
            bool(optional),
            option,
            choices if isinstance(choices, tuple) else None,
            bad=not ok,
        )

    def _coefficient(self, number: int, text: str) -> float | None | bool:
        if not text:
            return None
        try:
            value = float(text.replace(",", ".").replace(" ", ""))
        except ValueError:
            value = -1.0
        if not 0 < value <= MAX_COEFFICIENT:
            self.error(number, f"coefficient « {text} » : un nombre positif est attendu")
            return False
        return value

    def _optional(self, number: int, text: str) -> bool | None:
        word = normalise(text)
        if word in _YES:
            return True
        if word in _NO:
            return False
        self.error(number, f"facultative « {text} » : « oui » ou « non » est attendu")
        return None

    def _choices(self, number: int, text: str) -> tuple[str, ...] | None | bool:
        if not text:
            return None
        word = normalise(text)
        if word in ("langues", "langue", "languages"):
            return self.languages
        if text.strip() in self.lists:
            return self.lists[text.strip()]
        values = tuple(v.strip() for v in text.split("|") if v.strip())
        if len(values) < 2:
            self.error(
                number,
                f"choix « {text} » : « langues » ou au moins deux valeurs séparées par « | » sont attendus",
            )
            return False
        return values


def parse_epreuve_tsv(
    text: str,
    spec: Specialite,
    *,
    source: str | None = None,
    source_date: date | None = None,
    verified: bool = False,
    referentials_dir: Path | None = None,
) -> TsvReport:
    """Reads a TSV règlement d'examen for a specialty; every error with its line, a table only when none.

    ``source`` and ``source_date`` replace what line 1 says (the text, the first French date in it);
    ``verified`` marks the table as checked against the règlement in force.
    """
    default_max, lists = epreuve_common(referentials_dir)
    report = _Reader(text, spec, lists=lists, default_max=default_max).read()
    if report.table is not None:
        chosen_source = (source or "").strip() or report.table.source
        if not chosen_source:
            report.errors.append(TsvError(1, "source absente : indiquez le texte d'où vient la table"))
            report.table = None
            return report
        report.table = EpreuveTable(
            specialite=report.table.specialite,
            title=report.table.title,
            source=chosen_source,
            source_date=source_date or date_in_text(chosen_source) or report.table.source_date,
            verified=verified,
            epreuves=report.table.epreuves,
            note=report.table.note,
            max_optional=report.table.max_optional,
            partial=report.table.partial,
        )
    return report


def decode_upload(data: bytes) -> str | None:
    """The text of an uploaded file: UTF-8 (with or without BOM), else Windows-1252; None when binary."""
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return None
