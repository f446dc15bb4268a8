"""``python -m registration.referentials calendrier|etablissements …`` in a subprocess, on a temporary SQLite
database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEADER = "academie,session,opens,closes,return_deadline,service_address\n"


def run(tmp_path: Path, *args: str, kind: str = "calendrier") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "registration.referentials", kind, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_errors_by_line_then_import_history_and_revert(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + "99,2027,2026-10-05 09:00,2027-02-05 17:00,2027-02-19,Rectorat\n"
        + "02,2027,2026-10-05 09:00,2026-10-01 17:00,2027-02-19,Rectorat\n",
        encoding="utf-8",
    )
    refused = run(tmp_path, "import", str(bad), "--source", "essai")
    assert refused.returncode == 2
    assert "ligne 2 : académie inconnue « 99 »" in refused.stderr and "ligne 3 : la clôture" in refused.stderr
    assert "Aucune version publiée" in run(tmp_path, "history").stdout

    good = tmp_path / "good.csv"
    good.write_text(
        HEADER + "02,2027,2026-10-05 09:00,2027-02-12 17:00,2027-02-26,Rectorat|Aix\n", encoding="utf-8"
    )
    dry = run(tmp_path, "import", str(good), "--source", "Note", "--dry-run")
    assert dry.returncode == 0 and "clôture 29/01/2027 17:00 → 12/02/2027 17:00" in dry.stdout
    assert "Aucune version publiée" in run(tmp_path, "history").stdout
    done = run(tmp_path, "import", str(good), "--source", "Note du recteur")
    assert done.returncode == 0 and "version 1" in done.stdout
    listing = run(tmp_path, "list", "--session", "2027").stdout
    assert "Aix-Marseille" in listing and "au 12/02/2027 17:00" in listing
    missing = run(tmp_path, "revert", "7")
    assert missing.returncode != 0 and "pas de version 7" in missing.stderr
    assert run(tmp_path, "revert", "0").returncode == 0
    history = run(tmp_path, "history").stdout
    assert history.index("v2 (retour à la version 0)") < history.index("v1")
    assert "au 29/01/2027 17:00" in run(tmp_path, "list", "--session", "2027").stdout


def test_establishments_refused_by_line_then_added_and_withdrawn(tmp_path):
    header = "code,name,city,academie,type,postal_code,departement\n"
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "0759991D,Lycée,Paris,01,PUBLIC,75011,75\n", encoding="utf-8")
    refused = run(tmp_path, "import", str(bad), "--source", "essai", kind="etablissements")
    assert refused.returncode == 2 and "ligne 2 : UAI invalide « 0759991D »" in refused.stderr
    good = tmp_path / "good.csv"
    good.write_text(
        header + "0759991C,Lycée des Métiers de la Mode,Paris 11e,01,PUBLIC,75011,75\n", encoding="utf-8"
    )
    done = run(tmp_path, "import", str(good), "--source", "Annuaire", kind="etablissements")
    assert done.returncode == 0 and "0759991C ajouté" in done.stdout
    assert "0759991C  Lycée des Métiers de la Mode" in run(tmp_path, "list", kind="etablissements").stdout
    assert run(tmp_path, "revert", "0", kind="etablissements").returncode == 0
    assert "0 établissement(s) ajouté(s)" in run(tmp_path, "list", kind="etablissements").stdout
