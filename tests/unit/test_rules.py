"""Unit tests of the validation rules, with the examples of the specification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from registration.rules import (
    MESSAGES,
    Invalid,
    Valid,
    academie_for_residence,
    check_category_establishment,
    check_category_forme,
    check_registration_open,
    validate_academie,
    validate_acquis_year,
    validate_address_line,
    validate_arrondissement,
    validate_birth_date,
    validate_country,
    validate_departement,
    validate_email,
    validate_family_name,
    validate_first_names,
    validate_foreign_postal_code,
    validate_locality,
    validate_mark,
    validate_postal_code,
    validate_usage_name,
    validate_yes_no,
)
from registration.settings import PARIS

TODAY = date(2026, 11, 26)


def value(result):
    assert isinstance(result, Valid), result
    return result.value


def refused(result) -> str:
    assert isinstance(result, Invalid), result
    assert result.message and result.message[0].isupper()
    return result.message


@pytest.fixture(scope="module")
def refs():
    module = pytest.importorskip("registration.referentials")
    return module.load_referentials()


# --- Names -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Lefèvre", "LEFÈVRE"),
        ("martin", "MARTIN"),
        ("  le   goff ", "LE GOFF"),
        ("d’Artagnan", "D'ARTAGNAN"),
        ("Saint - Exupéry", "SAINT-EXUPÉRY"),
        ("Œuvray", "ŒUVRAY"),
        ("Muñoz", "MUÑOZ"),
        ("Çelik", "ÇELIK"),
        ("Strauß", "STRAUSS"),
        ("N'Diaye", "N'DIAYE"),
        ("Łukasiewicz", "ŁUKASIEWICZ"),
        ("e\u0301mile", "ÉMILE"),  # decomposed accent
    ],
)
def test_family_name_accepted(text, expected):
    assert value(validate_family_name(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "Martin2",
        "<b>Martin</b>",
        "Martin;",
        "-",
        "'",
        "--Martin",
        "Mar--tin",
        "Martin-",
        "Jean\x00",
        "Иванов",
        "王",
        "Martin 😀",
        "a" * 51,
        "'; DROP TABLE dossier; --",
    ],
)
def test_family_name_refused(text):
    refused(validate_family_name(text))


def test_family_name_messages_say_what_to_type():
    assert "chiffres" in refused(validate_family_name("Martin2"))
    assert "50" in refused(validate_family_name("a" * 51))
    assert "« < »" in refused(validate_family_name("<b>"))
    assert value(validate_family_name("a" * 50)) == "A" * 50


@pytest.mark.parametrize(
    "text",
    [
        "aucun",
        "Aucune",
        "non",
        "NON.",
        "pas de nom d'usage",
        "Pas de nom d’usage",
        "-",
        "rien",
        "néant",
        "sans objet",
    ],
)
def test_usage_name_none(text):
    assert value(validate_usage_name(text)) == ""


def test_usage_name_value_and_refusals():
    assert value(validate_usage_name("Dupont-Lefèvre")) == "DUPONT-LEFÈVRE"
    assert "aucun" in refused(validate_usage_name(""))
    refused(validate_usage_name(None))
    refused(validate_usage_name("Dupont3"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("jean-pierre", "Jean-Pierre"),
        ("marie claire", "Marie Claire"),
        ("LÉA marie", "Léa Marie"),
        ("élodie", "Élodie"),
        ("jean - PIERRE", "Jean-Pierre"),
        ("anne-sophie  marie", "Anne-Sophie Marie"),
        ("œdipe", "Œdipe"),
        ("zoë", "Zoë"),
    ],
)
def test_first_names(text, expected):
    assert value(validate_first_names(text)) == expected


def test_first_names_limits():
    assert value(validate_first_names("a" * 60)) == "A" + "a" * 59
    assert "60" in refused(validate_first_names("a" * 61))
    refused(validate_first_names("Léa 2"))
    refused(validate_first_names("Léa, Marie"))


# --- Birth date ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected, echo",
    [
        ("3 mai 2004", "03/05/2004", "3 mai 2004"),
        ("03/05/2004", "03/05/2004", "3 mai 2004"),
        ("3-5-04", "03/05/2004", "3 mai 2004"),
        ("3.5.2004", "03/05/2004", "3 mai 2004"),
        ("03052004", "03/05/2004", "3 mai 2004"),
        ("le 3 mai 2004", "03/05/2004", "3 mai 2004"),
        ("né le 3 mai 2004", "03/05/2004", "3 mai 2004"),
        ("Née le 1er août 2004", "01/08/2004", "1er août 2004"),
        ("3 MAI 2004", "03/05/2004", "3 mai 2004"),
        ("03 05 2004", "03/05/2004", "3 mai 2004"),
        ("2004-05-03", "03/05/2004", "3 mai 2004"),
        ("12 décembre 1990", "12/12/1990", "12 décembre 1990"),
        ("12 decembre 90", "12/12/1990", "12 décembre 1990"),
        ("3/5/10", "03/05/2010", "3 mai 2010"),
        ("29/02/2004", "29/02/2004", "29 février 2004"),
    ],
)
def test_birth_date_accepted(text, expected, echo):
    result = validate_birth_date(text, TODAY)
    assert value(result) == expected
    assert result.echo == echo


@pytest.mark.parametrize(
    "text",
    ["00/00/2004", "0/0/2004", "je ne connais pas, 2004", "Je ne connais pas le jour ni le mois : 2004"],
)
def test_birth_date_day_and_month_unknown(text):
    result = validate_birth_date(text, TODAY)
    assert value(result) == "00/00/2004"
    assert "2004" in result.echo


@pytest.mark.parametrize(
    "text, key_word",
    [
        ("2004", "obligatoire"),
        ("3 mai", "obligatoire"),
        ("mai 2004", "compris"),
        ("31/02/2004", "n'existe pas"),
        ("29/02/2005", "n'existe pas"),
        ("00/05/2004", "00/00"),
        ("03/00/2004", "00/00"),
        ("hier", "compris"),
        ("il y a 20 ans", "compris"),
        ("3/5/2013", "moins de 14"),
        ("3 mai 1930", "plus de 90"),
        ("3/5/2030", "moins de 14"),
        ("13/13/2004", "n'existe pas"),
        ("3 mai 2004 10:00", "compris"),
        ("<script>alert(1)</script>", "compris"),
        ("", "compris"),
        (None, "compris"),
    ],
)
def test_birth_date_refused(text, key_word):
    assert key_word in refused(validate_birth_date(text, TODAY))


def test_birth_date_age_bounds():
    assert value(validate_birth_date("26/11/2012", TODAY)) == "26/11/2012"  # 14 today
    refused(validate_birth_date("27/11/2012", TODAY))
    assert value(validate_birth_date("27/11/1935", TODAY)) == "27/11/1935"  # still 90
    refused(validate_birth_date("26/11/1935", TODAY))  # 91 today
    # Two-digit years: up to this year's two digits → 2000s.
    assert value(validate_birth_date("1/1/26", date(2045, 1, 1))) == "01/01/2026"
    assert "plus de 90" in refused(validate_birth_date("1/1/27", TODAY))


# --- Places -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        ("75", "75"),
        ("69", "69"),
        ("2A", "2A"),
        ("2b", "2B"),
        ("971", "971"),
        ("7", "07"),
        ("Rhône", "69"),
        ("rhone", "69"),
        ("Bouches-du-Rhône", "13"),
        ("Finistère", "29"),
        ("Rhône (69)", "69"),
        ("69 - Rhône", "69"),
        ("Guadeloupe", "971"),
        ("Corse-du-Sud", "2A"),
        ("Finistre", "29"),
    ],
)
def test_departement(refs, text, code):
    result = validate_departement(text, refs)
    assert value(result).code == code
    assert code in result.echo


@pytest.mark.parametrize("text", ["", "00", "999", "Atlantide", "<script>", "20", None, "12345678"])
def test_departement_refused(refs, text):
    assert "numéro" in refused(validate_departement(text, refs))


@pytest.mark.parametrize(
    "text, dept, number",
    [
        ("15", "75", "15"),
        ("15e", "75", "15"),
        ("15ème", "75", "15"),
        ("15eme", "75", "15"),
        ("XV", "75", "15"),
        ("1er", "75", "1"),
        ("Paris 15", "75", "15"),
        ("Paris 15e arrondissement", "75", "15"),
        ("75015", "75", "15"),
        ("75116", "75", "16"),
        ("premier", "75", "1"),
        ("vingtième", "75", "20"),
        ("3e", "69", "3"),
        ("Lyon 9e", "69", "9"),
        ("69003", "69", "3"),
        ("16", "13", "16"),
        ("Marseille 1er", "13", "1"),
        ("13201", "13", "1"),
    ],
)
def test_arrondissement(refs, text, dept, number):
    assert value(validate_arrondissement(text, dept, refs)) == number


@pytest.mark.parametrize(
    "text, dept",
    [
        ("21", "75"),
        ("10", "69"),
        ("17", "13"),
        ("0", "75"),
        ("Lyon 3", "75"),
        ("quinze", "75"),
        ("IIII", "75"),
        ("", "75"),
        (None, "75"),
        ("3", "29"),
        ("<b>3</b>", "75"),
    ],
)
def test_arrondissement_refused(refs, text, dept):
    refused(validate_arrondissement(text, dept, refs))


def test_arrondissement_range_message(refs):
    assert "1 à 9" in refused(validate_arrondissement("12", "69", refs))


@pytest.mark.parametrize(
    "text, code",
    [
        ("Maroc", "MA"),
        ("maroc", "MA"),
        ("Belgique", "BE"),
        ("Allemagne", "DE"),
        ("Sénégal", "SN"),
        ("senegal", "SN"),
        ("Émirats arabes unis", "AE"),
    ],
)
def test_country(refs, text, code):
    assert value(validate_country(text, refs, allow_france=False)).code == code


def test_typos_are_corrected_or_suggested(refs):
    assert value(validate_country("Belgiqe", refs, allow_france=False)).code == "BE"
    assert "« Maroc »" in refused(validate_country("Marok", refs, allow_france=False))
    assert value(validate_academie("Rennnes", refs)).name == "Rennes"
    result = validate_departement("Finistre", refs)
    assert value(result).code == "29" and result.echo == "Finistère (29)"
    assert "Vouliez-vous dire" in refused(validate_departement("Bouches du", refs))


def test_country_france(refs):
    assert value(validate_country("France", refs, allow_france=True)).code == "FR"
    assert "autre que la France" in refused(validate_country("France", refs, allow_france=False))


def test_country_unknown_suggests(refs):
    message = refused(validate_country("Marokkkko du sud", refs, allow_france=False))
    assert "pays" in message
    refused(validate_country("", refs, allow_france=True))
    refused(validate_country(None, refs, allow_france=True))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("75015", {"code_postal": "75015", "departement": "75"}),
        ("75 015", {"code_postal": "75015", "departement": "75"}),
        ("69003", {"code_postal": "69003", "departement": "69"}),
        ("20000", {"code_postal": "20000", "departement": "2A"}),
        ("97110", {"code_postal": "97110", "departement": "971"}),
    ],
)
def test_postal_code(refs, text, expected):
    assert value(validate_postal_code(text, refs)) == expected


def test_postal_code_refused(refs):
    assert "étranger" in refused(validate_postal_code("99999", refs))
    assert "5 chiffres" in refused(validate_postal_code("7501", refs))
    assert "5 chiffres" in refused(validate_postal_code("750155", refs))
    assert "5 chiffres" in refused(validate_postal_code("ABCDE", refs))
    refused(validate_postal_code("00000", refs))
    refused(validate_postal_code(None, refs))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Paris", "PARIS"),
        ("Saint-Étienne", "SAINT-ETIENNE"),
        ("L’Haÿ-les-Roses", "L'HAY-LES-ROSES"),
        ("st. étienne", "ST ETIENNE"),
        ("Paris cedex 15", "PARIS CEDEX 15"),
    ],
)
def test_locality(text, expected):
    assert value(validate_locality(text)) == expected


@pytest.mark.parametrize("text", ["", None, "<Paris>", "75015", "--", "a" * 33, "Paris; DROP", "Москва"])
def test_locality_refused(text):
    refused(validate_locality(text))


def test_address_line():
    assert value(validate_address_line("12  rue de la Paix ", True)) == "12 rue de la Paix"
    assert value(validate_address_line("Bât. B, appt 12", False)) == "Bât. B, appt 12"
    assert value(validate_address_line("aucun", False)) == ""
    assert value(validate_address_line("", False)) == ""
    assert value(validate_address_line("x" * 38, True)) == "x" * 38
    assert "38" in refused(validate_address_line("x" * 39, True))
    assert "rue" in refused(validate_address_line("", True))
    refused(validate_address_line("aucun", True))
    refused(validate_address_line("12 rue <b>", True))
    refused(validate_address_line("12 rue\x00", True))
    refused(validate_address_line("...", True))
    refused(validate_address_line(None, False))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("10115", "10115"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("h2x 1y4", "H2X 1Y4"),
        ("1000 - 001", "1000-001"),
        ("L-1234", "L-1234"),
    ],
)
def test_foreign_postal_code(text, expected):
    assert value(validate_foreign_postal_code(text)) == expected


@pytest.mark.parametrize("text", ["", "1", "1234567890123", "<12>", "12_34", None, "-12"])
def test_foreign_postal_code_refused(text):
    refused(validate_foreign_postal_code(text))


# --- Contact ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("lea.martin@example.org", "lea.martin@example.org"),
        ("  Lea.Martin@EXAMPLE.ORG ", "Lea.Martin@example.org"),
        ("mon adresse est lea@example.fr", "lea@example.fr"),
        ("<lea@example.fr>", "lea@example.fr"),
    ],
)
def test_email(text, expected):
    assert value(validate_email(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "lea.martin",
        "lea@",
        "@example.fr",
        "lea@@example.fr",
        "lea@example",
        "émilie@orange.fr",
        "a@b.fr c@d.fr",
        "",
        None,
        "lea@exa mple.fr",
        "<script>alert(1)</script>@x.fr",
    ],
)
def test_email_refused(text):
    assert "prenom.nom@exemple.fr" in refused(validate_email(text))


@pytest.mark.parametrize(
    "text",
    [
        "oui",
        "Oui",
        "O",
        "yes",
        "ouais",
        "ok",
        "OK !",
        "d'accord",
        "D’accord",
        "bien sûr",
        "Bien sur",
        "tout à fait",
        "oui, c'est ça",
    ],
)
def test_yes(text):
    assert value(validate_yes_no(text)) is True


@pytest.mark.parametrize(
    "text", ["non", "NON", "n", "no", "nan", "pas du tout", "Non merci.", "non, pas d'accord"]
)
def test_no(text):
    assert value(validate_yes_no(text)) is False


@pytest.mark.parametrize(
    "text", ["peut-être", "oui non", "non, enfin oui", "", None, "je ne sais pas", "ok pas"]
)
def test_yes_no_refused(text):
    assert "« oui » ou « non »" in refused(validate_yes_no(text))


# --- Acquis -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025, 2026])
def test_benefice_year_within_five_years(year):
    assert value(validate_acquis_year(str(year), position="BENEFICE", session=2027)) == year


def test_acquis_year_rules():
    message = refused(validate_acquis_year("2020", position="BENEFICE", session=2027))
    assert "Un bénéfice de note est valable 5 ans" in message and "2022" in message
    assert value(validate_acquis_year("2020", position="DISPENSE", session=2027)) == 2020
    assert value(validate_acquis_year("1960", position="DISPENSE", session=2027)) == 1960
    assert value(validate_acquis_year("en 2024", position="BENEFICE", session=2027)) == 2024
    assert "1960" in refused(validate_acquis_year("1959", position="DISPENSE", session=2027))
    assert "2026" in refused(validate_acquis_year("2027", position="DISPENSE", session=2027))
    assert "4 chiffres" in refused(validate_acquis_year("24", position="DISPENSE", session=2027))
    refused(validate_acquis_year(None, position="DISPENSE", session=2027))
    with pytest.raises(ValueError):
        validate_acquis_year("2024", position="AUTRE", session=2027)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12", 12.0),
        ("12,5", 12.5),
        ("12.50", 12.5),
        ("12/20", 12.0),
        ("12 / 20", 12.0),
        ("12,75 sur 20", 12.75),
        ("10", 10.0),
        ("20", 20.0),
        ("15 points", 15.0),
        ("12.500", 12.5),
    ],
)
def test_mark_globale(text, expected):
    assert value(validate_mark(text, forme="globale")) == expected


def test_mark_rules():
    assert "forme progressive" in refused(validate_mark("9,5", forme="globale"))
    assert value(validate_mark("9,5", forme="progressive")) == 9.5
    assert value(validate_mark("0", forme="progressive")) == 0.0
    assert "entre 0 et 20" in refused(validate_mark("21", forme="progressive"))
    assert "entre 0 et 20" in refused(validate_mark("20,01", forme="progressive"))
    assert "entre 0 et 20" in refused(validate_mark("-1", forme="progressive"))
    assert "deux chiffres" in refused(validate_mark("12,555", forme="progressive"))
    refused(validate_mark("12/10", forme="progressive"))
    refused(validate_mark("douze", forme="progressive"))
    refused(validate_mark(None, forme="progressive"))
    with pytest.raises(ValueError):
        validate_mark("12", forme="mixte")


@pytest.mark.parametrize(
    "text, name",
    [
        ("Rennes", "Rennes"),
        ("aix marseille", "Aix-Marseille"),
        ("Créteil", "Créteil"),
        ("creteil", "Créteil"),
    ],
)
def test_academie(refs, text, name):
    assert value(validate_academie(text, refs)).name == name


def test_academie_refused(refs):
    assert "académie" in refused(validate_academie("Atlantide", refs))
    refused(validate_academie("", refs))
    refused(validate_academie(None, refs))


# --- Cross-field --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeCategory:
    code: str
    label: str
    progressive_allowed: bool
    establishment_types: tuple[str, ...]


@dataclass(frozen=True)
class FakeEtablissement:
    code: str
    name: str
    type: str


SCOLAIRE = FakeCategory("SCOLAIRE_PUBLIC", "Scolaire — établissement public", False, ("PUBLIC",))
FPC = FakeCategory(
    "FORMATION_CONTINUE_HABILITE", "Formation continue", True, ("PUBLIC", "PRIVE_SOUS_CONTRAT")
)


def test_category_forme():
    assert value(check_category_forme(SCOLAIRE, "globale")) == "globale"
    assert "forme globale" in refused(check_category_forme(SCOLAIRE, "progressive"))
    assert value(check_category_forme(FPC, "progressive")) == "progressive"
    refused(check_category_forme(FPC, "mixte"))


def test_category_establishment():
    lycee = FakeEtablissement("0750001A", "LYCEE TEST", "PUBLIC")
    fictif = FakeEtablissement("0759901E", "CANDIDATS INDIVIDUELS - PARIS", "FICTIF")
    assert value(check_category_establishment(SCOLAIRE, lycee)) == lycee
    assert "CANDIDATS INDIVIDUELS" in refused(check_category_establishment(SCOLAIRE, fictif))


def test_category_rules_with_real_referentials(refs):
    scolaire = refs.categories["SCOLAIRE_PUBLIC"]
    assert isinstance(check_category_forme(scolaire, "progressive"), Invalid)
    experience = refs.categories["EXPERIENCE_PROFESSIONNELLE"]
    assert value(check_category_forme(experience, "progressive")) == "progressive"


def test_academie_for_residence(refs):
    paris = value(academie_for_residence({"a_l_etranger": False, "code_postal": "75015"}, refs))
    assert paris.code == "01"
    lyon = value(academie_for_residence({"a_l_etranger": False, "code_postal": "69003"}, refs))
    assert lyon.name == "Lyon"
    abroad_residence = {"a_l_etranger": True, "code_postal": "99999", "pays_code": "MA"}
    abroad = value(academie_for_residence(abroad_residence, refs))
    assert abroad.code
    refused(academie_for_residence({"a_l_etranger": False, "code_postal": "00000"}, refs))
    refused(academie_for_residence({}, refs))


class FakeCalendarRefs:
    """A referential with one calendar entry, bounds as datetimes or dates."""

    def __init__(self, opens, closes):
        fields = {"academie_code": "01", "session": 2027, "opens": opens, "closes": closes}
        self.entry = type("Entry", (), fields)()

    def calendar_for(self, academie_code, session):
        return self.entry if (academie_code, session) == ("01", 2027) else None


def test_registration_calendar():
    refs = FakeCalendarRefs(datetime(2026, 10, 5, 9, 0), datetime(2026, 11, 13, 17, 0))
    assert isinstance(check_registration_open("01", 2027, datetime(2026, 10, 20, tzinfo=PARIS), refs), Valid)
    closed = refused(check_registration_open("01", 2027, datetime(2026, 11, 13, 17, 1, tzinfo=PARIS), refs))
    assert "closes depuis le 13/11/2026 à 17 h 00" in closed and "consulter" in closed
    early = refused(check_registration_open("01", 2027, datetime(2026, 10, 1), refs))
    assert "ouvriront le 05/10/2026 à 9 h 00" in early
    assert "pas encore connues" in refused(check_registration_open("02", 2027, datetime(2026, 10, 20), refs))
    by_date = FakeCalendarRefs(date(2026, 10, 5), date(2026, 11, 13))
    assert isinstance(check_registration_open("01", 2027, datetime(2026, 11, 13, 23, 0), by_date), Valid)
    late = datetime(2026, 11, 14, 0, 1)
    assert "13/11/2026." in refused(check_registration_open("01", 2027, late, by_date))


def test_registration_calendar_real(refs):
    entry = refs.calendar_for("01", 2026)
    if entry is None:
        pytest.skip("no calendar for 2026 in the referentials")
    assert "closes" in refused(check_registration_open("01", 2026, datetime(2026, 1, 10, tzinfo=PARIS), refs))


class BrokenRefs:
    """A referential whose every look-up fails: validators must still answer."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise RuntimeError("referential unavailable")

        return fail


def test_validators_survive_a_broken_referential():
    broken = BrokenRefs()
    refused(validate_departement("69", broken))
    refused(validate_country("Maroc", broken, allow_france=False))
    refused(validate_postal_code("75015", broken))
    refused(validate_academie("Rennes", broken))
    refused(check_registration_open("01", 2027, datetime(2026, 10, 1), broken))
    refused(academie_for_residence({"code_postal": "75015"}, broken))


def test_every_message_is_french_and_filled():
    for key, text in MESSAGES.items():
        assert text.strip(), key
        assert "TODO" not in text
