"""The question catalogue: every question of the guide, in order, with its conditions, choices and validator."""

from __future__ import annotations

from collections.abc import Iterator

from registration import rules
from registration.conversation.catalogue import acquis as _acq
from registration.conversation.catalogue import composite as _one
from registration.conversation.catalogue.providers import (
    _abroad,
    _accommodation,
    _all_countries,
    _all_specialites,
    _arrondissements,
    _birth_date,
    _candidate_number,
    _categories,
    _category_families,
    _communes,
    _departement,
    _etablissements,
    _family_fills,
    _former_schools,
    _formes,
    _free_name,
    _in_france,
    _lacking_params,
    _localite,
    _name_of,
    _options,
    _postal_code,
    _school_lacks_specialty,
    _search_countries,
    _search_etablissements,
    _search_former_schools,
    _search_specialites,
    _show_commune,
    _show_date,
    _show_departement,
    _show_etablissement,
    _unlisted_allowed,
    _unlisted_choice,
    _where,
)
from registration.conversation.readers import fillers
from registration.conversation.readers.consents import read_consents
from registration.conversation.readers.families import read_family
from registration.conversation.readers.schools import read_school
from registration.conversation.readers.specialties import read_option, read_specialty
from registration.conversation.steps import (
    CHOICE,
    MULTI,
    SEARCH,
    SPLIT_CITIES,
    TEXT,
    UNLISTED,
    YESNO,
    Context,
    Step,
)
from registration.conversation.texts import BUTTONS, SECTIONS
from registration.conversation.types import Choice

NEW = lambda ctx: ctx.get("start") == "new"  # noqa: E731
FORMER_FOUND = "former_data"
FIX, SWAP, ADD = "__fix__", "__swap__", "__add__:"


def _fresh(fills: tuple[str, ...]):
    """A one-sentence question is asked while none of the questions it stands for has an answer."""
    return lambda ctx: NEW(ctx) and not any(key in ctx.answers for key in fills)


def _establishment_known(ctx: Context) -> bool:
    """Chosen in the list, or typed with its commune when it is not listed."""
    if ctx.get("etablissement") == UNLISTED:
        return "etablissement_commune" in ctx.answers
    return "etablissement" in ctx.answers


def _where_fills(lieu: str):
    return lambda ctx, choice: {lieu: choice}


def _identity_amend(ctx: Context) -> list[Choice]:
    buttons = [Choice(FIX, BUTTONS["fix_identity"])]
    if ctx.get("prenoms"):
        buttons.append(Choice(SWAP, BUTTONS["swap_names"]))
    if ctx.get("nom_usage") == "":
        buttons.append(Choice(ADD + "nom_usage", BUTTONS["add_usage_name"]))
    return buttons


def _address_amend(ctx: Context) -> list[Choice]:
    buttons = [Choice(FIX, BUTTONS["fix_address"])]
    if ctx.get("residence_lieu") == "france" and ctx.get("lieu_dit") == "":
        buttons.append(Choice(ADD + "lieu_dit", BUTTONS["add_complement"]))
    return buttons


def _consent_choices(ctx: Context) -> list[Choice]:
    return [
        Choice(
            "both", BUTTONS["consent_both"], ("oui", "oui aux deux", "les deux", "oui pour les deux", "ok")
        ),
        Choice("press", BUTTONS["consent_press"], ("presse", "publication", "presse seulement", "1")),
        Choice("collectivites", BUTTONS["consent_collectivites"], ("collectivites", "mairie", "2")),
        Choice("neither", BUTTONS["consent_neither"], ("non", "aucun", "non aux deux", "ni l un ni l autre")),
    ]


STEPS: list[Step] = [
    Step(
        "start",
        "depart",
        CHOICE,
        choices=lambda ctx: [
            Choice(
                "new", BUTTONS["new"], ("inscription", "m inscrire", "s inscrire", "nouvelle inscription")
            ),
            Choice("consult", BUTTONS["consult"], ("consulter", "modifier", "modifier mon inscription")),
        ],
        intent_choices={"new_registration": "new", "consult": "consult"},
    ),
    # Former candidates (their data prefills the questions that follow).
    Step("former", "etat_civil", YESNO, applies=NEW),
    Step(
        "former_number",
        "etat_civil",
        TEXT,
        validate=_candidate_number,
        applies=lambda ctx: NEW(ctx) and ctx.get("former") is True,
    ),
    Step(
        "former_birth_date",
        "etat_civil",
        TEXT,
        validate=_birth_date,
        applies=lambda ctx: NEW(ctx) and ctx.get("former") is True,
    ),
    # État civil: « nom et prénom(s) » in one answer, or one field at a time.
    Step(
        "identite",
        "etat_civil",
        TEXT,
        validate=_one.read_identity,
        applies=_fresh(_one.IDENTITY_FILLS),
        fills=_one.IDENTITY_FILLS,
        amend=_identity_amend,
    ),
    Step(
        "nom",
        "etat_civil",
        TEXT,
        validate=lambda ctx, t: rules.validate_family_name(fillers.name_only(t)),
        applies=NEW,
    ),
    Step(
        "nom_usage",
        "etat_civil",
        TEXT,
        validate=_one.read_usage_name,
        applies=NEW,
        skip_button=(BUTTONS["no_usage_name"], ""),
    ),
    Step(
        "prenoms",
        "etat_civil",
        TEXT,
        validate=lambda ctx, t: rules.validate_first_names(fillers.name_only(t)),
        applies=NEW,
    ),
    Step(
        "date_naissance",
        "etat_civil",
        TEXT,
        validate=_birth_date,
        applies=NEW,
        confirm=True,
        display=_show_date,
    ),
    # Lieu de naissance: « Lyon 3e », « Casablanca, Maroc » in one answer, or « En France » and one field at a time.
    Step(
        "lieu_naissance",
        "naissance",
        TEXT,
        validate=_one.read_birthplace,
        choices=lambda ctx: _where(),
        applies=_fresh(_one.BIRTHPLACE_FILLS),
        fills=_one.BIRTHPLACE_FILLS,
        choice_fills=_where_fills("naissance_lieu"),
        amend=lambda ctx: [Choice(FIX, BUTTONS["fix_birthplace"])],
    ),
    Step("naissance_lieu", "naissance", CHOICE, choices=lambda ctx: _where(), applies=NEW),
    Step(
        "naissance_departement",
        "naissance",
        TEXT,
        validate=_departement,
        applies=lambda ctx: NEW(ctx) and _in_france("naissance_lieu")(ctx),
        display=_show_departement,
    ),
    Step(
        "naissance_arrondissement",
        "naissance",
        CHOICE,
        choices=_arrondissements,
        applies=lambda ctx: (
            NEW(ctx)
            and _in_france("naissance_lieu")(ctx)
            and ctx.get("naissance_departement") in SPLIT_CITIES
        ),
        prompt_params=lambda ctx: {"ville": SPLIT_CITIES.get(ctx.get("naissance_departement"), "")},
    ),
    Step(
        "naissance_pays",
        "naissance",
        SEARCH,
        search=_search_countries,
        choices=_all_countries,
        applies=lambda ctx: NEW(ctx) and _abroad("naissance_lieu")(ctx),
        display=_name_of(lambda r: r.countries),
    ),
    # Résidence and address: one line (« 12 rue des Lilas 75015 Paris »), or « En France » and line by line.
    Step(
        "adresse_complete",
        "adresse",
        TEXT,
        validate=_one.read_address,
        choices=lambda ctx: _where(),
        applies=_fresh(_one.ADDRESS_FILLS),
        fills=_one.ADDRESS_FILLS,
        choice_fills=_where_fills("residence_lieu"),
        amend=_address_amend,
    ),
    Step("residence_lieu", "adresse", CHOICE, choices=lambda ctx: _where(), applies=NEW),
    Step(
        "residence_pays",
        "adresse",
        SEARCH,
        search=_search_countries,
        choices=_all_countries,
        applies=lambda ctx: NEW(ctx) and _abroad("residence_lieu")(ctx),
        display=_name_of(lambda r: r.countries),
    ),
    Step(
        "adresse",
        "adresse",
        TEXT,
        validate=lambda ctx, t: rules.validate_address_line(t, required=True),
        applies=NEW,
    ),
    Step(
        "lieu_dit",
        "adresse",
        TEXT,
        validate=lambda ctx, t: rules.validate_address_line(t, required=False),
        applies=lambda ctx: NEW(ctx) and _in_france("residence_lieu")(ctx),
        skip_button=(BUTTONS["no_lieu_dit"], ""),
    ),
    Step(
        "lieu_dit_etranger",
        "adresse",
        TEXT,
        validate=lambda ctx, t: rules.validate_address_line(t, required=True),
        applies=lambda ctx: NEW(ctx) and _abroad("residence_lieu")(ctx),
    ),
    Step(
        "code_postal",
        "adresse",
        TEXT,
        validate=_postal_code,
        applies=lambda ctx: NEW(ctx) and _in_france("residence_lieu")(ctx),
    ),
    Step(
        "localite",
        "adresse",
        TEXT,
        validate=_localite,
        choices=_communes,
        display=_show_commune,
        applies=lambda ctx: NEW(ctx) and _in_france("residence_lieu")(ctx),
    ),
    # Contact.
    Step("email", "email", TEXT, validate=lambda ctx, t: rules.validate_email(t), applies=NEW),
    # Situation.
    # The family (« Scolaire », « Apprenti »…) first; public or private follows from the establishment chosen,
    # and is asked only when the establishment does not tell (a CFA, an establishment not in the list).
    Step(
        "categorie_famille",
        "situation",
        CHOICE,
        choices=_category_families,
        applies=_fresh(("categorie",)),
        fills=("categorie",),
        choice_fills=_family_fills,
        reader=read_family,
    ),
    Step(
        "categorie",
        "situation",
        CHOICE,
        choices=_categories,
        applies=lambda ctx: NEW(ctx) and (not ctx.get("categorie_famille") or _establishment_known(ctx)),
        display=_name_of(lambda r: r.categories),
    ),
    Step("handicap", "situation", YESNO, applies=NEW, reader=_accommodation),
    # Établissement.
    Step(
        "etablissement",
        "etablissement",
        CHOICE,
        choices=_etablissements,
        search=_search_etablissements,
        applies=NEW,
        display=_show_etablissement,
        extra_button=lambda ctx: _unlisted_choice() if _unlisted_allowed(ctx) else None,
        reader=read_school,
    ),
    Step(
        "etablissement_nom",
        "etablissement",
        TEXT,
        validate=_free_name,
        applies=lambda ctx: NEW(ctx) and ctx.get("etablissement") == UNLISTED,
    ),
    Step(
        "etablissement_commune",
        "etablissement",
        TEXT,
        validate=lambda ctx, t: rules.validate_locality(t),
        applies=lambda ctx: NEW(ctx) and ctx.get("etablissement") == UNLISTED,
    ),
    # A former candidate's establishment at the last candidature (the guide: from the list, or name and town).
    Step(
        "ancien_etablissement",
        "etablissement",
        CHOICE,
        choices=_former_schools,
        search=_search_former_schools,
        applies=lambda ctx: NEW(ctx) and ctx.get("former") is True,
        display=_show_etablissement,
    ),
    Step(
        "ancien_etablissement_nom",
        "etablissement",
        TEXT,
        validate=_free_name,
        applies=lambda ctx: (
            NEW(ctx) and ctx.get("former") is True and ctx.get("ancien_etablissement") == UNLISTED
        ),
    ),
    Step(
        "ancien_etablissement_commune",
        "etablissement",
        TEXT,
        validate=lambda ctx, t: rules.validate_locality(t),
        applies=lambda ctx: (
            NEW(ctx) and ctx.get("former") is True and ctx.get("ancien_etablissement") == UNLISTED
        ),
    ),
    # Spécialité.
    Step(
        "specialite",
        "specialite",
        SEARCH,
        search=_search_specialites,
        choices=_all_specialites,
        applies=NEW,
        display=_name_of(lambda r: r.specialites),
        reader=read_specialty,
    ),
    Step(
        "option",
        "specialite",
        CHOICE,
        choices=_options,
        applies=lambda ctx: NEW(ctx) and bool(ctx.specialite and ctx.specialite.options),
        reader=read_option,
    ),
    Step(
        "specialite_hors_etablissement",
        "specialite",
        YESNO,
        prompt_params=_lacking_params,
        applies=lambda ctx: NEW(ctx) and _school_lacks_specialty(ctx),
    ),
    Step(
        "forme",
        "specialite",
        CHOICE,
        choices=_formes,
        applies=lambda ctx: NEW(ctx) and bool(ctx.category and ctx.category.progressive_allowed),
    ),
    # Communication des résultats.
    Step(
        "consents",
        "resultats",
        CHOICE,
        choices=_consent_choices,
        applies=_fresh(_one.CONSENT_FILLS),
        fills=_one.CONSENT_FILLS,
        choice_fills=lambda ctx, choice: _one.consent_values(choice),
        reader=read_consents,
    ),
    Step("consent_press", "resultats", YESNO, applies=NEW),
    Step("consent_collectivites", "resultats", YESNO, applies=NEW),
    # Acquis (diplomas giving bénéfices or dispenses, then each épreuve they cover), bilan, épreuves.
    Step(
        "acquis_diplomas",
        "acquis",
        MULTI,
        choices=_acq.diploma_choices,
        applies=lambda ctx: NEW(ctx) and bool(_acq.diplomas(ctx)),
        none_choice=Choice(
            "none", BUTTONS["none_acquis"], ("aucun", "non", "rien", "pas d acquis", "aucune")
        ),
    ),
    Step("acquis_items", "acquis", TEXT, expand=_acq.acquis_steps, applies=NEW),
    Step(
        "acquis_bilan",
        "acquis",
        CHOICE,
        choices=lambda ctx: [Choice("ok", BUTTONS["continue"], ("suite", "ok"))],
        applies=lambda ctx: NEW(ctx) and bool(ctx.get("acquis_diplomas")),
        prompt_params=lambda ctx: {"bilan": _acq.bilan_text(ctx)},
    ),
    Step(
        "epreuves_progressive",
        "acquis",
        MULTI,
        choices=_acq.to_sit_choices,
        applies=lambda ctx: NEW(ctx) and ctx.get("forme") == "progressive" and bool(_acq.to_sit_choices(ctx)),
    ),
    Step("epreuves_items", "acquis", TEXT, expand=_acq.epreuve_steps, applies=NEW),
    # A specialty whose règlement d'examen is not known here: the exam service enters the épreuves; the candidate
    # gives what only they know, recorded as wishes and declarations « à confirmer » / « à vérifier ».
    Step(
        "langues_souhait",
        "acquis",
        MULTI,
        choices=_acq.language_choices,
        applies=lambda ctx: NEW(ctx) and _acq.no_table(ctx),
        none_choice=Choice("none", BUTTONS["no_language"], ("aucune", "aucun", "non", "pas de langue")),
    ),
    Step("facultative_souhait", "acquis", YESNO, applies=lambda ctx: NEW(ctx) and _acq.no_table(ctx)),
    Step(
        "facultative_souhait_texte",
        "acquis",
        TEXT,
        validate=_acq.free_text,
        applies=lambda ctx: NEW(ctx) and _acq.no_table(ctx) and ctx.get("facultative_souhait") is True,
    ),
    # No diploma list (with or without a table): acquis declared in words; with a table, each is matched to its
    # épreuves (asked again when a table is published for a specialty that had none: nothing declared is lost).
    Step("acquis_declares", "acquis", YESNO, applies=lambda ctx: NEW(ctx) and _acq.offers_declaration(ctx)),
    Step(
        "acquis_declares_items",
        "acquis",
        TEXT,
        expand=_acq.declared_steps,
        applies=lambda ctx: NEW(ctx) and _acq.offers_declaration(ctx) and ctx.get("acquis_declares") is True,
    ),
]

STEP_BY_ID = {step.id: step for step in STEPS}
SECTION_ORDER = list(SECTIONS)


def iter_steps(ctx: Context) -> Iterator[Step]:
    """Every concrete question in order, groups expanded with the answers so far."""
    for step in STEPS:
        if step.expand is None:
            yield step
        elif step.applies(ctx):
            yield from step.expand(ctx)


def find_step(ctx: Context, step_id: str) -> Step | None:
    return STEP_BY_ID.get(step_id) or next((s for s in iter_steps(ctx) if s.id == step_id), None)


def section_steps(ctx: Context, section: str) -> list[Step]:
    return [step for step in iter_steps(ctx) if step.section == section]
