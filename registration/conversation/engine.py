"""The conversation engine: reads one candidate turn against the saved draft and answers with the next question."""
from __future__ import annotations

import copy
import logging
import re
import secrets
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from registration import rules, trackers
from registration.access import AttemptGuard
from registration.conversation import extract, lookups
from registration.conversation.catalogue import (
    CHOICE, MULTI, SEARCH, SECTION_ORDER, TEXT, YESNO, Context, Step, find_step, iter_steps, section_steps,
)
from registration.conversation.messages import BUTTONS, NAVIGATION_WORDS, QUESTIONS, SECTIONS, TEXT as MSG
from registration.conversation.summary import build_content, summary_text
from registration.conversation.types import Button, Choice, Reply, Turn
from registration.referentials import Referentials, normalise
from registration.rules import Invalid, Valid
from registration.settings import now
from registration.store import Store, normalize_candidate_number, normalize_resume_code

log = logging.getLogger(__name__)

KEEP = "__keep__"
SKIP = "__skip__"
DONE = "__done__"
NONE_OF_THESE = "__none__"
MAX_BUTTONS = 8
NAV_INTENTS = {"help": "help", "go_back": "back", "abandon": "abandon", "repeat": "repeat", "human": "human"}
SMALLTALK_INTENTS = ("greet", "thank", "goodbye", "out_of_scope")
RESUME_CODE = re.compile(r"\b([0-9A-Z]{4})[- .]?([0-9A-Z]{4})[- .]?([0-9A-Z]{4})\b", re.IGNORECASE)
NAV_CONFIDENCE = 0.8  # an intent navigates only above this, and only on text that answers nothing


def fresh_state() -> dict[str, Any]:
    return {"v": 1, "phase": "form", "answers": {}, "history": [], "defaults": {}, "failures": {},
            "pending": None, "announced": None, "locked": [], "dossier": None, "consult": {}}


@dataclass
class Services:
    """What the engine talks to: referentials, the store, and the validation pipeline."""

    refs: Referentials
    store: Store
    session: int
    guard: AttemptGuard


class Conversation:
    """One turn of one candidate: state in, replies out; the caller saves the state."""

    def __init__(self, services: Services, sender_id: str, state: dict[str, Any] | None, client: str | None = None):
        self.services = services
        self.sender_id = sender_id
        self.client = client
        self.is_new = state is None
        self.state = fresh_state() if state is None else state
        self.replies: list[Reply] = []

    # -- helpers -----------------------------------------------------------------------------------------
    @property
    def answers(self) -> dict[str, Any]:
        return self.state["answers"]

    def ctx(self) -> Context:
        return Context(self.services.refs, self.answers, now().date(), self.services.session)

    def say(self, text: str, buttons: tuple[Button, ...] = (), custom: dict | None = None) -> None:
        self.replies.append(Reply(text, buttons, custom))

    def current_step(self) -> Step | None:
        ctx = self.ctx()
        for step in iter_steps(ctx):
            if step.id in self.answers and self._still_valid(ctx, step):
                continue
            if step.applies(ctx):
                return step
        return None

    def _still_valid(self, ctx: Context, step: Step) -> bool:
        """A closed answer whose choices changed (another category, another specialty) must be asked again."""
        if not step.applies(ctx) or step.kind != CHOICE:
            return True
        return not step.current_choices(ctx) or step.offers(ctx, self.answers.get(step.id))

    # -- entry point -------------------------------------------------------------------------------------
    def handle(self, turn: Turn) -> list[Reply]:
        """The replies to one turn; every closed-answer button is marked with the question it answers."""
        self._dispatch(turn)
        marker = self.question_key()
        self.state["asked"] = marker
        return [Reply(r.text, tuple(b.for_question(marker) for b in r.buttons), r.custom) for r in self.replies]

    def question_key(self) -> str:
        """What the candidate is being asked now: a step id, a confirmation, or a phase."""
        phase = self.state["phase"]
        if phase != "form":
            return phase
        pending = self.state.get("pending")
        if pending:
            return "confirm:" + ",".join(sorted(pending["values"]))
        step = self.current_step()
        return step.id if step else "summary"

    def _dispatch(self, turn: Turn) -> None:
        text = (turn.text or "").strip()
        if self._try_resume(turn, text):
            return
        if turn.question and not self.is_new and turn.question != self.state.get("asked"):
            self.say(MSG["stale_button"])
            self._reask()
            return
        self._handle(turn, text)

    def _reask(self) -> None:
        phase = self.state["phase"]
        if phase == "summary":
            self.show_summary()
        elif phase == "form":
            self.state["pending"] = None
            self.ask()
        else:
            self._on_navigation("repeat_phase")

    def _handle(self, turn: Turn, text: str) -> list[Reply]:
        if self.is_new:
            self.say(MSG["welcome"].format(session=self.services.session))
            if turn.intent in ("greet", None, "nlu_fallback") and not turn.choice:
                self.ask()
                return self.replies
        phase = self.state["phase"]
        nav = self._navigation(turn, text)
        if phase == "confirm_abandon":
            return self._on_abandon_answer(turn, text)
        if nav:
            return self._on_navigation(nav)
        if phase == "done":
            return self._on_done(turn, text)
        if phase.startswith("consult"):
            return self._on_consult(turn, text)
        if self.state["pending"]:
            return self._on_pending(turn, text)
        if phase == "summary":
            return self._on_summary(turn, text)
        if phase == "modify_select":
            return self._on_modify_select(turn, text)
        if turn.intent in SMALLTALK_INTENTS and turn.confidence >= 0.8 and not turn.choice:
            if not self._answers_question(turn, text):
                self._smalltalk(turn.intent)
                self.ask()
                return self.replies
        if turn.intent == "modify" and self.answers.get("start") == "new":
            section = self._section_from(turn, text)
            if section and self._section_answered(section):
                self._start_modify(section)
                return self.replies
        self._answer(turn, text)
        return self.replies

    # -- asking ------------------------------------------------------------------------------------------
    def ask(self, prefix: str | None = None) -> None:
        step = self.current_step()
        if step is None:
            self.show_summary()
            return
        ctx = self.ctx()
        lines = [prefix] if prefix else []
        if step.section in SECTIONS and self.state.get("announced") != step.section:
            index = SECTION_ORDER.index(step.section) + 1
            lines.append(MSG["progress"].format(index=index, total=len(SECTION_ORDER), section=SECTIONS[step.section]))
            self.state["announced"] = step.section
        lines.append(step.ask(ctx))
        buttons: list[Button] = []
        default = self.state["defaults"].get(step.id, None)
        if self._default_usable(step, ctx):
            shown = step.show(ctx, default)
            lines.append(MSG["keep_hint"].format(value=shown))
            buttons.append(Button.choose(BUTTONS["keep"].format(value=_short(shown)), KEEP))
        if step.kind == MULTI:
            buttons.extend(self._multi_buttons(step, ctx))
            buttons.extend(self._nav_buttons())
            self.say("\n".join(lines), tuple(buttons))
            self.state["phase"] = "form"
            return
        choices = step.current_choices(ctx) if step.kind in (CHOICE, YESNO) else []
        if step.kind == CHOICE and step.search and len(choices) > MAX_BUTTONS:
            lines.append(MSG["search_refine"].format(example=_example(choices[0].title)))
            choices = choices[:MAX_BUTTONS]
        buttons.extend(Button.choose(choice.title, choice.id) for choice in choices)
        if step.skip_button:
            buttons.append(Button.choose(step.skip_button[0], SKIP))
        buttons.extend(self._nav_buttons())
        self.say("\n".join(lines), tuple(buttons))
        self.state["phase"] = "form"

    def _nav_buttons(self) -> list[Button]:
        buttons = [Button(BUTTONS["help"], "/help")]
        if self.state["history"]:
            buttons.append(Button(BUTTONS["back"], "/go_back"))
        return buttons

    # -- answering ---------------------------------------------------------------------------------------
    def _answer(self, turn: Turn, text: str) -> None:
        step = self.current_step()
        if step is None:
            self.show_summary()
            return
        ctx = self.ctx()
        choice = turn.choice
        if choice == KEEP and self._default_usable(step, ctx):
            self._commit(step.id, self.state["defaults"][step.id])
            return
        if choice == SKIP and step.skip_button:
            self._commit(step.id, step.skip_button[1])
            return
        found = extract.from_sentence(turn, text, ctx, step)
        if len(found) >= 2 or (found and step.id not in found):
            self._propose(found, step)
            return
        if step.kind == YESNO:
            value = _yes_no(turn, text, choice)
            if value is None:
                self._fail(step, getattr(rules.validate_yes_no(text), "message", ""))
                return
            self._commit(step.id, value)
            return
        if step.kind in (CHOICE, SEARCH):
            if not choice and turn.intent in step.intent_choices and turn.confidence >= 0.6:
                choice = step.intent_choices[turn.intent]
            self._answer_choice(step, ctx, turn, text, choice)
            return
        if step.kind == MULTI:
            self._answer_multi(step, ctx, text, choice)
            return
        result = self._validate_text(step, text)
        if isinstance(result, Invalid):
            self._fail(step, result.message)
            return
        if step.confirm and result.echo and not _canonical_date(text):
            self.state["pending"] = {"values": {step.id: result.value}, "echo": result.echo}
            self.say(MSG["confirm_value"].format(value=result.echo), _confirm_buttons())
            return
        self._commit(step.id, result.value)

    def _default_usable(self, step: Step, ctx: Context) -> bool:
        """A kept answer must still be one of the choices (another category may exclude an establishment)."""
        if step.id not in self.state["defaults"]:
            return False
        return step.kind != CHOICE or step.offers(ctx, self.state["defaults"][step.id])

    def _selection(self, step: Step) -> list[str]:
        selections = self.state.setdefault("multi", {})
        if step.id not in selections:
            default = self.state["defaults"].get(step.id)
            selections[step.id] = list(default) if isinstance(default, list) else []
        return selections[step.id]

    def _multi_buttons(self, step: Step, ctx: Context) -> list[Button]:
        selected = self._selection(step)
        buttons = [Button.choose(("☑ " if c.id in selected else "☐ ") + c.title, c.id) for c in step.current_choices(ctx)]
        buttons.append(Button.choose(BUTTONS["done_selecting"], DONE))
        if step.none_choice:
            buttons.append(Button.choose(step.none_choice.title, step.none_choice.id))
        return buttons

    def _answer_multi(self, step: Step, ctx: Context, text: str, choice: str | None) -> None:
        selected = self._selection(step)
        choices = step.current_choices(ctx)
        word = normalise(text)
        if step.none_choice and (choice == step.none_choice.id or (not choice and _exact(text, step.none_choice))):
            self.state["multi"].pop(step.id, None)
            self._commit(step.id, [])
            return
        if choice == DONE or (not choice and word in ("suite", "valider", "terminer", "c est tout", "ok")):
            if not selected:
                self._fail(step, MSG["multi_empty"] if step.none_choice else MSG["multi_need_one"])
                return
            self.state["multi"].pop(step.id, None)
            self._commit(step.id, [c.id for c in choices if c.id in selected])
            return
        match = next((c for c in choices if c.id == choice), None) if choice else match_choice(text, choices)
        if match is None:
            self._fail(step, MSG["not_understood_choice"].format(example=choices[0].title if choices else ""))
            return
        if match.id in selected:
            selected.remove(match.id)
            self.ask(MSG["unticked"].format(title=match.title))
        else:
            selected.append(match.id)
            self.ask(MSG["ticked"].format(title=match.title))

    def _validate_text(self, step: Step, text: str):
        if step.kind != TEXT or step.validate is None:
            return Invalid("")
        try:
            return step.validate(self.ctx(), text)
        except Exception:  # a validator must never break the conversation
            log.exception("validator %s failed", step.id)
            return Invalid(step.help)

    def _answer_choice(self, step: Step, ctx: Context, turn: Turn, text: str, choice: str | None) -> None:
        choices = step.current_choices(ctx)
        if choice == NONE_OF_THESE:
            self.say(MSG["search_refine"].format(example=_example(choices[0].title if choices else "")))
            return
        if choice:
            match = next((c for c in choices if c.id == choice), None)
            if match is None and step.search:
                match = next((c for c in step.search(ctx, choice) if c.id == choice), None)
            if match:
                self._commit(step.id, match.id)
                return
            self._fail(step, MSG["not_understood_choice"].format(example=choices[0].title if choices else ""))
            return
        match = match_choice(text, choices)
        if match:
            self._commit(step.id, match.id)
            return
        if step.search and text:
            results = step.search(ctx, text)
            exact = [c for c in results if _exact(text, c)]
            if len(exact) == 1:
                self._commit(step.id, exact[0].id)
                return
            if results:
                self.state["failures"][step.id] = 0
                buttons = [Button.choose(c.title, c.id) for c in results]
                buttons.append(Button.choose(BUTTONS["none_of_these"], NONE_OF_THESE))
                self.say(MSG["search_matches"].format(query=_short(text)), tuple(buttons + self._nav_buttons()))
                return
            self._fail(step, MSG["search_none"].format(query=_short(text),
                                                       example=_example(choices[0].title if choices else "")))
            return
        example = choices[0].title if choices else ""
        self._fail(step, MSG["not_understood_choice"].format(example=example))

    def _commit(self, step_id: str, value: Any, *, ask: bool = True) -> bool:
        """Keeps an answer; False when the question's follow-up took the conversation elsewhere."""
        self.answers[step_id] = value
        self.state["defaults"].pop(step_id, None)
        self.state["failures"].pop(step_id, None)
        self.state["pending"] = None
        if step_id in self.state["history"]:
            self.state["history"].remove(step_id)
        self.state["history"].append(step_id)
        after = getattr(self, f"_after_{step_id}", None)
        if after and after(value) is False:
            return False
        if ask:
            self.ask()
        return True

    def _propose(self, found: dict[str, Any], step: Step) -> None:
        ctx = Context(self.services.refs, {**self.answers, **found}, now().date(), self.services.session)
        lines = "\n".join(f"- {extract.label(key)} : {find_step(ctx, key).show(ctx, value)}" for key, value in found.items())
        self.state["pending"] = {"values": found, "echo": lines}
        self.say(MSG["confirm_many"].format(lines=lines), _confirm_buttons())

    def _on_pending(self, turn: Turn, text: str) -> list[Reply]:
        pending = self.state["pending"]
        decision = _yes_no(turn, text, turn.choice)
        if decision is True:
            for key, value in pending["values"].items():
                if not self._commit(key, value, ask=False):
                    return self.replies
            self.ask()
            return self.replies
        self.state["pending"] = None
        if decision is False:
            self.ask(MSG["confirm_retry"])
            return self.replies
        self._answer(turn, text)  # a new answer instead of yes / no
        return self.replies

    def _fail(self, step: Step, message: str) -> None:
        failures = self.state["failures"]
        failures[step.id] = failures.get(step.id, 0) + 1
        if failures[step.id] >= 3:
            failures[step.id] = 0
            self.say(MSG["three_failures"].format(help=step.help),
                     (Button(BUTTONS["human"], "/human"),))
        elif message:
            self.say(message)
        self.ask()

    # -- hooks after some answers --------------------------------------------------------------------------
    def _after_former_birth_date(self, value: Any) -> bool:
        store = self.services.store
        number = self.answers.get("former_number", "")
        refused, data = lookups.guarded(
            self, f"former:{normalize_candidate_number(number)}",
            lambda: store.find_former_candidate(number, value),
            lambda: [store.former_candidate_email(number)])
        if refused:
            for key in ("former_number", "former_birth_date"):
                self.answers.pop(key, None)
                if key in self.state["history"]:
                    self.state["history"].remove(key)
            self.answers["former"] = False
            self.ask()
            return False
        if not data:
            for key in ("former_number", "former_birth_date"):
                self.answers.pop(key, None)
                if key in self.state["history"]:
                    self.state["history"].remove(key)
            self.answers["former"] = False
            self.ask(MSG["former_not_found"])
            return False
        prefill = extract.answers_from_content(data, self.services.refs)
        nom = prefill.pop("nom", None)
        if nom:
            self.answers["nom"] = nom
            self.state["locked"] = ["nom"]
        self.answers["date_naissance"] = value
        prefill.pop("date_naissance", None)
        self.state["defaults"].update(prefill)
        self.state["former"] = data
        former_school = data.get("etablissement") or {}
        self.ask(MSG["former_found"].format(
            nom=nom or "", specialite=(data.get("specialite") or {}).get("title", "—"),
            session=data.get("session", "—"),
            etablissement=f"{former_school.get('name', '—')} ({former_school.get('city', '')})"))
        return False

    def _after_code_postal(self, value: Any) -> bool:
        return self._announce_academie()

    def _after_residence_pays(self, value: Any) -> bool:
        return self._announce_academie()

    def _announce_academie(self) -> bool:
        ctx = self.ctx()
        code = ctx.academie_code
        academie = self.services.refs.academies.get(code or "")
        if not academie:
            return True
        dossier = self.state.get("dossier")
        if dossier and academie.code != dossier["academie"]:
            self._refuse_academie_change(academie.name, dossier)
            return False
        self.say(MSG["academie_is"].format(academie=academie.name))
        result = rules.check_registration_open(academie.code, self.services.session, now(), self.services.refs)
        if isinstance(result, Invalid):
            self.say(result.message, (Button(BUTTONS["back"], "/go_back"), Button(BUTTONS["human"], "/human")))
            self.state["phase"] = "form"
            return False
        return True

    def _refuse_academie_change(self, new_name: str, dossier: dict[str, Any]) -> None:
        """A dossier keeps its académie: the new address is dropped and the stored one put back."""
        refs = self.services.refs
        stored = self.services.store.get_dossier(dossier["academie"], dossier["session"], dossier["number"])
        original = extract.answers_from_content(stored.content, refs) if stored else {}
        ctx = self.ctx()
        section = find_step(ctx, "code_postal").section
        original_ctx = Context(refs, original, now().date(), self.services.session)
        ids = {st.id for st in section_steps(ctx, section)} | {st.id for st in section_steps(original_ctx, section)}
        for step_id in ids:
            self.state["defaults"].pop(step_id, None)
            if step_id in original:
                self.answers[step_id] = original[step_id]
            else:
                self.answers.pop(step_id, None)
        old = refs.academies.get(dossier["academie"])
        self.say(MSG["modify_other_academie"].format(
            new=new_name, old=old.name if old else dossier["academie"],
            contact=rules.service_contact(refs, dossier["academie"], dossier["session"])))
        self.show_summary()

    def _after_specialite(self, value: Any) -> bool:
        """A specialty whose épreuves are not known is not registered half-done: a conseiller is offered."""
        refs = self.services.refs
        if refs.epreuves_for(str(value)):
            return True
        found = refs.specialite_for_code(str(value))
        title = found[0].title if found else str(value)
        self.answers.pop("specialite", None)
        if "specialite" in self.state["history"]:
            self.state["history"].remove("specialite")
        self.say(MSG["specialite_unavailable"].format(title=title), (Button(BUTTONS["human"], "/human"),))
        self.ask()
        return False

    def _after_handicap(self, value: Any) -> bool:
        if value:
            self.say(MSG["handicap_yes"])
        return True

    # -- navigation ----------------------------------------------------------------------------------------
    def _navigation(self, turn: Turn, text: str) -> str | None:
        """Exact command words and navigation buttons always navigate; an intent only on text that answers nothing."""
        word = normalise(text)
        for nav, words in NAVIGATION_WORDS.items():
            if word in words:
                return nav
        if turn.intent not in NAV_INTENTS:
            return None
        if text.startswith("/"):
            return NAV_INTENTS[turn.intent]
        if turn.confidence >= NAV_CONFIDENCE and not self._answers_question(turn, text):
            return NAV_INTENTS[turn.intent]
        return None

    def _answers_question(self, turn: Turn, text: str) -> bool:
        """Whether typed text is an answer (exact or close) to the question being asked."""
        if self.state["phase"] != "form" or not text:
            return self.state["phase"] == "summary" and _yes_no(turn, text, None) is not None
        if self.state.get("pending"):
            return rules.validate_yes_no(text).__class__ is Valid
        step = self.current_step()
        if step is None:
            return False
        ctx = self.ctx()
        if step.kind == YESNO:
            return isinstance(rules.validate_yes_no(text), Valid)
        if step.kind in (CHOICE, SEARCH, MULTI):
            if match_choice(text, step.current_choices(ctx)):
                return True
            return bool(step.search and any(_exact(text, c) for c in step.search(ctx, text)))
        return isinstance(self._validate_text(step, text), Valid)

    def _on_navigation(self, nav: str) -> list[Reply]:
        step = self.current_step()
        if nav == "help":
            if self.state["phase"] == "summary":
                self.say(QUESTIONS["summary"]["help"])
                self.show_summary()
            else:
                self.say(step.help if step else QUESTIONS["start"]["help"])
                self.ask()
        elif nav == "repeat_phase":
            self._repeat_phase()
        elif nav == "repeat":
            self.state["pending"] = None
            self.state["announced"] = None
            if self.state["phase"] == "summary":
                self.show_summary()
            else:
                self.ask(MSG["repeat"])
        elif nav == "back":
            self._go_back()
        elif nav == "abandon":
            self.state["return_phase"] = self.state["phase"]
            self.state["phase"] = "confirm_abandon"
            self.say(MSG["abandon_confirm"], (Button.choose(BUTTONS["abandon_yes"], "yes"),
                                              Button.choose(BUTTONS["abandon_no"], "no")))
        elif nav == "human":
            snapshot = copy.deepcopy(self.state)
            reason = f"question {step.id}" if step else self.state["phase"]
            handoff_id = self.services.store.record_handoff(self.sender_id, reason, snapshot)
            self.say(MSG["handoff_recorded"].format(id=handoff_id))
            if self.state["phase"] == "summary":
                self.show_summary()
            else:
                self.ask()
        return self.replies

    def _repeat_phase(self) -> None:
        """Asks again what a phase outside the form asks (after a stale button)."""
        phase = self.state["phase"]
        if phase == "confirm_abandon":
            self.say(MSG["abandon_confirm"], (Button.choose(BUTTONS["abandon_yes"], "yes"),
                                              Button.choose(BUTTONS["abandon_no"], "no")))
        elif phase == "modify_select":
            self._ask_modify_select()
        elif phase.startswith("consult"):
            from registration.conversation import consult
            consult.repeat(self)
        else:
            self.say(MSG["done"].format(label=self.state.get("done_label", "")))

    def _go_back(self) -> None:
        self.state["pending"] = None
        history = self.state["history"]
        locked = set(self.state.get("locked", []))
        while history and history[-1] in locked:
            history.pop()
        if not history or history[-1] == "start" and len(history) == 1:
            self.say(MSG["back_none"])
            self.ask()
            return
        previous = history.pop()
        step = find_step(self.ctx(), previous)
        value = self.answers.pop(previous, None)
        self.state["defaults"][previous] = value
        self.state["announced"] = None
        shown = step.show(self.ctx(), value) if step else str(value)
        self.ask(MSG["back_to"].format(value=shown))

    def _on_abandon_answer(self, turn: Turn, text: str) -> list[Reply]:
        decision = _yes_no(turn, text, turn.choice)
        if decision is True:
            # "Effacées" means erased: the draft, the help-desk copies and the conversation's messages.
            self.services.store.erase_conversation(self.sender_id)
            trackers.erase_sender_now_and_later(self.sender_id)
            self.state = fresh_state()
            self.state["phase"] = "abandoned"
            self.say(MSG["abandon_done"])
            return self.replies
        self.state["phase"] = self.state.pop("return_phase", "form")
        if decision is False:
            self.say(MSG["abandon_cancelled"])
        if self.state["phase"] == "summary":
            self.show_summary()
        else:
            self.ask()
        return self.replies

    def _smalltalk(self, intent: str) -> None:
        key = {"greet": "greet_again", "thank": "thanks", "goodbye": "goodbye", "out_of_scope": "out_of_scope"}[intent]
        self.say(MSG[key])

    def _try_resume(self, turn: Turn, text: str) -> bool:
        if turn.intent != "resume" and not normalise(text).startswith(("reprendre", "/start")):
            return False
        match = RESUME_CODE.search(turn.entity("numero") or "") or RESUME_CODE.search(text.split(None, 1)[-1])
        if not match:
            if not normalise(text).startswith("reprendre"):
                return False  # "reprise" may be a surname: only "reprendre <code>" asks to resume
            self.say(MSG["resume_unknown"])
            self.ask()
            return True
        code = normalize_resume_code("".join(match.groups()))
        refused, found = lookups.guarded(self, None, lambda: self.services.store.find_draft_by_code(code) if code else None)
        if refused:
            return True
        if found is None:
            self.say(MSG["resume_unknown"])
            self.ask()
            return True
        owner, draft = found
        if draft.get("dossier") or str(draft.get("phase", "")).startswith("consult"):
            # A code never opens a validated dossier: consultation and modification ask the birth date again.
            self.state = fresh_state()
            self.is_new = False
            self.answers["start"] = "consult"
            self.state["history"] = ["start"]
            self.state["phase"] = "consult_number"
            self.say(MSG["resume_needs_login"])
            self.say(MSG["consult_number"], tuple(self._nav_buttons()))
            return True
        moved = self.services.store.move_draft(code, self.sender_id)
        if moved is None:
            self.say(MSG["resume_unknown"])
            self.ask()
            return True
        self.state, new_code = moved
        self.is_new = False
        self.state["announced"] = None
        self.say(MSG["resumed"].format(code=new_code))
        if self.state["phase"] == "summary":
            self.show_summary()
        else:
            self.ask()
        return True

    # -- summary, modification, validation ----------------------------------------------------------------
    def show_summary(self) -> None:
        self.state["phase"] = "summary"
        # Saved with the draft before "Valider" can be pressed: the same draft always validates into one dossier.
        self.state.setdefault("validation_key", secrets.token_hex(16))
        content = build_content(self.ctx(), self.state)
        self.say(summary_text(content) + "\n\n" + QUESTIONS["summary"]["ask"],
                 (Button.choose(BUTTONS["validate"], "validate"), Button.choose(BUTTONS["modify"], "modify"),
                  Button(BUTTONS["back"], "/go_back"), Button(BUTTONS["abandon"], "/abandon")))

    def _on_summary(self, turn: Turn, text: str) -> list[Reply]:
        summary_choices = [Choice("validate", BUTTONS["validate"], ("valider", "je valide", "valider mon inscription",
                                                                      "valider votre inscription", "confirmer")),
                           Choice("modify", BUTTONS["modify"], ("modifier", "corriger"))]
        choice = turn.choice or (match_choice(text, summary_choices) or Choice("", "")).id
        section = self._section_from(turn, text) if turn.intent == "modify" or choice == "modify" else None
        if section:
            self._start_modify(section)
        elif choice == "modify":
            self.state["phase"] = "modify_select"
            self._ask_modify_select()
        elif choice == "validate":
            from registration.validation import finalize  # late import: heavy (PDF, mail)
            self._validate(finalize)
        elif turn.intent in SMALLTALK_INTENTS:
            self._smalltalk(turn.intent)
            self.show_summary()
        else:
            self.say(MSG["not_understood_choice"].format(example=BUTTONS["validate"]))
            self.show_summary()
        return self.replies

    def _section_choices(self) -> list[Choice]:
        return [Choice(key, label[:1].upper() + label[1:], (key.replace("_", " "),)) for key, label in SECTIONS.items()
                if self._section_answered(key)]

    def _section_answered(self, section: str) -> bool:
        return any(step.id in self.answers for step in section_steps(self.ctx(), section))

    def _ask_modify_select(self) -> None:
        buttons = tuple(Button.choose(c.title, c.id) for c in self._section_choices())
        self.say(MSG["modify_which"], buttons + (Button(BUTTONS["back"], "/go_back"),))

    def _on_modify_select(self, turn: Turn, text: str) -> list[Reply]:
        section = self._section_from(turn, text)
        if not section:
            self.say(MSG["not_understood_choice"].format(example="Adresse"))
            self._ask_modify_select()
            return self.replies
        self._start_modify(section)
        return self.replies

    def _section_from(self, turn: Turn, text: str) -> str | None:
        candidates = [turn.choice or "", turn.entity("rubrique") or "", text]
        choices = self._section_choices()
        for candidate in candidates:
            if candidate in SECTIONS and self._section_answered(candidate):
                return candidate
            cleaned = re.sub(r"^(modifier|changer|corriger)\s+(l[ae' ]\s*|mon |ma |mes |les )?", "", normalise(candidate))
            match = match_choice(cleaned, choices) if cleaned else None
            if match:
                return match.id
        return None

    def _start_modify(self, section: str) -> None:
        locked = set(self.state.get("locked", []))
        for step in section_steps(self.ctx(), section):
            if step.id in self.answers and step.id not in locked and not step.id.startswith("former"):
                self.state["defaults"][step.id] = self.answers.pop(step.id)
                if step.id in self.state["history"]:
                    self.state["history"].remove(step.id)
        self.state["announced"] = None
        self.state["phase"] = "form"
        self.ask()

    def _validate(self, finalize) -> None:
        from registration.store import StaleRevision
        from registration.validation import ValidationRefused

        ctx = self.ctx()
        content = build_content(ctx, self.state)
        dossier = self.state.get("dossier")
        key = self.state.setdefault("validation_key", secrets.token_hex(16))
        try:
            outcome = finalize(self.services.store, self.services.refs, content,
                               dossier_number=dossier["number"] if dossier else None,
                               dossier_academie=dossier["academie"] if dossier else None,
                               expected_revision=dossier.get("revision") if dossier else None,
                               request_key=key)
        except ValidationRefused as refusal:
            self.say(refusal.message)
            return
        except StaleRevision:
            self._reload_modified_dossier()
            return
        except Exception:
            log.exception("validation failed for one conversation")
            self.say(MSG["error_internal"])
            self.show_summary()
            return
        key = "validated_modified" if dossier else "validated"
        self.say(MSG[key].format(label=outcome.label))
        self.say(MSG["validated_reminder"].format(email=content.get("email", ""), deadline=outcome.deadline_text,
                                                  address=outcome.service_address))
        if not outcome.mail_sent:
            self.say(MSG["mail_failed"])
        self.say(MSG["pdf_link"].format(filename=outcome.filename),
                 custom={"type": "document", "url": outcome.url, "filename": outcome.filename,
                         "dossier": outcome.label, "number": outcome.number, "revision": outcome.revision})
        # The answers now live in the validated revision; the draft only remembers that it is done.
        self.state = {**fresh_state(), "phase": "done", "done_label": outcome.label}

    def _reload_modified_dossier(self) -> None:
        """Another modification won: show the dossier as stored now, ready to be modified again."""
        from registration.conversation import consult

        dossier = self.state["dossier"]
        current = self.services.store.get_dossier(dossier["academie"], dossier["session"], dossier["number"])
        self.say(MSG["modify_conflict"].format(label=current.label if current else dossier["label"]))
        if current is None:
            self.state = fresh_state()
            self.ask()
            return
        consult.open_modification(self, current)

    def _on_done(self, turn: Turn, text: str) -> list[Reply]:
        if turn.intent in ("thank", "goodbye"):
            self._smalltalk(turn.intent)
            return self.replies
        label = self.state.get("done_label", "")
        self.state = fresh_state()
        self.say(MSG["done"].format(label=label))
        self.ask()
        return self.replies

    # -- consultation (number + birth date) ----------------------------------------------------------------
    def _after_start(self, value: Any) -> bool:
        code = self.services.store.resume_code_for(self.sender_id)
        if value == "consult":
            self.state["phase"] = "consult_number"
            self.say(MSG["consult_number"], tuple(self._nav_buttons()))
            return False
        if code:
            self.say(MSG["resume_code"].format(code=code))
        return True

    def _on_consult(self, turn: Turn, text: str) -> list[Reply]:
        from registration.conversation import consult
        consult.handle(self, turn, text)
        return self.replies


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _example(title: str) -> str:
    return " ".join(title.split()[:2]) if title else "…"


def _confirm_buttons() -> tuple[Button, ...]:
    return (Button.choose(BUTTONS["confirm_yes"], "yes"), Button.choose(BUTTONS["confirm_no"], "no"))


def _canonical_date(text: str) -> bool:
    return bool(re.fullmatch(r"\d{2}/\d{2}/\d{4}", text.strip()))


def _exact(text: str, choice: Choice) -> bool:
    wanted = normalise(text)
    return wanted in {normalise(choice.title), normalise(choice.id), *map(normalise, choice.aliases)}


def _yes_no(turn: Turn, text: str, choice: str | None) -> bool | None:
    if choice in ("yes", "no"):
        return choice == "yes"
    result = rules.validate_yes_no(text)
    if isinstance(result, Valid):
        return bool(result.value)
    if turn.intent in ("affirm", "deny") and turn.confidence >= 0.7:
        return turn.intent == "affirm"
    return None


def _has_words(words: list[str], choice: Choice) -> bool:
    """Every typed word starts a word of the choice's title or of one of its aliases."""
    for name in (choice.title, *choice.aliases):
        title_words = normalise(name).split()
        if all(any(t.startswith(w) for t in title_words) for w in words):
            return True
    return False


def match_choice(text: str, choices: list[Choice]) -> Choice | None:
    """The choice a typed answer means: its title, an alias, its number in the list, or a close spelling."""
    wanted = normalise(text)
    if not wanted or not choices:
        return None
    for choice in choices:
        if _exact(text, choice):
            return choice
    if wanted.isdigit() and 1 <= int(wanted) <= len(choices) and not any(c.id == wanted for c in choices):
        return choices[int(wanted) - 1]
    words = [w for w in wanted.split() if len(w) >= 3]
    if words:
        containing = [c for c in choices if _has_words(words, c)]
        if len(containing) == 1:
            return containing[0]
    keys: list[tuple[str, Choice]] = []
    for choice in choices:
        keys.append((normalise(choice.title), choice))
        keys.extend((normalise(alias), choice) for alias in choice.aliases)
    scored = process.extract(wanted, [k for k, _ in keys], scorer=fuzz.WRatio, limit=5)
    if not scored:
        return None
    best_key, best_score, best_index = scored[0]
    best = keys[best_index][1]
    rivals = [s for _, s, i in scored[1:] if keys[i][1].id != best.id]
    if best_score >= 86 and (not rivals or best_score - rivals[0] >= 6) and len(wanted) >= 3:
        return best
    return None
