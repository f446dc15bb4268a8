"""The category and the forme checked together when validating: a category changed at the summary never leaves
« forme progressive » (nor marks below 10 that only the progressive forme keeps) in a dossier that cannot have it;
the candidate is sent back to the questions that must change."""

from __future__ import annotations

from registration import rules
from registration.conversation.catalogue.acquis import SEP
from registration.conversation.engine.asking import ask, show_summary
from registration.conversation.engine.turn import TurnContext
from registration.conversation.state import Phase
from registration.conversation.texts import TEXT as MSG
from registration.rules.acquis import PASS_MARK


def _marks_below_pass(tc: TurnContext) -> list[str]:
    """The kept bénéfices' marks below 10 (« acq|diploma|épreuve|note »), which the forme globale cannot keep."""
    found = []
    for key, value in tc.answers.items():
        if not (key.startswith("acq" + SEP) and key.endswith(SEP + "note")):
            continue
        try:
            if value not in (None, "") and float(value) < PASS_MARK:
                found.append(key)
        except (TypeError, ValueError):
            continue
    return found


def send_back_when_incoherent(tc: TurnContext) -> bool:
    """True when the forme does not fit the category: what must change is forgotten and asked again."""
    said = []
    if tc.answers.get("forme") == "progressive":
        checked = rules.check_category_forme(tc.ctx().category, "progressive")
        if isinstance(checked, rules.Invalid):
            tc.forget("forme", "epreuves_progressive")
            said.append(MSG["forme_category_changed"].format(reason=checked.message))
    marks = _marks_below_pass(tc) if (tc.answers.get("forme") or "globale") == "globale" else []
    if marks:
        tc.forget(*marks)
        said.append(MSG["forme_marks_again"])
    if not said:
        return False
    if tc.current_step() is None:  # nothing to ask again: the summary, now right, is read again
        tc.say("\n".join(said))
        show_summary(tc)
    else:
        tc.state.phase = Phase.FORM
        ask(tc, "\n".join(said))
    return True
