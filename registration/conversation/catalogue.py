"""The question catalogue: every question of the guide, in order, with its conditions, choices and validator."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from registration import rules
from registration.conversation.messages import BUTTONS, QUESTIONS, SECTIONS
from registration.conversation.types import Choice
from registration.referentials import Referentials
from registration.rules import Invalid, Result, Valid
from registration.rules.messages import french_date

TEXT, CHOICE, YESNO, SEARCH, MULTI = "text", "choice", "yesno", "search", "multi"
SPLIT_CITIES = {"75": "Paris", "69": "Lyon", "13": "Marseille"}
INDIVIDUAL_TYPES = ("FICTIF",)


@dataclass
class Context:
    """What a question needs to know: the referentials, the answers so far, today's date and the session."""

    refs: Referentials
    answers: dict[str, Any]
    today: date
    session: int

    def get(self, key: str, default: Any = None) -> Any:
        return self.answers.get(key, default)

    # Derived values used by several questions.
    @property
    def academie_code(self) -> str | None:
        if self.get("residence_lieu") == "abroad" and self.get("residence_pays"):
            academie = self.refs.academie_for_country(self.get("residence_pays"))
            return academie.code if academie else None
        postal = self.get("code_postal")
        if self.get("residence_lieu") == "france" and postal:
            departement = self.refs.departement_for_postal_code(postal)
            if departement:
                return departement.academie_code
        return None

    @property
    def category(self):
        return self.refs.categories.get(self.get("categorie") or "")

    @property
    def specialite(self):
        return self.refs.specialites.get(self.get("specialite") or "")


@dataclass
class Step:
    """One question. `kind` says how an answer is read; the callables take the Context."""

    id: str
    section: str
    kind: str
    validate: Callable[[Context, str], Result] | None = None
    choices: Callable[[Context], list[Choice]] | None = None
    search: Callable[[Context, str], list[Choice]] | None = None
    applies: Callable[[Context], bool] = lambda ctx: True
    skip_button: tuple[str, Any] | None = None      # (button title, value) for an empty answer
    confirm: bool = False                            # echo the value back before keeping it
    question_key: str | None = None
    prompt_params: Callable[[Context], dict[str, str]] = lambda ctx: {}
    display: Callable[[Context, Any], str] | None = None
    expand: Callable[[Context], list["Step"]] | None = None   # a group: the questions it stands for
    none_choice: Choice | None = None                         # MULTI: the "none of them" answer
    intent_choices: dict[str, str] = field(default_factory=dict)   # NLU intent → choice id it means

    @property
    def texts(self) -> dict[str, str]:
        return QUESTIONS[self.question_key or self.id]

    def ask(self, ctx: Context) -> str:
        return self.texts["ask"].format(**self.prompt_params(ctx))

    @property
    def help(self) -> str:
        return self.texts["help"]

    def current_choices(self, ctx: Context) -> list[Choice]:
        if self.kind == YESNO:
            return [Choice("yes", BUTTONS["yes"], ("oui",)), Choice("no", BUTTONS["no"], ("non",))]
        return self.choices(ctx) if self.choices else []

    def offers(self, ctx: Context, value: Any) -> bool:
        """Whether `value` is one of the choices this question offers now."""
        return any(choice.id == value for choice in self.current_choices(ctx))

    def show(self, ctx: Context, value: Any) -> str:
        """How an answer reads back to the candidate."""
        if self.display:
            return self.display(ctx, value)
        if self.kind == YESNO:
            return BUTTONS["yes"] if value else BUTTONS["no"]
        if self.kind in (CHOICE, SEARCH):
            for choice in self.current_choices(ctx) if self.kind == CHOICE else []:
                if choice.id == value:
                    return choice.title
        if self.kind == MULTI:
            titles = {choice.id: choice.title for choice in self.current_choices(ctx)}
            return ", ".join(titles.get(v, str(v)) for v in value or []) or (
                self.none_choice.title if self.none_choice else "—")
        if value in ("", None) and self.skip_button:
            return self.skip_button[0]
        return str(value)


# --- choice providers ------------------------------------------------------------------------------------

def _where() -> list[Choice]:
    return [Choice("france", BUTTONS["france"], ("france", "en france", "dom tom", "outre mer", "metropole")),
            Choice("abroad", BUTTONS["abroad"], ("etranger", "a l etranger", "hors de france"))]


def _categories(ctx: Context) -> list[Choice]:
    return [Choice(c.code, c.label) for c in ctx.refs.categories.values()]


def _etablissements(ctx: Context) -> list[Choice]:
    academie, category = ctx.academie_code, ctx.category
    if not academie or not category:
        return []
    found = ctx.refs.etablissements_for(academie, tuple(category.establishment_types))
    return [Choice(e.code, f"{e.name} ({e.city})") for e in found]


def _search_etablissements(ctx: Context, text: str) -> list[Choice]:
    academie, category = ctx.academie_code, ctx.category
    if not academie or not category:
        return []
    found = ctx.refs.search_etablissements(academie, text, types=tuple(category.establishment_types), limit=6)
    return [Choice(e.code, f"{e.name} ({e.city})") for e in found]


def _search_specialites(ctx: Context, text: str) -> list[Choice]:
    return [Choice(s.code, s.title, tuple(s.aliases)) for s in ctx.refs.search_specialites(text, limit=6)]


def _all_specialites(ctx: Context) -> list[Choice]:
    return [Choice(s.code, s.title, tuple(s.aliases)) for s in ctx.refs.specialites.values()]


def _search_countries(ctx: Context, text: str) -> list[Choice]:
    return [Choice(c.code, c.name, tuple(c.aliases)) for c in ctx.refs.search_countries(text, limit=6)
            if c.code != "FR"]


def _all_countries(ctx: Context) -> list[Choice]:
    return [Choice(c.code, c.name, tuple(c.aliases)) for c in ctx.refs.countries.values() if c.code != "FR"]


def _options(ctx: Context) -> list[Choice]:
    specialite = ctx.specialite
    return [Choice(o.code, o.title, tuple(o.aliases)) for o in specialite.options] if specialite else []


def _show_date(ctx: Context, value: Any) -> str:
    day, month, year = (int(part) for part in str(value).split("/"))
    return french_date(day, month, year) if day and month else str(value)


def _formes(ctx: Context) -> list[Choice]:
    return [Choice("globale", BUTTONS["globale"], ("globale",)),
            Choice("progressive", BUTTONS["progressive"], ("progressive",))]


def _arrondissements(ctx: Context) -> list[Choice]:
    return [Choice(a.number, a.label, (a.number, a.insee))
            for a in ctx.refs.arrondissements.get(ctx.get("naissance_departement"), ())]


# --- validators adapted to the Context ----------------------------------------------------------------------

def _birth_date(ctx: Context, text: str) -> Result:
    return rules.validate_birth_date(text, ctx.today)


def _departement(ctx: Context, text: str) -> Result:
    result = rules.validate_departement(text, ctx.refs)
    return Valid(result.value.code, result.echo) if isinstance(result, Valid) else result


def _postal_code(ctx: Context, text: str) -> Result:
    result = rules.validate_postal_code(text, ctx.refs)
    return Valid(result.value["code_postal"], result.echo) if isinstance(result, Valid) else result


def _candidate_number(ctx: Context, text: str) -> Result:
    cleaned = "".join(ch for ch in (text or "") if ch.isalnum())
    if 4 <= len(cleaned) <= 20:
        return Valid(cleaned.upper())
    return Invalid("Un numéro de candidat contient de 4 à 20 chiffres ou lettres. Tapez-le tel qu'il figure sur "
                   "votre relevé de notes, par exemple : 2025011234.")


def _in_france(key: str) -> Callable[[Context], bool]:
    return lambda ctx: ctx.get(key) == "france"


def _abroad(key: str) -> Callable[[Context], bool]:
    return lambda ctx: ctx.get(key) == "abroad"


def _name_of(getter: Callable[[Referentials], dict]) -> Callable[[Context, Any], str]:
    def show(ctx: Context, value: Any) -> str:
        item = getter(ctx.refs).get(value)
        return getattr(item, "title", None) or getattr(item, "name", None) or getattr(item, "label", None) or str(value)
    return show


def _show_etablissement(ctx: Context, value: Any) -> str:
    for e in ctx.refs.etablissements:
        if e.code == value:
            return f"{e.name} ({e.city})"
    return str(value)


def _show_departement(ctx: Context, value: Any) -> str:
    departement = ctx.refs.departements.get(value)
    return f"{departement.name} ({departement.code})" if departement else str(value)


from registration.conversation import acquis as _acq  # noqa: E402  (its questions build on Step and Context)

NEW = lambda ctx: ctx.get("start") == "new"  # noqa: E731
FORMER_FOUND = "former_data"


STEPS: list[Step] = [
    Step("start", "depart", CHOICE, choices=lambda ctx: [
        Choice("new", BUTTONS["new"], ("inscription", "m inscrire", "s inscrire", "nouvelle inscription")),
        Choice("consult", BUTTONS["consult"], ("consulter", "modifier", "modifier mon inscription"))],
         intent_choices={"new_registration": "new", "consult": "consult"}),
    # Former candidates (their data prefills the questions that follow).
    Step("former", "etat_civil", YESNO, applies=NEW),
    Step("former_number", "etat_civil", TEXT, validate=_candidate_number,
         applies=lambda ctx: NEW(ctx) and ctx.get("former") is True),
    Step("former_birth_date", "etat_civil", TEXT, validate=_birth_date,
         applies=lambda ctx: NEW(ctx) and ctx.get("former") is True),
    # État civil.
    Step("nom", "etat_civil", TEXT, validate=lambda ctx, t: rules.validate_family_name(t), applies=NEW),
    Step("nom_usage", "etat_civil", TEXT, validate=lambda ctx, t: rules.validate_usage_name(t), applies=NEW,
         skip_button=(BUTTONS["no_usage_name"], "")),
    Step("prenoms", "etat_civil", TEXT, validate=lambda ctx, t: rules.validate_first_names(t), applies=NEW),
    Step("date_naissance", "etat_civil", TEXT, validate=_birth_date, applies=NEW, confirm=True, display=_show_date),
    # Lieu de naissance.
    Step("naissance_lieu", "naissance", CHOICE, choices=lambda ctx: _where(), applies=NEW),
    Step("naissance_departement", "naissance", TEXT, validate=_departement,
         applies=lambda ctx: NEW(ctx) and _in_france("naissance_lieu")(ctx), display=_show_departement),
    Step("naissance_arrondissement", "naissance", CHOICE, choices=_arrondissements,
         applies=lambda ctx: NEW(ctx) and _in_france("naissance_lieu")(ctx)
         and ctx.get("naissance_departement") in SPLIT_CITIES,
         prompt_params=lambda ctx: {"ville": SPLIT_CITIES.get(ctx.get("naissance_departement"), "")}),
    Step("naissance_pays", "naissance", SEARCH, search=_search_countries, choices=_all_countries,
         applies=lambda ctx: NEW(ctx) and _abroad("naissance_lieu")(ctx), display=_name_of(lambda r: r.countries)),
    # Résidence and address.
    Step("residence_lieu", "adresse", CHOICE, choices=lambda ctx: _where(), applies=NEW),
    Step("residence_pays", "adresse", SEARCH, search=_search_countries, choices=_all_countries,
         applies=lambda ctx: NEW(ctx) and _abroad("residence_lieu")(ctx), display=_name_of(lambda r: r.countries)),
    Step("adresse", "adresse", TEXT, validate=lambda ctx, t: rules.validate_address_line(t, required=True),
         applies=NEW),
    Step("lieu_dit", "adresse", TEXT, validate=lambda ctx, t: rules.validate_address_line(t, required=False),
         applies=lambda ctx: NEW(ctx) and _in_france("residence_lieu")(ctx),
         skip_button=(BUTTONS["no_lieu_dit"], "")),
    Step("lieu_dit_etranger", "adresse", TEXT, validate=lambda ctx, t: rules.validate_address_line(t, required=True),
         applies=lambda ctx: NEW(ctx) and _abroad("residence_lieu")(ctx)),
    Step("code_postal", "adresse", TEXT, validate=_postal_code,
         applies=lambda ctx: NEW(ctx) and _in_france("residence_lieu")(ctx)),
    Step("localite", "adresse", TEXT, validate=lambda ctx, t: rules.validate_locality(t),
         applies=lambda ctx: NEW(ctx) and _in_france("residence_lieu")(ctx)),
    # Contact.
    Step("email", "email", TEXT, validate=lambda ctx, t: rules.validate_email(t), applies=NEW),
    # Situation.
    Step("categorie", "situation", CHOICE, choices=_categories, applies=NEW,
         display=_name_of(lambda r: r.categories)),
    Step("handicap", "situation", YESNO, applies=NEW),
    # Établissement.
    Step("etablissement", "etablissement", CHOICE, choices=_etablissements, search=_search_etablissements,
         applies=NEW, display=_show_etablissement),
    # Spécialité.
    Step("specialite", "specialite", SEARCH, search=_search_specialites, choices=_all_specialites, applies=NEW,
         display=_name_of(lambda r: r.specialites)),
    Step("option", "specialite", CHOICE, choices=_options,
         applies=lambda ctx: NEW(ctx) and bool(ctx.specialite and ctx.specialite.options)),
    Step("forme", "specialite", CHOICE, choices=_formes,
         applies=lambda ctx: NEW(ctx) and bool(ctx.category and ctx.category.progressive_allowed)),
    # Communication des résultats.
    Step("consent_press", "resultats", YESNO, applies=NEW),
    Step("consent_collectivites", "resultats", YESNO, applies=NEW),
    # Acquis (diplomas giving bénéfices or dispenses, then each épreuve they cover), bilan, épreuves.
    Step("acquis_diplomas", "acquis", MULTI, choices=_acq.diploma_choices,
         applies=lambda ctx: NEW(ctx) and bool(_acq.diplomas(ctx)),
         none_choice=Choice("none", BUTTONS["none_acquis"], ("aucun", "non", "rien", "pas d acquis", "aucune"))),
    Step("acquis_items", "acquis", TEXT, expand=_acq.acquis_steps, applies=NEW),
    Step("acquis_bilan", "acquis", CHOICE, choices=lambda ctx: [Choice("ok", BUTTONS["continue"], ("suite", "ok"))],
         applies=lambda ctx: NEW(ctx) and bool(ctx.get("acquis_diplomas")),
         prompt_params=lambda ctx: {"bilan": _acq.bilan_text(ctx)}),
    Step("epreuves_progressive", "acquis", MULTI, choices=_acq.to_sit_choices,
         applies=lambda ctx: NEW(ctx) and ctx.get("forme") == "progressive" and bool(_acq.to_sit_choices(ctx))),
    Step("epreuves_items", "acquis", TEXT, expand=_acq.epreuve_steps, applies=NEW),
]

STEP_BY_ID = {step.id: step for step in STEPS}
SECTION_ORDER = list(SECTIONS)


def iter_steps(ctx: Context):
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
