"""The shape of the code: no import circle, small modules, the engine's registries match the catalogue, old drafts load."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from registration.conversation.catalogue import STEPS
from registration.conversation.phases.hooks import AFTER_ANSWER
from registration.conversation.phases.router import PHASE_HANDLERS
from registration.conversation.state import DraftState, Phase
from tests.unit.test_conversation import Chat, services  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("registration", "bot", "actions")
MAX_MODULE_LINES, MAX_CLASS_LINES = 600, 300


def modules() -> list[str]:
    names = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


# Run in a new interpreter: third-party libraries are loaded once, then each project module is imported
# first in a forked child, where no project module was imported before it.
FIRST_IMPORTS = """
import importlib, os, sys
for library in ("sqlalchemy", "alembic", "yaml", "rapidfuzz", "reportlab.platypus", "httpx", "starlette.applications",
                "telegram.ext", "sanic", "rasa_sdk", "dateparser", "pypdf"):
    try:
        importlib.import_module(library)
    except ImportError:
        pass
failed = []
for name in sys.argv[1:]:
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(name)
        except BaseException as error:
            print(name, type(error).__name__, error, file=sys.stderr)
            os._exit(1)
        os._exit(0)
    if os.waitpid(pid, 0)[1] != 0:
        failed.append(name)
print(" ".join(failed))
sys.exit(1 if failed else 0)
"""


def test_every_module_imports_first_in_a_fresh_interpreter():
    done = subprocess.run(
        [sys.executable, "-c", FIRST_IMPORTS, *modules()],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]


def test_modules_and_classes_stay_small():
    too_big = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            if source.count("\n") > MAX_MODULE_LINES:
                too_big.append(f"{path.relative_to(ROOT)}: {source.count(chr(10))} lines")
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > MAX_CLASS_LINES:
                    too_big.append(f"{path.relative_to(ROOT)}: class {node.name}")
    assert not too_big, too_big


def test_follow_ups_name_real_steps_and_every_phase_has_a_handler():
    step_ids = {step.id for step in STEPS}
    assert set(AFTER_ANSWER) <= step_ids, set(AFTER_ANSWER) - step_ids
    assert set(PHASE_HANDLERS) == set(Phase)


def test_the_state_survives_its_round_trip():
    state = DraftState.from_dict(
        {
            "phase": "summary",
            "answers": {"nom": "X"},
            "history": ["nom"],
            "pending": {"values": {"nom": "X"}, "echo": "X"},
            "dossier": {"number": 3, "academie": "01", "session": 2027, "label": "3 – 0", "revision": 0},
            "version": 2,
        }
    )
    assert DraftState.from_dict(state.to_dict()) == state


# A draft as the first version of the engine stored it (an untyped dict, "v": 1), waiting for the birth date.
LEGACY_FORM = {
    "v": 1,
    "phase": "form",
    "answers": {"start": "new", "former": False, "nom": "LEFÈVRE", "nom_usage": "", "prenoms": "Léa Marie"},
    "history": ["start", "former", "nom", "nom_usage", "prenoms"],
    "defaults": {},
    "failures": {},
    "pending": None,
    "announced": "etat_civil",
    "locked": [],
    "dossier": None,
    "consult": {},
}


def test_a_draft_stored_in_the_first_format_continues(services):  # noqa: F811
    services.store.save_draft("legacy", LEGACY_FORM)
    chat = Chat(services, "legacy").say("03/05/2004")
    assert "Où êtes-vous né" in chat.text or "naissance" in chat.text.lower()
    stored = services.store.load_draft("legacy")
    assert stored["version"] == 2 and stored["answers"]["date_naissance"] == "03/05/2004"
    assert stored["answers"]["nom"] == "LEFÈVRE"


@pytest.mark.parametrize("consult", [{}, {"number": 12}])
def test_a_first_format_consultation_draft_asks_again(services, consult):  # noqa: F811
    services.store.save_draft("legacy-c", {**LEGACY_FORM, "phase": "consult_date", "consult": consult})
    chat = Chat(services, "legacy-c").say("03/05/2004")
    assert chat.replies and "numéro de dossier" in chat.text.lower()
