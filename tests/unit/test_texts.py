"""The texts against the code that reads them: the candidates' (registration/conversation/texts/, and the
validators' messages of registration/rules/messages.py) and the conseillers' console's (bot/console/texts.py).
Every key the code asks for exists, no key is left unused, and every text is filled with exactly the fields it
names.

The code is read, not run: an AST walk over registration/, bot/ and actions/ finds each lookup of a table
imported from the texts' access point (``TEXT["key"]``, ``BUTTONS.get("key")``, ``A if c else B`` keys), each
``.format(...)`` applied to one, and the calls that name a key for a lookup made elsewhere (a ``Step``'s id or
``question_key``, a ``ValidationRefused``'s text). A lookup by a computed key is allowed only in the tables said
below, with the reason; their keys count as used when the code names them.
"""

from __future__ import annotations

import ast
import string
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

from bot.console import texts as console_texts
from registration.conversation import texts
from registration.rules import messages as rule_messages

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Audience:
    """One audience's texts: where the code reads them from, and how its tables are keyed."""

    access: str  # the one module the code imports the tables from
    tables: Mapping[str, object]
    source: Path  # the texts themselves (a package or a module), not scanned as code that reads them
    # Tables keyed by what the code's data names: a lookup there may use a computed key, and a key is used when
    # the code names it (a string literal outside the texts, or a query's value: ``?info=key``).
    keyed_by_code: Mapping[str, str] = field(default_factory=dict)
    # Tables the code draws whole (every key used by the iteration).
    iterated: Mapping[str, str] = field(default_factory=dict)
    # Computed keys elsewhere, each checked by another rule of this file: (file, table) → why.
    computed_keys: Mapping[tuple[str, str], str] = field(default_factory=dict)
    # Calls that name a key of a table for a lookup made elsewhere, their keywords filling it: callee → table.
    key_calls: Mapping[str, str] = field(default_factory=dict)
    steps: bool = False  # the catalogue's Step calls name QUESTIONS keys


def tables_of(module: ModuleType) -> dict[str, object]:
    names = getattr(module, "__all__", None) or [name for name in vars(module) if name.isupper()]
    return {name: getattr(module, name) for name in names}


CANDIDATES = Audience(
    access="registration.conversation.texts",
    tables=tables_of(texts),
    source=ROOT / "registration" / "conversation" / "texts",
    keyed_by_code={
        "QUESTIONS": "a Step's id or question_key (steps.py: Step.texts)",
        "SECTIONS": "a Step's section (engine/guidance.py, phases/review.py)",
        "GUIDANCE": "a step id with its own spoken summary (engine/guidance.py)",
        "FIELD_LABELS": "an answer's field (catalogue/extract.py)",
        "GROUP_LABELS": "a group of answers (catalogue/extract.py)",
    },
    iterated={
        "NAVIGATION_WORDS": "the command words (phases/navigation.py)",
        "TELEGRAM_COMMANDS": "the Telegram bridge's command menu (bot/telegram/app.py)",
    },
    computed_keys={
        (
            "registration/conversation/phases/review.py",
            "TEXT",
        ): "a ValidationRefused's text (checked by its calls)",
    },
    key_calls={"ValidationRefused": "TEXT"},
    steps=True,
)
CONSOLE = Audience(
    access="bot.console.texts",
    tables=tables_of(console_texts),
    source=ROOT / "bot" / "console" / "texts.py",
    keyed_by_code={
        "DOSSIER_NOTICES": "a dossier page's ?info= (dossiers.py)",
        "REQUEST_NOTICES": "a request page's ?info= (requests.py)",
        "NOTE_NOTICES": "the notes page's ?fait= (notes.py)",
    },
    iterated={"MENU": "the console's menu (pages.py)"},
)
AUDIENCES = {"candidates": CANDIDATES, "console": CONSOLE}


def code_files(audience: Audience) -> Iterator[Path]:
    for top in ("registration", "bot", "actions"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if audience.source != path and audience.source not in path.parents:
                yield path


def placeholders(text: str) -> set[str]:
    """The fields a text names ({label}, {count}…); a positional or attribute field is refused."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(text):
        if name is None:
            continue
        assert name and name.isidentifier(), f"{text!r}: a field must be named ({name!r})"
        names.add(name)
    return names


def string_keys(node: ast.expr) -> list[str] | None:
    """The literal keys a subscript names (`"a"`, or `"a" if c else "b"`); None when computed."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = string_keys(node.body), string_keys(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


@dataclass
class Reading:
    """What the code asks of the texts."""

    used: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    literals: set[str] = field(default_factory=set)  # every string constant of the code
    imported: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    step_keys: list[tuple[str, str, bool]] = field(default_factory=list)  # (where, question key, has params)


def format_problem(text: str, call: ast.Call, where: str) -> str | None:
    """Whether `text.format(...)` as called fills exactly the fields the text names."""
    if call.args:
        return f"{where}: a text is filled by name only, not by position"
    named = {keyword.arg for keyword in call.keywords if keyword.arg is not None}
    spread = any(keyword.arg is None for keyword in call.keywords)
    wanted = placeholders(text)
    if named - wanted:
        return f"{where}: fills {sorted(named - wanted)}, which {text[:60]!r}… does not name"
    if not spread and wanted - named:
        return f"{where}: leaves {sorted(wanted - named)} of {text[:60]!r}… unfilled"
    return None


def module_strings(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "text" constants (a Step id may be one)."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def read_code(audience: Audience) -> Reading:
    reading = Reading()
    constants: dict[str, str] = {}
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in code_files(audience)}
    access, tables = audience.access, audience.tables
    for tree in trees.values():
        constants.update(module_strings(tree))
    for path, tree in trees.items():
        where_file = str(path.relative_to(ROOT))
        aliases: dict[str, str] = {}
        parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                parents[child] = node
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                reading.literals.add(node.value)
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(access):
                for alias in node.names:
                    if node.module != access or alias.name not in tables:
                        reading.problems.append(
                            f"{where_file}:{node.lineno}: imports {node.module}.{alias.name}; the texts are "
                            f"read through {access} only"
                        )
                        continue
                    aliases[alias.asname or alias.name] = alias.name
                    reading.imported.add(alias.name)
            if isinstance(node, ast.Import) and any(a.name.startswith(access) for a in node.names):
                reading.problems.append(f"{where_file}:{node.lineno}: import the tables from {access}")
        for node in ast.walk(tree):
            where = f"{where_file}:{getattr(node, 'lineno', 0)}"
            lookup = _lookup(node, aliases)
            if lookup is not None:
                table, key_node = lookup
                _read_lookup(audience, reading, table, key_node, node, parents, where, where_file)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id in audience.key_calls and node.args:
                    table = audience.key_calls[node.func.id]
                    keys = string_keys(node.args[0])
                    if keys is None:
                        reading.problems.append(f"{where}: {node.func.id} names its text by a literal key")
                        continue
                    for key in keys:
                        _use(audience, reading, table, key, where)
                        text = tables[table].get(key)  # type: ignore[attr-defined]
                        if isinstance(text, str):
                            named = ast.Call(func=node.func, args=[], keywords=node.keywords)
                            problem = format_problem(text, named, where)
                            if problem:
                                reading.problems.append(problem)
                if node.func.id == "Step" and audience.steps:
                    _read_step(audience, reading, node, constants, where)
    return reading


def _lookup(node: ast.AST, aliases: Mapping[str, str]) -> tuple[str, ast.expr] | None:
    """(table, key expression) of `TABLE[key]` or `TABLE.get(key, …)` on an imported table."""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in aliases:
        return aliases[node.value.id], node.slice
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in aliases
        and node.args
    ):
        return aliases[node.func.value.id], node.args[0]
    return None


def _use(audience: Audience, reading: Reading, table: str, key: str, where: str) -> None:
    reading.used[table].add(key)
    if key not in audience.tables[table]:  # type: ignore[operator]
        reading.problems.append(f"{where}: {table}[{key!r}] does not exist")


def _read_lookup(
    audience: Audience,
    reading: Reading,
    table: str,
    key_node: ast.expr,
    node: ast.AST,
    parents: Mapping[ast.AST, ast.AST],
    where: str,
    where_file: str,
) -> None:
    keys = string_keys(key_node)
    if keys is None:
        if table not in audience.keyed_by_code and (where_file, table) not in audience.computed_keys:
            reading.problems.append(
                f"{where}: {table} looked up by a computed key; name the key as a literal"
            )
        return
    values = audience.tables[table]
    for key in keys:
        _use(audience, reading, table, key, where)
        text = values.get(key) if isinstance(values, Mapping) else None
        parent = parents.get(node)
        # QUESTIONS["x"]["ask"]: the entry's own key
        if isinstance(text, Mapping) and isinstance(parent, ast.Subscript) and parent.value is node:
            inner = string_keys(parent.slice)
            for part in inner or []:
                if part not in text:
                    reading.problems.append(f"{where}: {table}[{key!r}][{part!r}] does not exist")
            text = text.get(inner[0]) if inner and len(inner) == 1 else None
            node, parent = parent, parents.get(parent)
        if (
            isinstance(text, str)
            and isinstance(parent, ast.Attribute)
            and parent.attr == "format"
            and isinstance(parents.get(parent), ast.Call)
        ):
            problem = format_problem(text, parents[parent], where)  # type: ignore[arg-type]
            if problem:
                reading.problems.append(problem)


def _read_step(
    audience: Audience, reading: Reading, node: ast.Call, constants: Mapping[str, str], where: str
) -> None:
    keywords = {keyword.arg: keyword.value for keyword in node.keywords}
    if "expand" in keywords:  # a group: the questions it stands for are asked, never the group
        return
    named = keywords.get("question_key") or (node.args[0] if node.args else keywords.get("id"))
    key = None
    if isinstance(named, ast.Constant) and isinstance(named.value, str):
        key = named.value
    elif isinstance(named, ast.Name):
        key = constants.get(named.id)
    if key is None:
        reading.problems.append(f"{where}: a Step names its question by a literal id or question_key")
        return
    reading.step_keys.append((where, key, "prompt_params" in keywords))
    _use(audience, reading, "QUESTIONS", key, where)


_readings: dict[str, Reading] = {}


def reading_of(name: str) -> Reading:
    if name not in _readings:
        _readings[name] = read_code(AUDIENCES[name])
    return _readings[name]


@pytest.mark.parametrize("name", AUDIENCES)
def test_every_lookup_names_an_existing_key_and_fills_its_fields(name):
    assert reading_of(name).problems == []


def test_every_question_the_catalogue_asks_has_its_fields_given():
    """A question whose wording names fields ({ville}, {epreuve}…) is asked with them (``prompt_params``)."""
    wrong = []
    for where, key, has_params in reading_of("candidates").step_keys:
        named = placeholders(texts.QUESTIONS[key]["ask"])
        if named and not has_params:
            wrong.append(f"{where}: {key} names {sorted(named)}, prompt_params given: {has_params}")
    assert wrong == []


def test_every_question_has_its_wording_and_its_help():
    for key, entry in texts.QUESTIONS.items():
        assert set(entry) == {"ask", "help"}, key
        assert not placeholders(entry["help"]), f"{key}: a help names no field (it is shown as it is)"


@pytest.mark.parametrize("name", AUDIENCES)
def test_no_key_is_left_unused(name):
    audience, reading = AUDIENCES[name], reading_of(name)
    unused = {}
    for table_name, table in audience.tables.items():
        assert table_name in reading.imported, f"{table_name} is read nowhere"
        if not isinstance(table, Mapping) or table_name in audience.iterated:
            continue
        for key in table:
            if key in reading.used[table_name]:
                continue
            if table_name in audience.keyed_by_code and (
                key in reading.literals or any(text.endswith(f"={key}") for text in reading.literals)
            ):
                continue
            unused.setdefault(table_name, []).append(key)
    assert unused == {}


@pytest.mark.parametrize("name", AUDIENCES)
def test_a_table_is_read_by_a_computed_key_only_where_this_file_says_why(name):
    audience = AUDIENCES[name]
    assert set(audience.keyed_by_code) | set(audience.iterated) <= set(audience.tables)
    assert {table for _, table in audience.computed_keys} <= set(audience.tables)


@pytest.mark.parametrize("name", AUDIENCES)
def test_every_text_names_its_fields_by_name(name):
    def strings(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, Mapping):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, tuple | list):
            for item in value:
                yield from strings(item)

    for table in AUDIENCES[name].tables.values():
        for text in strings(table):
            placeholders(text)  # refuses {0}, {} and {a.b}


def test_the_subject_modules_hold_data_only():
    """No function, class or import of the project in a subject module: its texts are read through the access
    point, which alone assembles them."""
    for path in [*sorted(CANDIDATES.source.glob("*.py")), CONSOLE.source]:
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            assert isinstance(node, ast.Assign | ast.AnnAssign | ast.Expr), (
                f"{path.name}: {ast.dump(node)[:80]}"
            )


# --- the validators' messages (registration/rules/messages.py) ----------------------------------------------


def test_every_rule_message_is_named_filled_and_used():
    """``message("key", **fields)`` in the rules: the key exists, the fields are those its text names, and every
    message is asked for somewhere (an f-string key, ``message(f"what_{kind}")``, uses those of its prefix)."""
    problems, used, prefixes = [], set(), set()
    for path in sorted((ROOT / "registration" / "rules").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "message"
            ):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            key_node = node.args[0]
            if isinstance(key_node, ast.JoinedStr):
                head = key_node.values[0]
                assert isinstance(head, ast.Constant), where
                prefixes.add(head.value)
                continue
            keys = string_keys(key_node)
            if keys is None:
                problems.append(f"{where}: message() names its key as a literal")
                continue
            for key in keys:
                used.add(key)
                if key not in rule_messages.MESSAGES:
                    problems.append(f"{where}: no message {key!r}")
                    continue
                problem = format_problem(
                    rule_messages.MESSAGES[key],
                    ast.Call(func=node.func, args=[], keywords=node.keywords),
                    where,
                )
                if problem:
                    problems.append(problem)
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in rule_messages.MESSAGES), (
            f"no message begins with {prefix!r}"
        )
    unused = [
        key
        for key in rule_messages.MESSAGES
        if key not in used and not any(key.startswith(p) for p in prefixes)
    ]
    assert problems == [] and unused == []
