"""Reading the data files: their errors with file and line, CSV rows, YAML with lines, typed values."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from registration.referentials.search import normalise

PARIS = ZoneInfo("Europe/Paris")
UNREADABLE_CSV = (
    "ligne illisible : une valeur y est bien trop longue (plus de 131 072 caractères), souvent parce qu'un "
    "guillemet n'est pas refermé"
)


class ReferentialError(Exception):
    """A referential file is missing or holds a bad value; the message names the file and the line."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.reason = message
        where = f"{file}, ligne {line}" if line else file
        super().__init__(f"{where} : {message}")


class _Source:
    """One data file being read: its label for messages (e.g. "referentials/departements.csv")."""

    def __init__(self, directory: Path, name: str) -> None:
        self.path = directory / name
        self.label = f"{directory.name}/{name}"

    def fail(self, line: int | None, message: str) -> ReferentialError:
        return ReferentialError(self.label, line, message)


def _read_csv(
    src: _Source, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file (comma or semicolon separated) as (line number, stripped values)."""
    try:
        text = src.path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise src.fail(None, "fichier introuvable") from None
    except UnicodeDecodeError as exc:
        raise src.fail(None, f"le fichier n'est pas en UTF-8 ({exc.reason})") from None
    yield from _csv_rows(src, text, required, optional)


def _csv_rows(
    src: _Source, text: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV text (an uploaded file, or a file's content): the rules of :func:`_read_csv`."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise src.fail(1, "fichier vide, l'en-tête manque") from None
    except csv.Error:
        raise src.fail(1, UNREADABLE_CSV) from None
    missing = [c for c in required if c not in header]
    if missing:
        raise src.fail(1, f"colonne(s) manquante(s) : {', '.join(missing)}")
    wanted = required + optional
    previous = reader.line_num
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error:  # a value over the csv module's field limit, a NUL byte...
            raise src.fail(previous + 1, UNREADABLE_CSV) from None
        line, previous = previous + 1, reader.line_num  # a record starts on the line after the last one
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
        raise yaml.constructor.ConstructorError(
            None, None, f"date invalide « {node.value} » ({exc})", node.start_mark
        ) from None


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _read_yaml(src: _Source) -> dict[str, Any]:
    try:
        with src.path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except FileNotFoundError:
        raise src.fail(None, "fichier introuvable") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise src.fail(
            mark.line + 1 if mark else None, f"YAML invalide ({getattr(exc, 'problem', exc)})"
        ) from None
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
