"""The staff command line: the password comes from standard input only; add, list, disable."""

from __future__ import annotations

import io

import pytest

from registration.staff.cli import main
from registration.staff.directory import StaffDirectory
from registration.store import Store

PASSWORD = "tournesol-aux-pommes"


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def run(url: str, *argv: str, stdin: str = "") -> int:
    return main(["--url", url, *argv], stdin=io.StringIO(stdin))


def test_add_list_and_disable(url, capsys):
    assert (
        run(url, "add", "Claire@Example.fr", "--academie", "01", "--academie", "24", stdin=PASSWORD + "\n")
        == 0
    )
    assert run(url, "add", "chef@example.fr", "--responsable", stdin=PASSWORD + "\n") == 0
    assert (
        "Compte créé : claire@example.fr\tconseiller\t01 Paris, 24 Créteil\tactif" in capsys.readouterr().out
    )
    assert run(url, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:3] for line in lines] == [
        ["chef@example.fr", "responsable", "toutes"],
        ["claire@example.fr", "conseiller", "01 Paris, 24 Créteil"],
    ]
    assert run(url, "disable", "claire@example.fr") == 0
    assert run(url, "disable", "personne@example.fr") == 1
    assert "Aucun compte pour personne@example.fr" in capsys.readouterr().err
    store = Store(url)
    try:
        directory = StaffDirectory(store)
        assert directory.authenticate("chef@example.fr", PASSWORD, "cli").is_responsable
        assert directory.find("claire@example.fr").active is False
    finally:
        store.dispose()


def test_a_short_password_or_a_bad_academie_is_refused(url, capsys):
    assert run(url, "add", "claire@example.fr", "--academie", "01", stdin="onze-signes\n") == 1
    assert "12 caractères au moins" in capsys.readouterr().err
    assert run(url, "add", "claire@example.fr", "--academie", "99", stdin=PASSWORD + "\n") == 1
    assert "Académie inconnue : 99" in capsys.readouterr().err
    assert run(url, "list") == 0
    assert capsys.readouterr().out == "Aucun compte.\n"


def test_the_password_is_never_an_argument(url):
    with pytest.raises(SystemExit) as leaving:
        run(url, "add", "claire@example.fr", "--academie", "01", "--password", PASSWORD)
    assert leaving.value.code == 2
