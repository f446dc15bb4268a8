"""``python -m registration.referentials epreuves …`` in a subprocess, on a temporary SQLite database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / "referentials" / "sources" / "epreuves"


@pytest.fixture
def cli(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "BTS_OUTBOX_DIR": str(tmp_path / "outbox"),
        "PYTHONPATH": str(ROOT),
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "registration.referentials", "epreuves", *map(str, args)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


def test_import_list_history_revert_and_counts(cli, tmp_path):
    counts = cli("counts")
    assert counts.returncode == 0, counts.stderr
    assert counts.stdout.strip().startswith("80 spécialités : ") and "absentes." in counts.stdout
    dry = cli("import", SHARED / "32023012.tsv", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "E62" in dry.stdout and "rien n'a été publié" in dry.stdout
    assert "aucune version publiée" in cli("history", "32023012").stdout
    renamed = tmp_path / "batiment.tsv"
    renamed.write_bytes((SHARED / "32023012.tsv").read_bytes())
    done = cli(
        "import",
        renamed,
        "--specialite",
        "32023012",
        "--source",
        "Arrêté du 23 juin 2011 (Bâtiment)",
        "--date",
        "2011-06-23",
        "--verifie",
    )
    assert done.returncode == 0, done.stderr
    assert "Publié : version 1" in done.stdout
    listed = cli("list")
    line = next(x for x in listed.stdout.splitlines() if x.startswith("32023012"))
    assert (
        "vérifié" in line
        and "v1" in line
        and "23/06/2011" in line
        and "Arrêté du 23 juin 2011 (Bâtiment)" in line
    )
    assert "1 vérifiées" in listed.stdout.splitlines()[-1]
    reverted = cli("revert", "32023012", "0")
    assert reverted.returncode == 0 and "version 0 republiée comme version 2" in reverted.stdout
    history = cli("history", "32023012").stdout
    assert history.index("v2 (retour à la version 0)") < history.index("v1 ")
    assert "ligne de commande (" in history


def test_errors_exit_with_code_2_every_line_and_nothing_written(cli, tmp_path):
    bad = tmp_path / "32023012.tsv"
    bad.write_text(
        "# Bâtiment; arrêté du 23 juin 2011; in force: yes\n"
        "unite\tepreuve\tintitule\tcoefficient\tfacultative\n"
        "U1\tE1\tCulture générale\t-2\tnon\n"
        "U1\tE2\tAnglais\t2\tpeut-être\n",
        encoding="utf-8",
    )
    refused = cli("import", bad)
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        f"{bad}, ligne 3 : coefficient « -2 » : un nombre positif est attendu",
        f"{bad}, ligne 4 : facultative « peut-être » : « oui » ou « non » est attendu",
        f"{bad}, ligne 4 : unité U1 en double (déjà ligne 3)",
    ]
    assert "aucune version publiée" in cli("history", "32023012").stdout
    superseded = cli("import", SHARED / "32031311.tsv")
    assert superseded.returncode == 2 and "ligne 1 : texte marqué « superseded »" in superseded.stderr
    unknown = cli("import", bad, "--specialite", "99999999")
    assert unknown.returncode == 2 and "spécialité inconnue « 99999999 »" in unknown.stderr
    assert cli("revert", "32023012", "5").returncode == 2
