"""`rasa test` on the test stories: intents of real candidate phrasings and the action they lead to."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.conversation
def test_stories_pass(tmp_path):
    rasa = Path(os.environ["RASA_VENV"]) / "bin" / "rasa"
    result = subprocess.run(
        [
            str(rasa),
            "test",
            "core",
            "--stories",
            "tests/stories",
            "--model",
            os.environ["MODEL"],
            "--out",
            str(tmp_path),
            "--fail-on-prediction-errors",
            "--no-plot",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "ACTION_ENDPOINT_URL": "http://127.0.0.1:9/webhook",
            "TRACKER_DB": str(tmp_path / "t.sqlite3"),
        },
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    failed = tmp_path / "failed_test_stories.yml"
    assert not failed.exists() or "none" in failed.read_text().lower() or not failed.read_text().strip(), (
        failed.read_text()
    )
    report = json.loads((tmp_path / "story_report.json").read_text())
    assert report["weighted avg"]["f1-score"] == 1.0
