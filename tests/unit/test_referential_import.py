"""The import of establishments and communes: reproducible from referentials/sources/, and what it gives."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from registration.referentials import UAI_LETTERS, is_valid_uai, load_referentials
from registration.referentials.communes import (
    canonical_commune,
    commune_for_postal_code,
    communes_for_postal_code,
    load_communes,
)
from registration.sources import build as referentials_import

DATA = Path(__file__).resolve().parents[2] / "referentials"


@pytest.fixture(scope="module")
def built():
    files, report = referentials_import.build(DATA)
    return files, report


@pytest.fixture(scope="module")
def refs():
    return load_referentials(DATA)


@pytest.fixture(scope="module")
def communes():
    return load_communes(DATA)


# --------------------------------------------------------------------------- reproducible


def test_import_rebuilds_the_files_byte_for_byte(built):
    files, _ = built
    assert set(files) == {"etablissements.csv", "communes.csv"}
    for name, text in files.items():
        assert (DATA / name).read_bytes() == text.encode("utf-8"), (
            f"{name}: run python -m registration.sources.build"
        )


def test_import_check_mode_writes_nothing(capsys):
    assert referentials_import.main(["--check"]) == 0
    assert "fichiers à jour" in capsys.readouterr().err


def test_import_reports_every_label_mapped(built):
    _, report = built
    text = "\n".join(report.lines)
    assert "0 libellés sans correspondance" in text
    assert "libellé sans correspondance" not in text


def test_unmapped_label_is_reported_not_guessed(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    for path in (DATA / "sources").iterdir():
        (sources / path.name).symlink_to(path)
    (sources / referentials_import.FILIERES).unlink()
    lines = (DATA / "sources" / referentials_import.FILIERES).read_text(encoding="utf-8").split("\n")
    (sources / referentials_import.FILIERES).write_text(
        "\n".join(line for line in lines if not line.startswith("Services,Tourisme,")), encoding="utf-8"
    )
    files, report = referentials_import.build(DATA, sources)
    assert any(line.startswith("libellé sans correspondance") and "Tourisme" in line for line in report.lines)
    rows = list(csv.DictReader(io.StringIO(files["etablissements.csv"])))
    assert not any("32033426" in row["specialites"].split("|") for row in rows)


# --------------------------------------------------------------------------- establishments


def test_uai_check_letter_rule():
    assert is_valid_uai("0750647W") and is_valid_uai("6200001G") and is_valid_uai("9840002E")
    assert not is_valid_uai("0750647X") and not is_valid_uai("075064W") and not is_valid_uai("2A00001G")
    assert UAI_LETTERS[int("0750647") % 23] == "W"


def test_every_real_establishment_has_a_real_uai_and_an_academie(refs):
    real = [e for e in refs.etablissements if e.type != "FICTIF"]
    assert real
    for e in real:
        assert not e.code_invented and not e.sample, e.code
        assert len(e.code) == 8 and is_valid_uai(e.code), e.code
        assert e.academie_code in refs.academies, e.code
        assert e.specialites and all(refs.specialite_for_code(code) for code in e.specialites), e.code
        assert e.departement in refs.academies[e.academie_code].departements, e.code
        assert e.name == e.name.strip() and "  " not in e.name
    assert len({e.code for e in refs.etablissements}) == len(refs.etablissements)


def test_counts_are_reasonable(refs):
    real = [e for e in refs.etablissements if e.type != "FICTIF"]
    assert 1800 <= len(real) <= 2300
    covered = {e.academie_code for e in real}
    assert len(covered) >= 30
    assert covered <= set(refs.academies)
    assert {"PUBLIC", "PRIVE_SOUS_CONTRAT", "PRIVE_HORS_CONTRAT", "EAD"} <= {e.type for e in real}
    offered = {code for e in real for code in e.specialites}
    assert len(offered) >= 95
    assert sum(1 for e in real if e.city) >= len(real) - 10
    assert not any(e.sample for e in refs.etablissements)


def test_accents_and_communes_restored(refs):
    by_code = {e.code: e for e in refs.etablissements}
    turgot = by_code["0750647W"]
    assert turgot.name == "Lycée Turgot" and turgot.city == "Paris 3e" and turgot.academie_code == "01"
    # Corsica: UAI 620…/720…, département 2A/2B, académie de Corse.
    corsica = [e for e in refs.etablissements if e.code.startswith(("620", "720")) and e.type != "FICTIF"]
    assert corsica and all(e.academie_code == "27" and e.departement in ("2A", "2B") for e in corsica)
    # Polynésie française: UAI 984…, département 987.
    polynesia = [e for e in refs.etablissements if e.code.startswith("984")]
    assert polynesia and all(e.academie_code == "41" and e.departement == "987" for e in polynesia)


def test_btsa_and_maritime_left_out(refs):
    rows = list(
        csv.reader(
            io.StringIO((DATA / "sources" / referentials_import.PARCOURSUP_2025).read_text(encoding="utf-8"))
        )
    )
    domains: dict[str, set[str]] = {}
    for _status, code, _name, _region, label, *_ in rows[1:]:
        key = referentials_import._label_key(label)
        if key:
            domains.setdefault(code, set()).add(key[0] if key[1] != "mecatronique navale" else "production")
    agricultural = {code for code, found in domains.items() if found == {"agricole"}}
    maritime = {
        code for code, found in domains.items() if found <= {"agricole", "maritime"} and "maritime" in found
    }
    assert len(agricultural) > 100 and len(maritime) >= 5
    codes = {e.code for e in refs.etablissements}
    assert not codes & (agricultural | maritime)
    assert "0831354W" in codes  # Lycée La Coudoulière: Mécatronique navale, a Ministry of Education BTS
    assert not any("BTSA" in e.name for e in refs.etablissements)


@pytest.mark.parametrize("text", ["individuel", "candidat libre", "candidat individuel", "Candidats libres"])
def test_individual_candidates_found_by_usual_words(refs, text):
    found = refs.search_etablissements("10", text, types=("FICTIF",))
    assert found and found[0].name.startswith("CANDIDATS INDIVIDUELS"), text


def test_former_or_official_name_finds_the_school(refs):
    # Lycée Mélinée & Missak Manouchian (Nice) was Lycée Thierry Maulnier: the lycée file's name is an alias.
    found = refs.search_etablissements("23", "Thierry Maulnier")
    assert found and found[0].code == "0061691F"


# --------------------------------------------------------------------------- communes


def test_communes_cover_every_departement_and_collectivity(communes, refs):
    covered = {c.departement for c in communes.communes}
    assert set(refs.departements) <= covered
    for code in ("975", "977", "978", "986", "987", "988"):
        assert code in covered, code
    assert len(communes) > 35_000 and len(communes.postal_codes) > 6_000


def test_lyon_accepted_for_69002_and_oui_refused():
    lyon = commune_for_postal_code("69002", "Lyon", DATA)
    assert lyon is not None and lyon.insee == "69382" and lyon.short_name == "Lyon 2e"
    for text in ("LYON", "lyon 2", "Lyon 02", "Lyon 2e", "Lyon 2ème", "Lyon 2e arrondissement"):
        assert commune_for_postal_code("69002", text, DATA) == lyon, text
    assert commune_for_postal_code("69002", "OUI", DATA) is None
    assert commune_for_postal_code("69002", "Lyon 3e", DATA) is None
    assert commune_for_postal_code("69002", "", DATA) is None


@pytest.mark.parametrize(
    "postal_code, text, insee",
    [
        ("75015", "Paris 15e", "75115"),
        ("75015", "PARIS 15", "75115"),
        ("75015", "paris", "75115"),
        ("75116", "Paris 16e", "75116"),
        ("13001", "Marseille", "13201"),
        ("97400", "St Denis", "97411"),
        ("97400", "SAINT-DENIS", "97411"),
        ("01000", "saint denis les bourg", "01344"),
        ("01000", "St-Denis-lès-Bourg", "01344"),
        ("98714", "Papeete", "98735"),
        ("97133", "Saint-Barthélemy", "97701"),
        ("20000", "ajaccio", "2A004"),
    ],
)
def test_commune_matches_postal_code(postal_code, text, insee):
    found = commune_for_postal_code(postal_code, text, DATA)
    assert found is not None and found.insee == insee, (postal_code, text)


def test_commune_of_another_postal_code_refused():
    assert commune_for_postal_code("75015", "Paris 16e", DATA) is None
    assert commune_for_postal_code("69002", "Villeurbanne", DATA) is None
    assert commune_for_postal_code("99999", "Lyon", DATA) is None


def test_postal_code_with_several_communes_returns_them_all(communes):
    found = communes_for_postal_code("01000", DATA)
    assert [c.name for c in found] == ["Bourg-en-Bresse", "Saint-Denis-lès-Bourg"]
    expected = sum(1 for c in communes.communes if c.postal_code == "51300")
    assert expected > 40 and len(communes_for_postal_code("51300", DATA)) == expected
    assert len({c.insee for c in communes_for_postal_code(" 51 300", DATA)}) == expected
    assert communes_for_postal_code("00000", DATA) == []


def test_canonical_commune():
    assert canonical_commune("Saint-Étienne") == canonical_commune("ST ETIENNE") == "saintetienne"
    assert canonical_commune("Paris 15e Arrondissement") == canonical_commune("PARIS 15") == "paris15"
    assert canonical_commune("Lyon 1er") == canonical_commune("lyon 01") == "lyon1"
    assert canonical_commune("TOULOUSE CEDEX 9") == "toulouse"
