"""The épreuve tables of referentials/epreuves/ (one file per specialty) and the diplomas that refer to them."""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from registration.referentials import EpreuveTable, ReferentialError, Referentials, load_referentials

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "referentials"
TABLES = DATA / "epreuves"
MAX_COMPULSORY, MAX_OPTIONAL = 9, 2  # décret n° 2024-788
COMPULSORY_CODE = re.compile(r"^E\d+$")
OPTIONAL_CODE = re.compile(r"^EF\d+$")


@pytest.fixture(scope="module")
def refs() -> Referentials:
    return load_referentials(DATA)


def _specialty_keys() -> set[str]:
    with (DATA / "specialites.csv").open(encoding="utf-8-sig") as fh:
        return {(row["specialite"] or row["code"]).strip() for row in csv.DictReader(fh)}


def _variants(table: EpreuveTable, refs: Referentials) -> dict[str | None, list]:
    """The épreuves a candidate sees, per option (None for a specialty without options)."""
    options = [o.code for o in refs.specialites[table.specialite].options] or [None]
    return {o: [e for e in table.epreuves if e.option_code in (None, o)] for o in options}


# --------------------------------------------------------------------------- coverage of the specialties


def test_every_specialty_has_a_table_file(refs):
    keys = _specialty_keys()
    assert keys == set(refs.specialites)
    files = {p.stem for p in TABLES.glob("*.yaml") if not p.name.startswith("_")}
    assert keys - files == set(), "specialties without a file"
    assert files - keys == set(), "files without a specialty"
    assert set(refs.epreuve_tables) == keys


def test_every_file_names_its_source_and_verified_flag():
    for path in sorted(TABLES.glob("3*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["specialite"] == path.stem, path.name
        assert isinstance(data.get("source"), str) and data["source"].strip(), path.name
        assert isinstance(data.get("verified"), bool), path.name
        assert isinstance(data.get("epreuves"), list), path.name


def test_unverified_tables_say_what_is_missing(refs):
    for table in refs.epreuve_tables.values():
        if not table.verified:
            assert table.note, table.specialite
        if not table.epreuves:
            assert not table.verified, f"{table.specialite}: an empty table cannot be verified"


# --------------------------------------------------------------------------- shape of the tables


def test_codes_follow_the_epreuve_patterns(refs):
    for table in refs.epreuve_tables.values():
        for e in table.epreuves:
            pattern = OPTIONAL_CODE if e.optional else COMPULSORY_CODE
            assert pattern.match(e.code), f"{table.specialite} {e.code}"
            assert e.title.strip(), f"{table.specialite} {e.code}"


def test_codes_are_unique_per_option(refs):
    for table in refs.epreuve_tables.values():
        for option, epreuves in _variants(table, refs).items():
            duplicates = [c for c, n in Counter(e.code for e in epreuves).items() if n > 1]
            assert not duplicates, f"{table.specialite} option {option}: {duplicates}"


def test_verified_tables_respect_the_limits(refs):
    for table in refs.epreuve_tables.values():
        if not table.verified:
            continue
        for option, epreuves in _variants(table, refs).items():
            compulsory = [e for e in epreuves if not e.optional]
            optional = [e for e in epreuves if e.optional]
            assert compulsory, f"{table.specialite} option {option}: no compulsory épreuve"
            if len(compulsory) > MAX_COMPULSORY or len(optional) > MAX_OPTIONAL:
                assert "exception" in table.note.lower(), (
                    f"{table.specialite} option {option}: {len(compulsory)} compulsory, {len(optional)} optional "
                    "épreuves and no note explaining the exception"
                )


def test_verified_tables_have_units_and_a_dated_source(refs):
    for table in refs.epreuve_tables.values():
        if table.verified:
            assert table.source_date is not None, table.specialite
            assert all(e.unit for e in table.epreuves), table.specialite


def test_max_optional_is_within_the_decree(refs):
    for code in refs.specialites:
        assert 0 <= refs.max_optional_epreuves(code) <= MAX_OPTIONAL, code


# --------------------------------------------------------------------------- diplomas


def test_diplomas_cover_only_existing_epreuves(refs):
    for spec, diplomas in refs.diplomas.items():
        known = {e.code for e in refs.epreuves_for(spec)}
        assert known, spec
        for diploma in diplomas:
            assert diploma.covers, (spec, diploma.code)
            for cover in diploma.covers:
                assert cover.epreuve_code in known, (spec, diploma.code, cover.epreuve_code)
                assert cover.position in ("BENEFICE", "DISPENSE")


def test_invented_diploma_codes_are_flagged(refs):
    for spec, diplomas in refs.diplomas.items():
        for diploma in diplomas:
            if diploma.invented:
                assert not diploma.verified and diploma.note, (spec, diploma.code)


def test_same_specialty_from_an_earlier_session_keeps_every_compulsory_unit(refs):
    for spec, diplomas in refs.diplomas.items():
        compulsory = {e.code for e in refs.epreuves_for(spec) if not e.optional}
        same = [d for d in diplomas if all(c.position == "BENEFICE" for c in d.covers)]
        assert same, spec
        assert all({c.epreuve_code for c in d.covers} == compulsory for d in same), spec


# --------------------------------------------------------------------------- loader


def test_table_accessor(refs):
    sio = refs.epreuve_table("32032614")  # an option code selects its specialty
    assert sio is refs.epreuve_table("32032613") and sio.specialite == "32032613"
    assert sio.source and isinstance(sio.verified, bool)
    assert refs.epreuve_table("00000000") is None
    batiment = refs.epreuve_table("32023012")
    assert batiment.epreuves == refs.epreuves_for("32023012")
    assert all(e.progressive for e in batiment.epreuves)  # no text excludes the forme progressive


def test_named_lists_come_from_common(refs):
    common = yaml.safe_load((TABLES / "_common.yaml").read_text(encoding="utf-8"))
    batiment = {e.code: e for e in refs.epreuves_for("32023012")}
    assert batiment["EF1"].choices == tuple(common["lists"]["languages_not_english"])
    assert "Anglais" not in batiment["EF1"].choices


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "referentials"
    shutil.copytree(DATA, target)
    return target


def _edit(path: Path, old: str, new: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if old in line)
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return number


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('specialite: "32023012"', 'specialite: "32023013"', "le fichier est celui de 32023012"),
        ("verified: false", "verified: peut-être", "verified"),
        ("choices: languages_not_english", "choices: klingon", "liste « klingon »"),
        ("{code: E5, unit: U5", "{code: X5, unit: U5", "code attendu"),
        ("{code: E5, unit: U5", "{code: EF5, unit: U5", "facultatives"),
        ("source_date: 2011-06-23", "source_date: 2011-13-45", "date invalide"),
    ],
)
def test_broken_table_names_file_and_line(tmp_path, old, new, message):
    folder = _copy(tmp_path)
    line = _edit(folder / "epreuves" / "32023012.yaml", old, new)
    with pytest.raises(ReferentialError) as info:
        load_referentials(folder)
    assert f"referentials/epreuves/32023012.yaml, ligne {line}" in str(info.value), str(info.value)
    assert message in str(info.value)


def test_table_without_source_is_refused(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "epreuves" / "32023012.yaml", "source: ", "ancienne_source: ")
    with pytest.raises(ReferentialError, match=r"epreuves/32023012.yaml, ligne 1 : source"):
        load_referentials(folder)


def test_file_of_an_unknown_or_option_code_is_refused(tmp_path):
    folder = _copy(tmp_path)
    shutil.copy(folder / "epreuves" / "32032613.yaml", folder / "epreuves" / "32032614.yaml")
    with pytest.raises(
        ReferentialError, match=r"epreuves/32032614.yaml : .*utiliser le code de la spécialité 32032613"
    ):
        load_referentials(folder)


def test_missing_table_file_means_no_epreuves(tmp_path):
    folder = _copy(tmp_path)
    (folder / "epreuves" / "32025412.yaml").unlink()  # forge: no diploma refers to it
    refs = load_referentials(folder)
    assert refs.epreuve_table("32025412") is None and refs.epreuves_for("32025412") == ()


def test_diploma_on_a_specialty_without_epreuves_names_the_table_file(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "diplomas.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n  '32025412':\n  - code: 320 - 25412\n"
        "    title: BTS FORGE\n    covers:\n    - {epreuve: E1, position: BENEFICE}\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferentialError, match=r"diplomas.yaml, ligne \d+ : .*epreuves/32025412.yaml"):
        load_referentials(folder)


def test_max_optional_override(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "epreuves" / "32023012.yaml", "verified: false", "verified: false\nmax_optional: 1")
    assert load_referentials(folder).max_optional_epreuves("32023012") == 1
