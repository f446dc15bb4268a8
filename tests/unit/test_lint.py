"""The code passes the project's static checks: ruff's rules (pyproject.toml), ruff format, mypy, and the
import contract (.importlinter)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PATHS = ["actions", "bot", "registration", "tests", "bench", "rasa_addons"]
BIN = Path(sys.executable).parent


def run(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    # Another tree is checked with its own packages, not this checkout's.
    env = None if cwd == ROOT else {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([*argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing():
    result = run(str(BIN / "ruff"), "check", "--output-format", "concise", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted():
    result = run(str(BIN / "ruff"), "format", "--check", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    result = run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_import_contract_holds():
    result = run(str(BIN / "lint-imports"), "--no-cache", "--no-logo")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_the_import_contract_refuses_a_lower_layer_importing_a_higher_one(tmp_path):
    """The same check on a copy of the code where the rules import the conversation: it must fail."""
    for package in ("registration", "bot", "actions", "rasa_addons"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path)
    rules = tmp_path / "registration" / "rules" / "result.py"
    rules.write_text(rules.read_text() + "\nfrom registration.conversation import texts  # noqa\n")
    result = run(str(BIN / "lint-imports"), "--no-cache", "--no-logo", cwd=tmp_path)
    assert result.returncode != 0
    assert "registration.rules.result -> registration.conversation.texts" in result.stdout
