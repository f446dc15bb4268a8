"""What a question is: the Context it reads (answers, referentials, date) and the Step that describes it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from registration.conversation.texts import BUTTONS, QUESTIONS
from registration.conversation.types import Choice
from registration.referentials import Referentials
from registration.rules import Result
from registration.rules.places import ARRONDISSEMENT_CITIES

TEXT, CHOICE, YESNO, SEARCH, MULTI = "text", "choice", "yesno", "search", "multi"
SPLIT_CITIES = {code: city for code, (city, _count) in ARRONDISSEMENT_CITIES.items()}  # "75" → "Paris"
# Born in the département of Paris, Lyon or Marseille but not in the city (Villeurbanne, Aix-en-Provence): the
# answer kept for the arrondissement question, which the guide asks only of people born in one of the three cities.
OUTSIDE_CITY = "hors_ville"
INDIVIDUAL_TYPES = ("FICTIF",)
UNLISTED = (
    "__unlisted__"  # « mon établissement n'est pas dans la liste »: name and commune typed, checked later
)


def category_family(label: str) -> str:
    """ "Scolaire" for « Scolaire — établissement public »: a category's family is its label before the dash."""
    return label.split(" — ", 1)[0].strip()


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
    def family(self) -> list[Any]:
        """The categories of the family chosen (« Scolaire »: public, privé sous contrat, privé hors contrat)."""
        chosen = self.get("categorie_famille")
        return (
            [c for c in self.refs.categories.values() if category_family(c.label) == chosen] if chosen else []
        )

    @property
    def establishment_types(self) -> tuple[str, ...]:
        """The establishment types the candidate may choose: the category's, or while only its family is
        known (the establishment tells the rest), those of every category of the family."""
        if self.category:
            return tuple(self.category.establishment_types)
        return tuple(dict.fromkeys(t for c in self.family for t in c.establishment_types))

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
    skip_button: tuple[str, Any] | None = None  # (button title, value) for an empty answer
    confirm: bool = False  # echo the value back before keeping it
    question_key: str | None = None
    prompt_params: Callable[[Context], dict[str, str]] = lambda ctx: {}
    display: Callable[[Context, Any], str] | None = None
    expand: Callable[[Context], list[Step]] | None = None  # a group: the questions it stands for
    none_choice: Choice | None = None  # MULTI: the "none of them" answer
    max_selected: int | None = None  # MULTI: how many may be ticked at most
    intent_choices: dict[str, str] = field(default_factory=dict)  # NLU intent → choice id it means
    extra_button: Callable[[Context], Choice | None] | None = None  # always shown, even when the list is cut
    # A question answered in one sentence stands for the one-field questions `fills`; its validator (or, for a
    # button, `choice_fills`) gives their answers, read back once with the `amend` buttons to correct them.
    fills: tuple[str, ...] = ()
    choice_fills: Callable[[Context, str], dict[str, Any]] | None = None
    amend: Callable[[Context], list[Choice]] | None = None
    # A closed question may read typed text itself (« je suis au lycée Edgar Quinet à Paris », « SIO option
    # SLAM »): Valid({step id: value, …}, echo) when one answer fits, kept at once and said back.
    reader: Callable[[Context, str], Result] | None = None

    @property
    def is_composite(self) -> bool:
        return bool(self.fills)

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
                self.none_choice.title if self.none_choice else "—"
            )
        if value in ("", None) and self.skip_button:
            return self.skip_button[0]
        return str(value)
