"""What a list the exam service maintains is: one :class:`ListKind` declaration per list (``kinds/``).

A kind says how an uploaded file is read (every error with its line, nothing stored), how what it holds joins the
list in effect (``merge``) and what that changes, how a version is written and read back (JSON), what version 0
(the shipped file) is, the words of the console, the command line and the journal, and what follows a
publication (``after_publish``: the exam tables tell the candidates whose dossiers are to complete).
``service.py`` does the rest the same way for every kind: the preview, publishing, the history, going back.

A kind is **versioned** (one immutable row per version in the store, ``registration/store/list_versions.py``),
or, with ``import_into``, stores an import itself and has neither history nor going back (the former
candidates: personal records, looked up one by one and erased on schedule, never kept as versions).
A **keyed** kind publishes its versions part by part (the exam tables: one per specialty, ``key``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from registration.referentials import Referentials
    from registration.settings import Settings
    from registration.store import Store

V = TypeVar("V")

# How an upload names its source: typed (required), read from the file when not typed (the exam tables' line
# 1), or the file's name when not typed on the command line (the former candidates).
SOURCE_REQUIRED, SOURCE_IN_FILE, SOURCE_OR_FILE_NAME = "required", "in the file", "file name"


class UnknownVersion(LookupError):
    """No such version of this list (or no shipped file to go back to)."""


@dataclass(frozen=True)
class Author:
    """Who publishes: a staff member (e-mail and id) or « ligne de commande (user) »."""

    email: str
    staff_id: int | None = None


@dataclass(frozen=True)
class Context:
    """What a list is read and published against: the store, the loaded referentials (version 0 of every list),
    the same with every version in effect (``refs``), the session being registered."""

    store: Store
    base: Referentials
    refs: Referentials
    session: int
    settings: Settings | None = None


@dataclass(frozen=True)
class Upload:
    """A file to read: its text (None: no file, or not text), its name, the source typed, the kind's options."""

    text: str | None
    name: str
    source: str = ""
    options: Mapping[str, str] = field(default_factory=dict)
    command_line: bool = False  # the words of an error may name a command-line flag

    @property
    def label(self) -> str:
        """How the errors name the file."""
        return self.name or "fichier"


@dataclass(frozen=True)
class Reading(Generic[V]):
    """What a kind's parser gave: what the file holds when every row is right, else every error."""

    value: V | None
    errors: tuple[str, ...] = ()
    count: int = 0  # rows read
    key: str = ""


@dataclass(frozen=True)
class Version(Generic[V]):
    """A published version, read back."""

    key: str
    version: int
    value: V
    source: str
    published_by: str
    published_at: datetime
    changes: str
    restores: int | None


@dataclass(frozen=True)
class InEffect(Generic[V]):
    """The version in effect (0: the shipped file, ``published`` None) and what it holds (None: nothing shipped)."""

    version: int
    value: V | None
    published: Version[V] | None


@dataclass(frozen=True)
class Preview(Generic[V]):
    """An upload read against the list in effect: every error, or what publishing would put in effect."""

    kind: ListKind[V]
    upload: Upload
    errors: list[str]
    count: int = 0
    key: str = ""
    value: V | None = None  # the list after the upload (merged)
    before: InEffect[V] | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.value is not None


class Outcome(Protocol):
    """What follows a publication (``after_publish``), said in one French sentence."""

    def sentence(self) -> str: ...


@dataclass(frozen=True)
class Publication(Generic[V]):
    """A version published (None for an import kept outside the versions) and what followed it."""

    version: Version[V] | None
    outcome: Any = None


@dataclass(frozen=True)
class Option:
    """A value an upload carries besides its file and source: a form field and a command-line flag ``--name``."""

    name: str
    help: str
    flag: bool = False  # a check box / a flag without value: "1" when set
    key: bool = False  # names the key the upload is for (the console sends back the key found)
    cli_type: Callable[[str], str] | None = None  # checks the command line's value (argparse type)


@dataclass(frozen=True)
class Argument:
    """An argument of a kind's own command."""

    flags: tuple[str, ...]
    help: str = ""
    type: Callable[[str], Any] | None = None


@dataclass(frozen=True)
class Command:
    """A command of a kind besides import, history and revert (``list``, ``check``...): prints, returns the exit code."""

    name: str
    help: str
    run: Callable[[Context, argparse.Namespace], int]
    arguments: tuple[Argument, ...] = ()


@dataclass(frozen=True)
class Texts:
    """What the console, the command line and the journal say of a kind (French)."""

    title: str  # the console's page and menu entry
    responsables_only: str  # what a conseiller reads (403)
    file_kind: str  # « Aucun fichier reçu : choisissez <file_kind>. »
    refused_title: str  # « Calendrier refusé »
    rows_read: str  # « Lignes lues »
    help: str  # the kind on the command line
    import_help: str
    source_help: str
    what: str = ""  # « Publié : version 3 <what>, en vigueur dès maintenant. »
    no_history: str = ""  # the command line's history when none was published ({key}, {title})
    shipped_source: str = ""  # the source of version 0, when going back to it
    no_change: str = "Aucun changement."  # the changes stored when nothing changed
    separator: str = "\n"  # between « Retour à la version N. » and the changes
    audit_subject: str = ""  # {key}
    audit_publish: str = ""
    audit_revert: str = ""
    history_help: str = "les versions publiées"
    revert_help: str = "revenir à une version antérieure (0 : fichier livré)"
    dry_run_help: str = "vérifier seulement, ne rien publier"
    file_format: str = "CSV"  # « ce n'est pas un fichier texte (CSV en UTF-8 attendu) »
    done_word: str = "publié"  # « rien n'a été publié »
    refused_line: str = ""  # after the errors on the command line ({count})
    publish_label: str = "Publier"
    preview_title: str = "Aperçu"
    not_text: str = "Ce fichier n'est pas un fichier texte : un fichier CSV en UTF-8 est attendu."
    corrected: str = "Charger le fichier corrigé"
    check_changes: str = "Vérifiez les changements"
    unknown_version: str = "Cette version n'existe pas."  # ({version})
    unknown_key_title: str = ""
    unknown_key: str = ""  # the console ({key})
    unknown_key_cli: str = ""  # the command line ({key})
    back_to_key: str = ""


def published_notice(query: Mapping[str, str]) -> str:
    """The console's notice after « Publier » or « Revenir » (``?publie=N``)."""
    done = query.get("publie", "")
    return f"Version {done} publiée : elle s'applique dès maintenant." if done.isdigit() else ""


def published_query(publication: Publication[Any]) -> str:
    """What the console's address says after a publication, read back by ``notice``."""
    return f"publie={publication.version.version}" if publication.version is not None else ""


def _no_overlay(refs: Referentials, values: dict[str, Any]) -> Referentials:
    return refs


@dataclass(frozen=True)
class ListKind(Generic[V]):
    """One list the exam service maintains."""

    name: str  # stored: the versions' ``kind``
    command: str  # ``python -m registration.lists <command> ...``
    slug: str  # ``/conseillers/<slug>``; the console's templates <slug>.html, <slug>_form.html
    texts: Texts
    read: Callable[[Context, Upload], Reading[V]]  # the parser: called only with a text, after ``check``
    changes: Callable[[Context, V | None, V], list[str]]  # before (None: nothing shipped), after
    encode: Callable[[V], Any] = lambda value: value
    decode: Callable[[Any, int], V] = lambda data, version: data
    shipped: Callable[[Context, str], V | None] = lambda ctx, key: None  # version 0 of a key
    merge: Callable[[V | None, V], V] = lambda before, read: read  # the list after an upload
    # the upload's own values checked, even with no file: (the key it is for, errors)
    check: Callable[[Context, Upload], tuple[str, list[str]]] | None = None
    keyed: bool = False
    resolve_key: Callable[[Context, str], str | None] = lambda ctx, text: text or None
    key_title: Callable[[Context, str], str] = lambda ctx, key: key
    summary: Callable[[V], str] = lambda value: ""  # said beside a version (the exam tables: its level)
    source_of: Callable[[V], str] | None = None  # a list that names its own source (the exam tables)
    source: str = SOURCE_REQUIRED
    options: tuple[Option, ...] = ()
    after_publish: Callable[[Context, Version[V]], Outcome] | None = None
    import_into: Callable[[Context, V, str, Author], Any] | None = None  # an import kept outside the versions
    overlay: Callable[[Referentials, dict[str, V]], Referentials] = _no_overlay  # what every turn reads
    commands: tuple[Command, ...] = ()
    # command line: the lines printed for an upload read (default: the changes), the line of a publication
    read_lines: Callable[[Preview[V]], list[str]] | None = None
    done_line: Callable[[Publication[V]], str] | None = None
    # console: data of the kind's own templates, the notice and the address after a publication
    page: Callable[[Context], dict[str, Any]] = lambda ctx: {}
    form: Callable[[Context], dict[str, Any]] = lambda ctx: {}
    key_page: Callable[[Context, str], dict[str, Any] | None] | None = None  # <slug>_cle.html
    preview_page: Callable[[Context, Preview[V]], dict[str, Any]] | None = None  # <slug>_apercu.html
    notice: Callable[[Mapping[str, str]], str] = published_notice
    done_query: Callable[[Publication[V]], str] = published_query

    @property
    def versioned(self) -> bool:
        return self.import_into is None
