"""Tests of the reference data files and of registration.referentials, which loads, checks and searches them."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registration.referentials import (
    PARIS,
    ReferentialError,
    Referentials,
    load_referentials,
    normalise,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "referentials"
MCO, NDRC, SIO, SISR, SLAM, CG, GPME = (
    "32031213",
    "32031212",
    "32032613",
    "32032613",
    "32032614",
    "32031408",
    "32031409",
)


@pytest.fixture(scope="module")
def refs() -> Referentials:
    return load_referentials(DATA)


# --------------------------------------------------------------------------- loading and counts


def test_default_directory_is_the_project_folder(refs, monkeypatch):
    monkeypatch.delenv("BTS_REFERENTIALS_DIR", raising=False)
    assert load_referentials() is refs  # cached per folder


def test_academies(refs):
    assert len(refs.academies) == 33
    assert refs.academies["01"].name == "Paris"
    assert {c for c, a in refs.academies.items() if a.siec} == {"01", "24", "25"}
    assert {c for c, a in refs.academies.items() if a.vice_rectorat} == {"40", "41", "42"}
    assert refs.academies["27"].departements == ("2A", "2B")
    assert "975" in refs.academies["70"].departements


def test_departements(refs):
    proper = [d for d in refs.departements.values() if not d.overseas_collectivity]
    assert len(proper) == 101
    assert {d.code for d in refs.departements.values() if d.overseas_collectivity} == {
        "975",
        "977",
        "978",
        "986",
        "987",
        "988",
    }
    assert refs.departements["2A"].name == "Corse-du-Sud"
    assert refs.departements["976"].academie_code == "43"
    assert all(d.academie_code in refs.academies for d in refs.departements.values())


def test_arrondissements(refs):
    counts = {dep: len(items) for dep, items in refs.arrondissements.items()}
    assert counts == {"75": 20, "69": 9, "13": 16}
    paris15 = refs.arrondissements["75"][14]
    assert (paris15.number, paris15.insee, paris15.label) == ("15", "75115", "Paris 15e")
    lyon1 = refs.arrondissements["69"][0]
    assert (lyon1.insee, lyon1.label) == ("69381", "Lyon 1er")
    assert refs.arrondissements["13"][-1].insee == "13216"


def test_countries_have_french_names(refs):
    assert len(refs.countries) >= 240
    names = {c.name for c in refs.countries.values()}
    assert {"Allemagne", "Royaume-Uni", "États-Unis", "Algérie", "Maroc", "Espagne", "Suisse"} <= names
    assert refs.countries["DE"].name == "Allemagne"
    assert refs.countries["FR"].academie_code is None


def test_every_specialty_row_is_represented(refs):
    rows = (DATA / "specialites.csv").read_text(encoding="utf-8").splitlines()[1:]
    codes = {line.split(",", 1)[0] for line in rows if line.strip()}
    assert len(codes) >= 101
    represented = set(refs.specialites) | {o.code for s in refs.specialites.values() for o in s.options}
    assert codes == represented
    for code in codes:
        assert refs.specialite_for_code(code) is not None


def test_specialty_titles_and_options(refs):
    mco = refs.specialites[MCO]
    assert mco.title == "Management commercial opérationnel"
    assert mco.options == () and "MCO" in mco.aliases
    sio = refs.specialites[SIO]
    assert sio.title == "Services informatiques aux organisations"
    assert [o.code for o in sio.options] == [SISR, SLAM]
    assert "SLAM" in sio.option(SLAM).aliases
    assert refs.specialite_for_code(SLAM) == (sio, sio.option(SLAM))
    assert all(s.title[0].isupper() for s in refs.specialites.values())


def test_categories(refs):
    cats = refs.categories
    assert cats["SCOLAIRE_PUBLIC"].ccf and not cats["SCOLAIRE_PUBLIC"].progressive_allowed
    assert not cats["SCOLAIRE_PRIVE_HORS_CONTRAT"].ccf
    assert cats["ENSEIGNEMENT_A_DISTANCE"].establishment_types == ("EAD",)
    assert (
        cats["ENSEIGNEMENT_A_DISTANCE"].progressive_allowed
        and cats["ENSEIGNEMENT_A_DISTANCE"].self_registration
    )
    assert cats["INDIVIDUEL"].establishment_types == ("FICTIF",)
    assert cats["EXPERIENCE_PROFESSIONNELLE"].progressive_allowed
    assert not cats["APPRENTI_CFA_NON_HABILITE"].ccf and cats["APPRENTI_CFA_HABILITE"].ccf


# --------------------------------------------------------------------------- places


@pytest.mark.parametrize(
    "postal_code, expected",
    [
        ("75015", "75"),
        ("20000", "2A"),
        ("20090", "2A"),
        ("20200", "2B"),
        ("20600", "2B"),
        ("97400", "974"),
        ("13008", "13"),
        ("01000", "01"),
        ("97133", "977"),
        ("97150", "978"),
        ("97500", "975"),
        ("97600", "976"),
        ("98800", "988"),
        ("98714", "987"),
        (" 69 003 ", "69"),
    ],
)
def test_departement_for_postal_code(refs, postal_code, expected):
    assert refs.departement_for_postal_code(postal_code).code == expected


@pytest.mark.parametrize("postal_code", ["99999", "98000", "00100", "7501", "ABCDE", "", "750155"])
def test_departement_for_postal_code_rejects(refs, postal_code):
    assert refs.departement_for_postal_code(postal_code) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("75", "75"),
        ("7", "07"),
        ("07", "07"),
        ("paris", "75"),
        ("PARIS", "75"),
        ("Bouches du Rhone", "13"),
        ("bouches-du-rhône", "13"),
        ("2a", "2A"),
        ("2B", "2B"),
        ("974", "974"),
        ("Réunion", "974"),
        ("la reunion", "974"),
        ("Paris (75)", "75"),
        ("13 - Bouches-du-Rhône", "13"),
        ("val d'oise", "95"),
        ("Corse du Sud", "2A"),
        ("Nouvelle-Calédonie", "988"),
    ],
)
def test_find_departement(refs, text, expected):
    assert refs.find_departement(text).code == expected


@pytest.mark.parametrize("text", ["", "20", "0", "100", "Atlantide", "75 lyon"])
def test_find_departement_unknown(refs, text):
    assert refs.find_departement(text) is None


def test_academie_for_departement(refs):
    assert refs.academie_for_departement("93").name == "Créteil"
    assert refs.academie_for_departement("2b").name == "Corse"
    assert refs.academie_for_departement("988").vice_rectorat
    assert refs.academie_for_departement("00") is None


def test_academies_lookup(refs):
    assert refs.find_academie("Aix-Marseille").code == "02"
    assert refs.find_academie("académie d'aix marseille").code == "02"
    assert refs.find_academie("1").code == "01"
    assert refs.find_academie("Caen").code == "70"
    assert refs.find_academie("Atlantide") is None
    assert refs.search_academies("montpelier")[0].code == "11"
    assert refs.search_academies("marseille")[0].code == "02"
    assert {a.code for a in refs.search_academies("SIEC")} == {"01", "24", "25"}


# --------------------------------------------------------------------------- countries


@pytest.mark.parametrize(
    "text, code",
    [
        ("Allemagne", "DE"),
        ("allemagne", "DE"),
        ("Angleterre", "GB"),
        ("USA", "US"),
        ("Etats-Unis", "US"),
        ("états unis", "US"),
        ("Algerie", "DZ"),
        ("DE", "DE"),
        ("deu", "DE"),
        ("Côte d'Ivoire", "CI"),
        ("cote divoire", None),
        ("RDC", "CD"),
        ("Hollande", "NL"),
        ("Corée du Sud", "KR"),
    ],
)
def test_find_country(refs, text, code):
    found = refs.find_country(text)
    assert (found.code if found else None) == code


@pytest.mark.parametrize(
    "text, code",
    [
        ("alemagne", "DE"),
        ("angletere", "GB"),
        ("royaume uni", "GB"),
        ("senegl", "SN"),
        ("ital", "IT"),
        ("maroc", "MA"),
        ("etats unis", "US"),
    ],
)
def test_search_countries(refs, text, code):
    assert refs.search_countries(text)[0].code == code


def test_academie_for_country(refs):
    assert refs.academie_for_country("DE").code == "01"
    assert refs.academie_for_country("MC").code == "23"
    assert refs.academie_for_country("NC").code == "40"
    assert refs.academie_for_country("FR") is None
    assert refs.academie_for_country("ZZ") is None


# --------------------------------------------------------------------------- specialties


@pytest.mark.parametrize(
    "text, code",
    [
        ("managment comercial", MCO),
        ("management commercial operationnel", MCO),
        ("MCO", MCO),
        ("mco", MCO),
        ("sio", SIO),
        ("SLAM", SIO),
        ("sisr", SIO),
        ("ndrc", NDRC),
        ("négociation relation client", NDRC),
        ("cg", CG),
        ("compta", CG),
        ("gpme", GPME),
        ("gestion de la PME", GPME),
        ("SAM", "32032409"),
        ("CI", "32031215"),
        ("TC", "32031216"),
        ("32031213", MCO),
        ("32032614", SIO),
        ("hotelerie", "32033423"),
    ],
)
def test_search_specialites(refs, text, code):
    assert refs.search_specialites(text)[0].code == code


def test_search_limits(refs):
    assert len(refs.search_specialites("management", limit=2)) == 2
    assert refs.search_specialites("", limit=5) == []
    assert refs.search_specialites("xqzwv") == []
    assert refs.search_countries("alemagne", limit=0) == []


# --------------------------------------------------------------------------- épreuves and diplomas


def test_epreuves_mco(refs):
    eps = refs.epreuves_for(MCO)
    by_code = {e.code: e for e in eps}
    assert [e.code for e in eps if not e.optional] == ["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8"]
    assert by_code["E1"].coefficient == 3 and by_code["E2"].coefficient == 1.5
    assert by_code["E1"].unit == "U1"
    assert "Anglais" in by_code["E2"].choices and "Espagnol" in by_code["E2"].choices
    optional = {e.title for e in eps if e.optional}
    assert {
        "Langue vivante étrangère 2",
        "Engagement étudiant",
        "Entrepreneuriat",
        "Parcours de professionnalisation à l'étranger",
    } <= optional
    assert refs.max_optional_epreuves(MCO) == 2


def test_epreuves_sio_per_option(refs):
    sisr = refs.epreuves_for(SIO, SISR)
    slam = refs.epreuves_for(SIO, SLAM)
    e6_sisr = [e for e in sisr if e.code == "E6"]
    e6_slam = [e for e in slam if e.code == "E6"]
    assert len(e6_sisr) == len(e6_slam) == 1
    assert "SISR" in e6_sisr[0].title and e6_sisr[0].option_code == SISR
    assert "SLAM" in e6_slam[0].title and e6_slam[0].option_code == SLAM
    assert [e.code for e in sisr] == [e.code for e in slam]
    assert {e.code: e.coefficient for e in sisr if not e.optional} == {
        "E1": 2,
        "E2": 2,
        "E3": 3,
        "E4": 3,
        "E5": 4,
        "E6": 4,
        "E7": 4,
    }
    assert refs.epreuves_for(SLAM) == slam  # an option code selects its specialty
    assert len([e for e in refs.epreuves_for(SIO) if e.code == "E6"]) == 2


def test_epreuves_other_specialties(refs):
    ndrc = {e.code: e for e in refs.epreuves_for(NDRC)}
    assert ndrc["E1"].coefficient == 3 and ndrc["E2"].coefficient == 3 and ndrc["E4"].coefficient is None
    cg = {e.code: e for e in refs.epreuves_for(CG)}
    assert cg["E1"].coefficient == 4 and cg["E2"].coefficient == 3 and cg["E3"].coefficient is None
    assert "comptable" in cg["E5"].title
    gpme = refs.epreuves_for(GPME)
    assert len([e for e in gpme if not e.optional]) == 7
    assert any(e.title == "Engagement étudiant" and e.optional for e in gpme)


def test_epreuves_unknown(refs):
    assert refs.epreuves_for("32032325") == ()  # photographie: no table yet
    assert refs.epreuves_for("00000000") == ()
    assert refs.diplomas_for("00000000") == ()


def test_diplomas(refs):
    mco = refs.diplomas_for(MCO)
    same = next(d for d in mco if d.code == "320 - 31213")
    assert {c.position for c in same.covers} == {"BENEFICE"}
    assert [c.epreuve_code for c in same.covers] == ["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8"]
    tertiary = next(d for d in mco if d.code == "320 - 00002")
    assert {(c.epreuve_code, c.position) for c in tertiary.covers} == {("E1", "DISPENSE"), ("E4", "DISPENSE")}
    licence = next(d for d in mco if "LICENCE" in d.title)
    assert [(c.epreuve_code, c.position) for c in licence.covers] == [("E1", "DISPENSE")] and licence.invented
    for spec in (MCO, NDRC, SIO, CG, GPME):
        diplomas = refs.diplomas_for(spec)
        assert diplomas, spec
        known = {e.code for e in refs.epreuves_for(spec)}
        assert all(c.epreuve_code in known for d in diplomas for c in d.covers)
        assert any(all(c.position == "BENEFICE" for c in d.covers) for d in diplomas)


# --------------------------------------------------------------------------- establishments and calendar


def test_fictitious_establishments_for_every_academie(refs):
    for code in refs.academies:
        fictitious = refs.fictitious_etablissements(code)
        assert len(fictitious) >= 2, code
        assert all(e.type == "FICTIF" and e.academie_code == code and not e.specialites for e in fictitious)
    assert any(e.name == "CANDIDATS INDIVIDUELS - PARIS" for e in refs.fictitious_etablissements("01"))


def test_real_establishments(refs):
    paris = refs.etablissements_for(
        "01", ("PUBLIC", "PRIVE_SOUS_CONTRAT", "PRIVE_HORS_CONTRAT", "CFA", "EAD")
    )
    assert {"PUBLIC", "PRIVE_SOUS_CONTRAT", "PRIVE_HORS_CONTRAT"} <= {e.type for e in paris}
    assert not any(e.sample or e.code_invented for e in paris)
    for code in ("01", "02", "10", "24", "25", "14", "09", "27", "28"):
        assert len(refs.etablissements_for(code, ("PUBLIC",))) >= 3, code
    assert refs.search_etablissements("01", "individuels")[0].type == "FICTIF"
    # Lycée Emile Dubois (Paris 14e), a real lycée offering MCO.
    found = refs.search_etablissements("01", "emile dubois")
    assert found and found[0].code == "0750692V" and found[0].teaches(refs.specialites[MCO])
    assert found[0].city == "Paris 14e" and found[0].departement == "75"
    assert refs.search_etablissements("01", "emile dubois", types=("CFA",)) == []


def test_calendar(refs):
    paris = refs.calendar_for("01", 2027)
    assert paris.opens == datetime(2026, 10, 5, 9, 0, tzinfo=PARIS)
    assert paris.closes == datetime(2027, 1, 29, 17, 0, tzinfo=PARIS)
    assert "ARCUEIL" in paris.service_address and "\n" in paris.service_address
    corse = refs.calendar_for("27", 2027)
    assert corse.closes == datetime(2026, 11, 13, 17, 0, tzinfo=PARIS)
    assert corse.return_deadline > corse.closes.date()
    for code in refs.academies:
        assert refs.calendar_for(code, 2027) is not None
        assert refs.calendar_for(code, 2026).closes < refs.calendar_for(code, 2027).opens
    assert refs.calendar_for("01", 2031) is None


# --------------------------------------------------------------------------- normalise


def test_normalise():
    assert normalise("  Côte-d'Ivoire ") == "cote d ivoire"
    assert normalise("ŒUVRE   Ærø") == "oeuvre aero"
    assert normalise("") == ""


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_lookups_never_crash(text):
    refs = load_referentials(DATA)
    assert normalise(normalise(text)) == normalise(text)
    refs.find_departement(text)
    refs.find_country(text)
    refs.find_academie(text)
    refs.departement_for_postal_code(text)
    assert len(refs.search_countries(text)) <= 5
    assert len(refs.search_specialites(text, limit=3)) <= 3
    refs.search_etablissements("01", text)


# --------------------------------------------------------------------------- broken files


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "referentials"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("sources"))
    return target


def _replace_line(path: Path, number: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = text
    path.write_text("\n".join(lines), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_copy_loads(tmp_path):
    refs = load_referentials(_copy(tmp_path))
    assert len(refs.departements) == 107


@pytest.mark.parametrize(
    "filename, needle, replacement, message",
    [
        ("departements.csv", "13,Bouches", "13,Bouches-du-Rhône,99,DEPARTEMENT", "académie inconnue"),
        ("departements.csv", "14,Calvados", "13,Calvados,70,DEPARTEMENT", "en double"),
        ("departements.csv", "15,Cantal", "1X,Cantal,06,DEPARTEMENT", "invalide"),
        ("academies.csv", "09,Lille", "09,Lille,59|62,peut-être,0,Hauts-de-France,", "booléen"),
        ("academies.csv", "14,Rennes", "14,Rennes,22|29|35,0,0,Bretagne,", "différents"),
        ("arrondissements.csv", "Lyon 2e", "69,2,6938X,Lyon 2e,69002", "INSEE"),
        ("countries.csv", "DE,DEU", "DE,DEU,,", "name"),
        ("countries_academies.csv", "MC,", "MC,98,Monaco", "académie inconnue"),
        (
            "specialites.csv",
            "32031213",
            "3203121,32031213,Management commercial opérationnel,,MCO,,R",
            "8 chiffres",
        ),
        ("categories.csv", "INDIVIDUEL", "INDIVIDUEL,Individuel,0,FICTIF|PLANETE,0,1", "PLANETE"),
        (
            "etablissements.csv",
            "CANDIDATS INDIVIDUELS - PARIS",
            "0759901E,X,PARIS,01,FICTIF,0,99999999,1",
            "99999999",
        ),
        (
            "etablissements.csv",
            "CANDIDATS INDIVIDUELS - LYON",
            "0699901J,X,LYON,77,FICTIF,0,,1",
            "académie inconnue",
        ),
        ("calendar.csv", "27,2027", "27,2027,2026-10-05 09:00,2026-13-13 17:00,2026-11-27,Adresse,1", "date"),
        (
            "calendar.csv",
            "14,2027",
            "14,2027,2026-10-05 09:00,2026-10-01 17:00,2026-11-27,Adresse,1",
            "clôture",
        ),
    ],
)
def test_broken_csv_names_file_and_line(tmp_path, filename, needle, replacement, message):
    folder = _copy(tmp_path)
    path = folder / filename
    line = _line_of(path, needle)
    _replace_line(path, line, replacement)
    with pytest.raises(ReferentialError) as info:
        load_referentials(folder)
    text = str(info.value)
    assert f"referentials/{filename}, ligne {line}" in text, text
    assert message in text
    assert info.value.line == line


def test_missing_column(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "departements.csv"
    _replace_line(path, 1, "code,nom,academie,kind")
    with pytest.raises(ReferentialError, match=r"referentials/departements.csv, ligne 1 : .*name"):
        load_referentials(folder)


def test_missing_file(tmp_path):
    folder = _copy(tmp_path)
    (folder / "calendar.csv").unlink()
    with pytest.raises(ReferentialError, match="calendar.csv"):
        load_referentials(folder)


def test_semicolon_export_loads(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "categories.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    assert "INDIVIDUEL" in load_referentials(folder).categories


@pytest.mark.parametrize(
    "filename, needle, old, new, message",
    [
        # E5's 2024 title is "Développement de la relation client et vente conseil"
        (
            "epreuves/32031213.yaml",
            "relation client et vente conseil",
            "coefficient: 3",
            "coefficient: trois",
            "coefficient",
        ),
        (
            "epreuves/32032613.yaml",
            "option SLAM",
            'option_code: "32032614"',
            'option_code: "32031213"',
            "option",
        ),
        (
            "epreuves/32031409.yaml",
            'specialite: "32031409"',
            '"32031409"',
            '"99999999"',
            "le fichier est celui de",
        ),
        ("epreuves/32031213.yaml", "Gestion opérationnelle", "code: E7", "code: E6", "en double"),
        ("diplomas.yaml", "{epreuve: E8, position: BENEFICE}", "E8", "E9", "E9"),
        ("diplomas.yaml", "{epreuve: E1, position: DISPENSE}", "DISPENSE", "EXEMPTION", "EXEMPTION"),
    ],
)
def test_broken_yaml_names_file_and_line(tmp_path, filename, needle, old, new, message):
    folder = _copy(tmp_path)
    path = folder / filename
    line = _line_of(path, needle)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ReferentialError) as info:
        load_referentials(folder)
    assert f"referentials/{filename}, ligne {line}" in str(info.value), str(info.value)
    assert message in str(info.value)


def test_invalid_yaml_syntax(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "epreuves" / "32031213.yaml"
    _replace_line(path, _line_of(path, "Gestion opérationnelle"), "  - {code: E7, title: [unclosed")
    with pytest.raises(
        ReferentialError, match=r"referentials/epreuves/32031213.yaml, ligne \d+ : YAML invalide"
    ):
        load_referentials(folder)
