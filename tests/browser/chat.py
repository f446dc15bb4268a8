"""A candidate using the web chat with the keyboard only, and the page checks the browser tests share."""

from __future__ import annotations

from dataclasses import dataclass

from registration.conversation.texts import QUESTIONS
from tests.browser.conftest import AXE_TAGS
from tests.conversations.driver import one_field_at_a_time

# A question is recognised by its text up to its first placeholder; the longest match wins, so that two
# questions sharing a beginning ("Quelle est votre date de naissance ?…") are told apart.
MARKERS = {step: texts["ask"].split("{")[0].strip() for step, texts in QUESTIONS.items()}

BOT_TURNS = "#messages > li.msg--bot"
USER_TURNS = "#messages > li.msg--user"

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || el.value || '').trim(),
          inAnswers: !!el.closest('.choices--answers'), outlineStyle: style.outlineStyle,
          outlineWidth: parseFloat(style.outlineWidth) || 0};
}"""

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' '))}));
}"""


def current_question(text: str) -> str | None:
    found = [
        (text.rfind(marker), len(marker), step)
        for step, marker in MARKERS.items()
        if marker and marker in text
    ]
    return max(found)[2] if found else None


def axe_violations(page) -> list[dict]:
    return page.evaluate(AXE_RUN, AXE_TAGS)


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than its viewport (0 when nothing scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


@dataclass
class KeyboardCandidate:
    """Drives the chat page with Tab, Shift+Tab, Enter, Space and typing only."""

    page: object
    turns: int = 0

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.wait_reply(0)

    # --- reading the page ---------------------------------------------------------------------------------
    def bot_count(self) -> int:
        return self.page.locator(BOT_TURNS).count()

    def last_bot_text(self) -> str:
        return self.page.locator(BOT_TURNS).last.inner_text()

    def question(self) -> str | None:
        # The page keeps « … » and the space before : ? ! together with no-break spaces.
        return current_question(self.last_bot_text().replace("\u00a0", " ").replace("\u202f", " "))

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED)

    def wait_reply(self, before: int) -> None:
        self.page.wait_for_function(
            """n => document.querySelectorAll('#messages > li.msg--bot').length > n
                   && document.getElementById('status').textContent === ''""",
            arg=before,
            timeout=90_000,
        )

    # --- acting -------------------------------------------------------------------------------------------
    def assert_focus_visible(self) -> dict:
        focused = self.focused()
        assert focused, "nothing has the focus"
        visible = focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2
        assert visible, f"invisible focus: {focused}"
        return focused

    def tab_to(self, predicate, what: str, limit: int = 60) -> dict:
        """Presses Tab until `predicate(focused)` holds; each element reached must show its focus."""
        for _ in range(limit):
            focused = self.focused()
            if focused and predicate(focused):
                return self.assert_focus_visible()
            self.page.keyboard.press("Tab")
            if self.focused():
                self.assert_focus_visible()
        raise AssertionError(f"could not reach {what} with the Tab key")

    def choose(self, title: str, key: str = "Enter") -> None:
        """Picks the choice whose title starts with `title`, from where the focus is, with Tab then `key`."""
        before = self.bot_count()
        self.tab_to(lambda f: f["tag"] == "button" and f["text"].startswith(title), f"the button {title!r}")
        self.page.keyboard.press(key)
        self.wait_reply(before)
        self.turns += 1

    def type(self, text: str) -> None:
        """Reaches the answer field with Tab, types `text` and presses Enter."""
        before = self.bot_count()
        self.tab_to(lambda f: f["id"] == "answer", "the answer field")
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")
        self.wait_reply(before)
        self.turns += 1

    def act(self, action) -> None:
        """An action is text to type, ("click", title), or a list of actions (as in tests/conversations)."""
        if isinstance(action, list):
            for item in action:
                self.act(item)
        elif isinstance(action, tuple) and action[0] == "click":
            self.choose(action[1], key="Space" if self.turns % 2 else "Enter")
        else:
            self.type(action)

    def first_choice_title(self) -> str | None:
        choice = self.page.locator(BOT_TURNS).last.locator(".choices--answers button:not([disabled])").first
        return choice.inner_text().strip() if choice.count() else None

    def fill(self, profile: dict, *, until: str = "summary", check=None, max_turns: int = 80) -> None:
        """Answers each question from `profile` until `until` is asked; `check(self)` after each turn.

        A question the profile does not know is answered with its first choice when it offers choices.
        """
        for _ in range(max_turns):
            step = self.question()
            if step == until:
                return
            fallback = one_field_at_a_time(profile, step) if step and step not in profile else None
            if step in profile:
                self.act(profile[step])
            elif fallback is not None:
                self.act(fallback)
            else:
                first = self.first_choice_title()
                assert first, f"unexpected question {step!r}: {self.last_bot_text()[-800:]}"
                self.choose(first)
            self.assert_focus_after_reply()
            if check:
                check(self)
        raise AssertionError("the registration did not reach " + until)

    def expects(self) -> str:
        """What the question asked now expects, as its reply said (type, choose, toggle, review)."""
        return self.page.evaluate("document.body.dataset.expects || ''")

    def assert_focus_after_reply(self) -> None:
        """After a reply, focus is on the answer field when the question asks to type, on the question before the
        récapitulatif, else on its first answer choice; never on « Valider votre inscription »."""
        last = self.page.locator(BOT_TURNS).last
        first_choice = last.locator(".choices--answers button:not([disabled])").first
        focused = self.assert_focus_visible()
        assert not focused["text"].startswith("Valider"), focused
        expects = self.expects()
        if expects == "type" or not first_choice.count():
            assert focused["id"] == "answer", (expects, focused)
        elif expects == "review":
            assert focused["tag"] == "h3" and focused["id"].startswith("question-"), focused
        elif expects == "choose":
            assert focused["inAnswers"] and focused["text"] == first_choice.inner_text().strip(), focused
        else:  # a toggle: the item just pressed, or the first one
            assert focused["inAnswers"], focused
