"""Loads, validates and searches the reference data files of referentials/ (académies, places, specialties, épreuves...)."""
from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from rapidfuzz import fuzz

PARIS = ZoneInfo("Europe/Paris")

ESTABLISHMENT_TYPES = ("PUBLIC", "PRIVE_SOUS_CONTRAT", "PRIVE_HORS_CONTRAT", "CFA", "EAD", "FICTIF")
# Check letters of a UAI (establishment code): the 7 first characters as a number, mod 23.
UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
POSITIONS = ("BENEFICE", "DISPENSE")
DEPARTEMENT_KINDS = ("DEPARTEMENT", "COLLECTIVITE")
DEFAULT_COUNTRY = "*"
# Below this score (0-100) a fuzzy match is not offered.
SEARCH_CUTOFF = 70.0


class ReferentialError(Exception):
    """A referential file is missing or holds a bad value; the message names the file and the line."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.reason = message
        where = f"{file}, ligne {line}" if line else file
        super().__init__(f"{where} : {message}")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Academie:
    code: str
    name: str
    departements: tuple[str, ...]
    vice_rectorat: bool
    siec: bool = False            # exams run by the SIEC (Paris, Créteil, Versailles)
    region: str = ""
    aliases: tuple[str, ...] = ()  # other names for search ("Caen", "Rouen" for Normandie)


@dataclass(frozen=True)
class Departement:
    code: str
    name: str
    academie_code: str
    overseas_collectivity: bool = False   # 975, 977, 978, 986, 987, 988


@dataclass(frozen=True)
class Arrondissement:
    departement: str
    number: str
    insee: str
    label: str
    postal_code: str = ""


@dataclass(frozen=True)
class Country:
    code: str                     # ISO 3166-1 alpha-2
    name: str                     # French name
    academie_code: str | None     # académie handling residents of this country (None: France)
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
    progressive: bool = True      # False when a text forbids this épreuve in forme progressive


@dataclass(frozen=True)
class EpreuveTable:
    """The règlement d'examen of one specialty, as read from referentials/epreuves/<code>.yaml."""

    specialite: str               # key code of the specialty
    title: str
    source: str                   # the text the table comes from
    source_date: date | None
    verified: bool                # True: transcribed from the règlement d'examen; False: structure only
    epreuves: tuple[Epreuve, ...]
    note: str = ""                # what is not verified
    max_optional: int = 2


@dataclass(frozen=True)
class Coverage:
    epreuve_code: str
    position: str                 # "BENEFICE" | "DISPENSE"


@dataclass(frozen=True)
class Diploma:
    code: str
    title: str
    covers: tuple[Coverage, ...]
    invented: bool = False        # the code was made up for the data file
    verified: bool = True         # False: code or coverage not confirmed by a text (see note)
    note: str = ""


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    progressive_allowed: bool
    establishment_types: tuple[str, ...]
    ccf: bool
    self_registration: bool


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
    code_invented: bool = False   # True when the code is not a real UAI (fictitious establishments)
    source: str = ""              # where the row comes from ("parcoursup-2025|...", "fictif")

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
    service_address: str          # lines separated by "\n"
    sample: bool = False


# --------------------------------------------------------------------------- text helpers

_PUNCTUATION = re.compile(r"[^0-9a-z]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o",
                               "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ı": "i"})


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation turned into spaces, single spaces: the form used for matching."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", str(text).translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(_PUNCTUATION.sub(" ", text).split())


_STOP_WORDS = frozenset({"de", "la", "le", "les", "l", "d", "du", "des", "et", "en", "a", "aux", "au", "option", "bts"})


def _tokens(text: str) -> list[str]:
    words = text.split()
    kept = [w for w in words if w not in _STOP_WORDS]
    return kept or words


def _token_score(word: str, candidates: list[str]) -> float:
    """How well one query word matches the best word of a candidate (prefixes count as full matches)."""
    best = 0.0
    for cand in candidates:
        if cand == word or (len(word) >= 3 and cand.startswith(word)):
            return 100.0
        if len(word) >= 3 and len(cand) >= 3 and not word.isdigit() and not cand.isdigit():
            best = max(best, fuzz.ratio(word, cand))
    return best if best >= 60 else 0.0


def _score(query: str, candidates: Iterable[str]) -> float:
    """Best similarity (0-100) between a normalised query and normalised candidate strings."""
    words = _tokens(query)
    best = 0.0
    for cand in candidates:
        if not cand:
            continue
        if cand == query:
            return 100.0
        cand_words = _tokens(cand)
        score = sum(_token_score(w, cand_words) for w in words) / len(words)
        if len(query) >= 4 and not query.isdigit():
            score = max(score, fuzz.ratio(query, cand))
        best = max(best, score)
    return best


def _rank(query: str, items: Iterable[tuple[Any, tuple[str, ...]]], limit: int) -> list[Any]:
    q = normalise(query)
    if not q or limit <= 0:
        return []
    scored = []
    for order, (item, keys) in enumerate(items):
        score = _score(q, keys)
        if score >= SEARCH_CUTOFF:
            scored.append((-score, order, item))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [item for _, _, item in scored[:limit]]


# --------------------------------------------------------------------------- file reading


class _Source:
    """One data file being read: its label for messages (e.g. "referentials/departements.csv")."""

    def __init__(self, directory: Path, name: str) -> None:
        self.path = directory / name
        self.label = f"{directory.name}/{name}"

    def fail(self, line: int | None, message: str) -> ReferentialError:
        return ReferentialError(self.label, line, message)


def _read_csv(src: _Source, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file (comma or semicolon separated) as (line number, stripped values)."""
    try:
        text = src.path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise src.fail(None, "fichier introuvable") from None
    except UnicodeDecodeError as exc:
        raise src.fail(None, f"le fichier n'est pas en UTF-8 ({exc.reason})") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise src.fail(1, "fichier vide, l'en-tête manque") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise src.fail(1, f"colonne(s) manquante(s) : {', '.join(missing)}")
    wanted = required + optional
    previous = reader.line_num
    for values in reader:
        line, previous = previous + 1, reader.line_num   # a record starts on the line after the last one
        if not values or all(not v.strip() for v in values):
            continue
        if values[0].lstrip().startswith("#"):
            continue
        if len(values) > len(header):
            raise src.fail(line, f"{len(values)} valeurs pour {len(header)} colonnes")
        row = {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)}
        yield line, {c: row.get(c, "") for c in wanted}


class _LineLoader(yaml.SafeLoader):
    """YAML loader that records the line of each mapping ("__line__") and of each key ("__lines__")."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = {
        loader.construct_object(k, deep=True): k.start_mark.line + 1 for k, _ in node.value
    }
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    """A date-looking value that is not a real date (2024-13-45) is a YAML error with its line, not a crash."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(None, None, f"date invalide « {node.value} » ({exc})", node.start_mark) from None


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _read_yaml(src: _Source) -> dict[str, Any]:
    try:
        with src.path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except FileNotFoundError:
        raise src.fail(None, "fichier introuvable") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise src.fail(mark.line + 1 if mark else None, f"YAML invalide ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, dict):
        raise src.fail(1, "le fichier doit contenir une table (clé: valeur)")
    return data


def _bool(src: _Source, line: int, column: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = normalise(str(value)) if value is not None else ""
    if text in ("1", "true", "oui", "yes", "vrai", "o", "y"):
        return True
    if text in ("0", "false", "non", "no", "faux", "n", ""):
        return False
    raise src.fail(line, f"{column} : « {value} » n'est pas un booléen (0/1)")


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def _need(src: _Source, line: int, column: str, value: str) -> str:
    if not value:
        raise src.fail(line, f"{column} : valeur manquante")
    return value


def _datetime(src: _Source, line: int, column: str, value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T", 1) if " " in value else value)
    except ValueError:
        raise src.fail(line, f"{column} : « {value} » n'est pas une date-heure (AAAA-MM-JJ HH:MM)") from None
    return parsed.astimezone(PARIS) if parsed.tzinfo else parsed.replace(tzinfo=PARIS)


def _date(src: _Source, line: int, column: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise src.fail(line, f"{column} : « {value} » n'est pas une date (AAAA-MM-JJ)") from None


# --------------------------------------------------------------------------- loaders

_DEP_CODE = re.compile(r"^(\d{2}|2A|2B|9[78]\d)$")


def _load_departements(directory: Path, academie_codes: set[str]) -> dict[str, Departement]:
    src = _Source(directory, "departements.csv")
    result: dict[str, Departement] = {}
    for line, row in _read_csv(src, ("code", "name", "academie"), ("kind",)):
        code = row["code"].upper()
        if not _DEP_CODE.match(code):
            raise src.fail(line, f"code de département invalide « {row['code']} »")
        if code in result:
            raise src.fail(line, f"département {code} en double")
        name = _need(src, line, "name", row["name"])
        if row["academie"] not in academie_codes:
            raise src.fail(line, f"académie inconnue « {row['academie']} » (absente de academies.csv)")
        kind = (row["kind"] or "DEPARTEMENT").upper()
        if kind not in DEPARTEMENT_KINDS:
            raise src.fail(line, f"kind « {row['kind']} » inconnu ({', '.join(DEPARTEMENT_KINDS)})")
        result[code] = Departement(code, name, row["academie"], kind == "COLLECTIVITE")
    return result


def _load_academies(directory: Path) -> tuple[dict[str, Academie], dict[str, Departement]]:
    src = _Source(directory, "academies.csv")
    rows: dict[str, tuple[int, dict[str, str]]] = {}
    names: set[str] = set()
    for line, row in _read_csv(src, ("code", "name", "vice_rectorat"), ("departements", "siec", "region", "aliases")):
        code = row["code"]
        if not re.fullmatch(r"\d{2}", code):
            raise src.fail(line, f"code d'académie invalide « {code} » (2 chiffres)")
        if code in rows:
            raise src.fail(line, f"académie {code} en double")
        name = _need(src, line, "name", row["name"])
        if normalise(name) in names:
            raise src.fail(line, f"nom d'académie en double « {name} »")
        names.add(normalise(name))
        _bool(src, line, "vice_rectorat", row["vice_rectorat"])
        _bool(src, line, "siec", row["siec"])
        rows[code] = (line, row)
    if not rows:
        raise src.fail(None, "aucune académie")
    departements = _load_departements(directory, set(rows))
    academies: dict[str, Academie] = {}
    for code, (line, row) in rows.items():
        deps = tuple(d for d, dep in departements.items() if dep.academie_code == code)
        listed = tuple(d.upper() for d in _split(row["departements"]))
        if listed and set(listed) != set(deps):
            raise src.fail(line, f"départements {', '.join(listed)} différents de departements.csv "
                                 f"({', '.join(deps) or 'aucun'})")
        academies[code] = Academie(code, row["name"], deps, _bool(src, line, "vice_rectorat", row["vice_rectorat"]),
                                   _bool(src, line, "siec", row["siec"]), row["region"], _split(row["aliases"]))
    return academies, departements


def _load_arrondissements(directory: Path, departements: dict[str, Departement]) -> dict[str, tuple[Arrondissement, ...]]:
    src = _Source(directory, "arrondissements.csv")
    result: dict[str, list[Arrondissement]] = {}
    seen: set[tuple[str, str]] = set()
    insees: set[str] = set()
    for line, row in _read_csv(src, ("departement", "number", "insee", "label"), ("postal_code",)):
        dep = row["departement"].upper()
        if dep not in departements:
            raise src.fail(line, f"département inconnu « {row['departement']} »")
        if not row["number"].isdigit() or not 1 <= int(row["number"]) <= 99:
            raise src.fail(line, f"numéro d'arrondissement invalide « {row['number']} »")
        number = str(int(row["number"]))
        if (dep, number) in seen:
            raise src.fail(line, f"arrondissement {number} du {dep} en double")
        if not re.fullmatch(r"\d{5}", row["insee"]) or row["insee"] in insees:
            raise src.fail(line, f"code INSEE invalide ou en double « {row['insee']} »")
        if row["postal_code"] and not re.fullmatch(r"\d{5}", row["postal_code"]):
            raise src.fail(line, f"code postal invalide « {row['postal_code']} »")
        seen.add((dep, number))
        insees.add(row["insee"])
        label = _need(src, line, "label", row["label"])
        result.setdefault(dep, []).append(Arrondissement(dep, number, row["insee"], label, row["postal_code"]))
    return {dep: tuple(sorted(items, key=lambda a: int(a.number))) for dep, items in result.items()}


def _load_countries(directory: Path, academies: dict[str, Academie]) -> dict[str, Country]:
    src = _Source(directory, "countries_academies.csv")
    mapping: dict[str, str | None] = {}
    mapping_lines: dict[str, int] = {}
    for line, row in _read_csv(src, ("country", "academie"), ("note",)):
        country = row["country"].upper()
        if country != DEFAULT_COUNTRY and not re.fullmatch(r"[A-Z]{2}", country):
            raise src.fail(line, f"code pays invalide « {row['country']} » (ISO alpha-2 ou *)")
        if country in mapping:
            raise src.fail(line, f"pays {country} en double")
        if row["academie"] and row["academie"] not in academies:
            raise src.fail(line, f"académie inconnue « {row['academie']} »")
        mapping[country] = row["academie"] or None
        mapping_lines[country] = line
    default = mapping.get(DEFAULT_COUNTRY)

    src = _Source(directory, "countries.csv")
    countries: dict[str, Country] = {}
    for line, row in _read_csv(src, ("code", "name"), ("alpha3", "aliases")):
        code = row["code"].upper()
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise src.fail(line, f"code pays invalide « {row['code']} » (ISO alpha-2)")
        if code in countries:
            raise src.fail(line, f"pays {code} en double")
        alpha3 = row["alpha3"].upper()
        if alpha3 and not re.fullmatch(r"[A-Z]{3}", alpha3):
            raise src.fail(line, f"code alpha-3 invalide « {row['alpha3']} »")
        name = _need(src, line, "name", row["name"])
        academie = mapping[code] if code in mapping else default
        countries[code] = Country(code, name, academie, _split(row["aliases"]), alpha3)
    for country, line in mapping_lines.items():
        if country != DEFAULT_COUNTRY and country not in countries:
            raise ReferentialError(f"{directory.name}/countries_academies.csv", line,
                                   f"pays {country} absent de countries.csv")
    return countries


def _load_specialites(directory: Path) -> dict[str, Specialite]:
    src = _Source(directory, "specialites.csv")
    groups: dict[str, dict[str, Any]] = {}
    codes: dict[str, int] = {}
    for line, row in _read_csv(src, ("code", "title"), ("specialite", "option", "aliases", "option_aliases", "rncp")):
        code = row["code"]
        if not re.fullmatch(r"\d{8}", code):
            raise src.fail(line, f"code de diplôme invalide « {code} » (8 chiffres)")
        if code in codes:
            raise src.fail(line, f"code {code} en double (déjà ligne {codes[code]})")
        codes[code] = line
        group = row["specialite"] or code
        if not re.fullmatch(r"\d{8}", group):
            raise src.fail(line, f"code de spécialité invalide « {group} » (8 chiffres)")
        title = _need(src, line, "title", row["title"])
        entry = groups.setdefault(group, {"title": title, "line": line, "options": [], "aliases": [], "plain": False})
        if entry["title"] != title:
            raise src.fail(line, f"intitulé « {title} » différent de celui de la spécialité {group} "
                                 f"(ligne {entry['line']}) : « {entry['title']} »")
        entry["aliases"].extend(a for a in _split(row["aliases"]) if a not in entry["aliases"])
        if row["option"]:
            entry["options"].append((line, SpecialiteOption(code, row["option"], _split(row["option_aliases"]))))
        else:
            if entry["options"] or entry["plain"] or code != group:
                raise src.fail(line, f"la spécialité {group} a plusieurs lignes : chaque ligne doit nommer son option")
            entry["plain"] = True
    result: dict[str, Specialite] = {}
    for group, entry in groups.items():
        if entry["plain"] and entry["options"]:
            raise src.fail(entry["options"][0][0], f"la spécialité {group} a une ligne sans option et des options")
        option_codes = {o.code for _, o in entry["options"]}
        if group in codes and group not in option_codes and not entry["plain"]:
            raise src.fail(entry["line"], f"le code de spécialité {group} est le code d'une autre ligne")
        result[group] = Specialite(group, entry["title"], tuple(o for _, o in entry["options"]), tuple(entry["aliases"]))
    return result


EPREUVES_DIR = "epreuves"
_COMMON_EPREUVES = "_common.yaml"
_EPREUVE_CODE = re.compile(r"^EF?\d+$")


def _epreuve_source(directory: Path, name: str) -> _Source:
    return _Source(directory, f"{EPREUVES_DIR}/{name}")


def _max_optional(src: _Source, line: int | None, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise src.fail(line, "max_optional doit être un entier positif")
    return value


def _load_epreuve_common(directory: Path) -> tuple[int, dict[str, tuple[str, ...]]]:
    """_common.yaml: the default max_optional and the named lists (languages...) épreuves refer to."""
    src = _epreuve_source(directory, _COMMON_EPREUVES)
    data = _read_yaml(src)
    default_max = _max_optional(src, data["__lines__"].get("max_optional"), data.get("max_optional", 2))
    lists: dict[str, tuple[str, ...]] = {}
    block = data.get("lists") or {}
    if not isinstance(block, dict):
        raise src.fail(data["__lines__"].get("lists"), "« lists » doit être une table nom: [valeurs]")
    for name, values in block.items():
        if name in ("__line__", "__lines__"):
            continue
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise src.fail(block["__lines__"].get(name), f"liste « {name} » : liste de textes attendue")
        lists[str(name)] = tuple(v.strip() for v in values)
    return default_max, lists


def _load_epreuve_table(src: _Source, spec: Specialite, default_max: int,
                        lists: dict[str, tuple[str, ...]]) -> EpreuveTable:
    data = _read_yaml(src)
    lines = data["__lines__"]
    declared = str(data.get("specialite") or "").strip()
    if declared != spec.code:
        raise src.fail(lines.get("specialite", 1), f"specialite « {declared} » : le fichier est celui de {spec.code}")
    source = str(data.get("source") or "").strip()
    if not source:
        raise src.fail(lines.get("source", 1), "source : valeur manquante (le texte d'où vient la table)")
    if "verified" not in data:
        raise src.fail(1, "verified : valeur manquante (true ou false)")
    verified = _bool(src, lines["verified"], "verified", data["verified"])
    source_date = data.get("source_date")
    if source_date not in (None, "") and not isinstance(source_date, date):
        source_date = _date(src, lines.get("source_date"), "source_date", str(source_date))
    limit = _max_optional(src, lines.get("max_optional"), data.get("max_optional", default_max))
    items = data.get("epreuves")
    if not isinstance(items, list):
        raise src.fail(lines.get("epreuves", 1), "liste « epreuves » attendue (vide si la table est inconnue)")
    epreuves: list[Epreuve] = []
    keys: set[tuple[str, str | None]] = set()
    option_codes = {o.code for o in spec.options}
    for item in items:
        if not isinstance(item, dict):
            raise src.fail(lines.get("epreuves"), "chaque épreuve doit être une table")
        line = item["__line__"]
        code = str(item.get("code") or "").strip()
        title = str(item.get("title") or "").strip()
        if not code:
            raise src.fail(line, "épreuve sans code")
        if not _EPREUVE_CODE.match(code):
            raise src.fail(line, f"épreuve « {code} » : code attendu de la forme E1 ou EF1")
        if not title:
            raise src.fail(line, f"épreuve {code} sans intitulé")
        coefficient = item.get("coefficient")
        if coefficient is not None and coefficient != "":
            try:
                coefficient = float(str(coefficient).replace(",", "."))
            except ValueError:
                raise src.fail(line, f"épreuve {code} : coefficient « {coefficient} » n'est pas un nombre") from None
            if not 0 < coefficient <= 100:
                raise src.fail(line, f"épreuve {code} : coefficient {coefficient} hors limites")
        else:
            coefficient = None
        option = item.get("option_code")
        option = str(option) if option not in (None, "") else None
        if option is not None and option not in option_codes:
            raise src.fail(line, f"épreuve {code} : option « {option} » inconnue pour la spécialité {spec.code}")
        if (code, option) in keys or (option is None and any(k[0] == code for k in keys)) \
                or (option is not None and (code, None) in keys):
            raise src.fail(line, f"épreuve {code} en double pour la spécialité {spec.code}")
        keys.add((code, option))
        choices = item.get("choices") or []
        if isinstance(choices, str):
            if choices.strip() not in lists:
                raise src.fail(line, f"épreuve {code} : liste « {choices} » absente de {EPREUVES_DIR}/{_COMMON_EPREUVES}")
            choices = list(lists[choices.strip()])
        if not isinstance(choices, list) or not all(isinstance(c, str) and c.strip() for c in choices):
            raise src.fail(line, f"épreuve {code} : choices doit être une liste de textes ou le nom d'une liste")
        optional = _bool(src, line, "optional", item.get("optional", False))
        if optional != code.startswith("EF"):
            raise src.fail(line, f"épreuve {code} : les épreuves facultatives (optional: true) ont un code EF…, les autres E…")
        epreuves.append(Epreuve(code, title, coefficient, str(item.get("unit") or ""), optional,
                                tuple(c.strip() for c in choices), option,
                                _bool(src, line, "progressive", item.get("progressive", True))))
    return EpreuveTable(spec.code, str(data.get("title") or spec.title).strip(), source, source_date or None,
                        verified, tuple(epreuves), str(data.get("note") or "").strip(), limit)


def _load_epreuves(directory: Path, specialites: dict[str, Specialite]) -> tuple[dict[str, EpreuveTable], int]:
    """Every referentials/epreuves/<specialty key>.yaml, with the shared lists of _common.yaml."""
    folder = directory / EPREUVES_DIR
    if not folder.is_dir():
        raise ReferentialError(f"{directory.name}/{EPREUVES_DIR}", None, "dossier des épreuves introuvable")
    default_max, lists = _load_epreuve_common(directory)
    option_keys = {o.code: s.code for s in specialites.values() for o in s.options}
    tables: dict[str, EpreuveTable] = {}
    for path in sorted(folder.iterdir()):
        if path.name == _COMMON_EPREUVES or path.name.startswith(".") or not path.is_file():
            continue
        src = _epreuve_source(directory, path.name)
        if path.suffix != ".yaml":
            raise src.fail(None, "fichier inattendu (un fichier <code de spécialité>.yaml par spécialité)")
        spec = specialites.get(path.stem)
        if spec is None:
            hint = f" ; utiliser le code de la spécialité {option_keys[path.stem]}" if path.stem in option_keys else ""
            raise src.fail(None, f"spécialité inconnue « {path.stem} » (absente de specialites.csv){hint}")
        tables[spec.code] = _load_epreuve_table(src, spec, default_max, lists)
    return tables, default_max


def _load_diplomas(directory: Path, specialites: dict[str, Specialite],
                   tables: dict[str, EpreuveTable]) -> dict[str, tuple[Diploma, ...]]:
    src = _Source(directory, "diplomas.yaml")
    data = _read_yaml(src)
    block = data.get("specialites")
    if not isinstance(block, dict):
        raise src.fail(data["__line__"], "la clé « specialites » manque ou n'est pas une table")
    result: dict[str, tuple[Diploma, ...]] = {}
    for spec_code, items in block.items():
        if spec_code in ("__line__", "__lines__"):
            continue
        key_line = block["__lines__"].get(spec_code)
        spec_code = str(spec_code)
        if spec_code not in specialites:
            raise src.fail(key_line, f"spécialité inconnue « {spec_code} » (absente de specialites.csv)")
        known = {e.code for e in tables[spec_code].epreuves} if spec_code in tables else set()
        if not known:
            raise src.fail(key_line, f"spécialité {spec_code} : aucune épreuve dans {EPREUVES_DIR}/{spec_code}.yaml")
        if not isinstance(items, list):
            raise src.fail(key_line, f"spécialité {spec_code} : liste de diplômes attendue")
        diplomas: list[Diploma] = []
        for item in items:
            if not isinstance(item, dict):
                raise src.fail(key_line, "chaque diplôme doit être une table")
            line = item["__line__"]
            code = str(item.get("code") or "").strip()
            title = str(item.get("title") or "").strip()
            if not code or not title:
                raise src.fail(line, "diplôme sans code ou sans intitulé")
            if any(d.code == code for d in diplomas):
                raise src.fail(line, f"diplôme {code} en double pour la spécialité {spec_code}")
            covers = item.get("covers")
            if not isinstance(covers, list) or not covers:
                raise src.fail(line, f"diplôme {code} : liste « covers » vide ou absente")
            coverage: list[Coverage] = []
            for cover in covers:
                cline = cover.get("__line__", line) if isinstance(cover, dict) else line
                if not isinstance(cover, dict):
                    raise src.fail(cline, f"diplôme {code} : chaque élément de covers doit être une table")
                ep = str(cover.get("epreuve") or "")
                position = str(cover.get("position") or "").upper()
                if ep not in known:
                    raise src.fail(cline, f"diplôme {code} : épreuve « {ep} » inconnue pour la spécialité {spec_code}")
                if position not in POSITIONS:
                    raise src.fail(cline, f"diplôme {code} : position « {position} » (BENEFICE ou DISPENSE attendu)")
                coverage.append(Coverage(ep, position))
            verified = _bool(src, line, "verified", item.get("verified", True))
            note = str(item.get("note") or "").strip()
            if not verified and not note:
                raise src.fail(line, f"diplôme {code} : verified: false demande une note (ce qui n'est pas confirmé)")
            diplomas.append(Diploma(code, title, tuple(coverage), _bool(src, line, "invented", item.get("invented", False)),
                                    verified, note))
        result[spec_code] = tuple(diplomas)
    return result


def _load_categories(directory: Path) -> dict[str, Category]:
    src = _Source(directory, "categories.csv")
    result: dict[str, Category] = {}
    for line, row in _read_csv(src, ("code", "label", "progressive_allowed", "establishment_types", "ccf", "self_registration")):
        code = _need(src, line, "code", row["code"]).upper()
        if code in result:
            raise src.fail(line, f"catégorie {code} en double")
        types = tuple(t.upper() for t in _split(row["establishment_types"]))
        unknown = [t for t in types if t not in ESTABLISHMENT_TYPES]
        if unknown or not types:
            raise src.fail(line, f"type(s) d'établissement inconnu(s) ou absent(s) : {', '.join(unknown) or '-'} "
                                 f"(attendu : {', '.join(ESTABLISHMENT_TYPES)})")
        result[code] = Category(code, _need(src, line, "label", row["label"]),
                                _bool(src, line, "progressive_allowed", row["progressive_allowed"]), types,
                                _bool(src, line, "ccf", row["ccf"]),
                                _bool(src, line, "self_registration", row["self_registration"]))
    return result


def _load_etablissements(directory: Path, academies: dict[str, Academie],
                         specialites: dict[str, Specialite]) -> tuple[Etablissement, ...]:
    src = _Source(directory, "etablissements.csv")
    known_specs = set(specialites) | {o.code for s in specialites.values() for o in s.options}
    result: list[Etablissement] = []
    codes: set[str] = set()
    for line, row in _read_csv(src, ("code", "name", "city", "academie", "type"),
                               ("sample", "specialites", "code_invented", "postal_code", "departement", "aliases",
                                "source")):
        code = _need(src, line, "code", row["code"]).upper()
        if code in codes:
            raise src.fail(line, f"établissement {code} en double")
        codes.add(code)
        if row["academie"] not in academies:
            raise src.fail(line, f"académie inconnue « {row['academie']} »")
        invented = _bool(src, line, "code_invented", row["code_invented"])
        if not invented and not is_valid_uai(code):
            raise src.fail(line, f"UAI invalide « {code} » (7 chiffres et la lettre clé ; code_invented = 1 sinon)")
        if row["postal_code"] and not re.fullmatch(r"\d{5}", row["postal_code"]):
            raise src.fail(line, f"code postal invalide « {row['postal_code']} »")
        departement = row["departement"].upper()
        if departement and departement not in academies[row["academie"]].departements:
            raise src.fail(line, f"département « {row['departement']} » hors de l'académie {row['academie']}")
        kind = row["type"].upper()
        if kind not in ESTABLISHMENT_TYPES:
            raise src.fail(line, f"type « {row['type']} » inconnu ({', '.join(ESTABLISHMENT_TYPES)})")
        specs = _split(row["specialites"])
        unknown = [s for s in specs if s not in known_specs]
        if unknown:
            raise src.fail(line, f"spécialité(s) inconnue(s) : {', '.join(unknown)}")
        result.append(Etablissement(code, _need(src, line, "name", row["name"]), row["city"], row["academie"], kind,
                                    _bool(src, line, "sample", row["sample"]), specs, row["postal_code"],
                                    departement, _split(row["aliases"]), invented, row["source"]))
    return tuple(result)


def is_valid_uai(code: str) -> bool:
    """Whether a code is a well-formed UAI: 7 digits (Corsica written 620/720) and the right check letter."""
    code = str(code or "").strip().upper()
    return bool(re.fullmatch(r"\d{7}[A-Z]", code)) and UAI_LETTERS[int(code[:7]) % 23] == code[7]


def _load_calendar(directory: Path, academies: dict[str, Academie]) -> tuple[CalendarEntry, ...]:
    src = _Source(directory, "calendar.csv")
    result: list[CalendarEntry] = []
    seen: set[tuple[str, int]] = set()
    for line, row in _read_csv(src, ("academie", "session", "opens", "closes", "return_deadline", "service_address"),
                               ("sample",)):
        if row["academie"] not in academies:
            raise src.fail(line, f"académie inconnue « {row['academie']} »")
        if not re.fullmatch(r"20\d\d", row["session"]):
            raise src.fail(line, f"session invalide « {row['session']} » (année sur 4 chiffres)")
        session = int(row["session"])
        if (row["academie"], session) in seen:
            raise src.fail(line, f"calendrier en double pour l'académie {row['academie']}, session {session}")
        seen.add((row["academie"], session))
        opens = _datetime(src, line, "opens", row["opens"])
        closes = _datetime(src, line, "closes", row["closes"])
        if closes <= opens:
            raise src.fail(line, "la clôture doit suivre l'ouverture")
        deadline = _date(src, line, "return_deadline", row["return_deadline"])
        if deadline < closes.date():
            raise src.fail(line, "la date limite de retour précède la clôture")
        address = "\n".join(_split(_need(src, line, "service_address", row["service_address"])))
        result.append(CalendarEntry(row["academie"], session, opens, closes, deadline, address,
                                    _bool(src, line, "sample", row["sample"])))
    return tuple(result)


# --------------------------------------------------------------------------- the referentials


_ACADEMIE_PREFIX = re.compile(r"^(?:academie|vice rectorat|rectorat)(?: de la| de| d| du| des)? ")
_ARTICLE = re.compile(r"^(?:la|le|les|l) ")


class Referentials:
    """All reference data, validated, with the look-ups the registration needs."""

    def __init__(self, *, academies: dict[str, Academie], departements: dict[str, Departement],
                 arrondissements: dict[str, tuple[Arrondissement, ...]], countries: dict[str, Country],
                 specialites: dict[str, Specialite], categories: dict[str, Category],
                 etablissements: tuple[Etablissement, ...], calendar: tuple[CalendarEntry, ...],
                 epreuve_tables: dict[str, EpreuveTable], diplomas: dict[str, tuple[Diploma, ...]],
                 default_max_optional: int = 2) -> None:
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
        self._country_keys = [(c, (normalise(c.name), *(normalise(a) for a in c.aliases))) for c in countries.values()]
        self._departement_keys = [(d, (normalise(d.name), d.code.lower())) for d in departements.values()]
        self._academie_keys = [(a, (normalise(a.name), a.code, *(normalise(x) for x in a.aliases)))
                               for a in academies.values()]
        self._specialite_keys = [(s, _specialite_keys(s)) for s in specialites.values()]
        self._etablissement_keys = {e.code: (normalise(e.name), normalise(e.city), e.code.lower(),
                                             normalise(f"{e.name} {e.city}"), *(normalise(a) for a in e.aliases))
                                    for e in etablissements}

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
            dep = self._departement_exact(code_token) if re.fullmatch(r"\d{1,3}|0?2[ab]", code_token) else None
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
        country = self.countries.get(str(country_code or "").strip().upper()) or self.find_country(country_code)
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

    def max_optional_epreuves(self, specialite_code: str) -> int:
        """How many optional épreuves a candidate may sit in this specialty."""
        table = self.epreuve_table(specialite_code)
        return table.max_optional if table else self._default_max_optional

    def diplomas_for(self, specialite_code: str) -> tuple[Diploma, ...]:
        """The diplomas giving bénéfices or dispenses in this specialty (empty when none is known)."""
        resolved = self.specialite_for_code(specialite_code)
        return self.diplomas.get(resolved[0].code, ()) if resolved else ()

    # ---- establishments

    def etablissements_for(self, academie_code: str, types: tuple[str, ...] | None = None) -> tuple[Etablissement, ...]:
        """The establishments of an académie, optionally only of some types."""
        wanted = {t.upper() for t in types} if types is not None else None
        return tuple(e for e in self.etablissements
                     if e.academie_code == academie_code and (wanted is None or e.type in wanted))

    def search_etablissements(self, academie_code: str, text: str, types: tuple[str, ...] | None = None,
                              limit: int = 5) -> list[Etablissement]:
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


def _specialite_keys(s: Specialite) -> tuple[str, ...]:
    out = [normalise(s.title), s.code, *(normalise(a) for a in s.aliases)]
    for o in s.options:
        out += [o.code, normalise(o.title), normalise(f"{s.title} {o.title}"), *(normalise(a) for a in o.aliases)]
    return tuple(out)


def _exact_first(exact: Any, ranked: list[Any], limit: int) -> list[Any]:
    if limit <= 0:
        return []
    if exact is None:
        return ranked
    return [exact, *(r for r in ranked if r != exact)][:limit]


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
    )
