"""Runs a check inside the Rasa environment (Python 3.10, Rasa's packages) and reads back its JSON report."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.conftest import rasa_environment

ROOT = Path(__file__).resolve().parents[2]


def run_rasa_script(script: str, *args: str) -> dict:
    """Runs `script` in the Rasa environment and returns the JSON it prints last."""
    rasa_venv, _ = rasa_environment()
    done = subprocess.run(
        [str(Path(rasa_venv) / "bin" / "python"), "-c", script, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
