"""A registration in the web chat read as a screen reader reads it: Chromium's own accessibility tree (through the
DevTools protocol) after each turn. The question is a heading that names the answer field, the field says what it
expects (autofill token, phone keyboard, example), an error makes it invalid and describes it, multi-choice items
are toggles keeping the focus, and focus never lands on « Valider votre inscription »."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.chat import BOT_TURNS, KeyboardCandidate, axe_violations
from tests.conversations.test_registrations import BASE, COMBINED

pytestmark = pytest.mark.browser

SETTLE = 1_000  # ms: the reply is announced once the focus move has settled (chat.js waits 400 ms)

# What the field must say it expects, question by question (autocomplete, inputmode).
PURPOSES = {
    "identite": ("name", "text"),
    "nom": ("family-name", "text"),
    "prenoms": ("given-name", "text"),
    "date_naissance": ("bday", "numeric"),
    "adresse_complete": ("street-address", "text"),
    "adresse": ("street-address", "text"),
    "code_postal": ("postal-code", "numeric"),
    "localite": ("address-level2", "text"),
    "email": ("email", "email"),
}


class Tree:
    """Nodes of Chromium's accessibility tree, as a screen reader gets them."""

    def __init__(self, page) -> None:
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Accessibility.enable")

    def node(self, selector: str) -> dict:
        root = self.cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        found = self.cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert found, f"nothing matches {selector}"
        [node] = self.cdp.send("Accessibility.getPartialAXTree", {"nodeId": found, "fetchRelatives": False})[
            "nodes"
        ][:1]
        return {
            "role": node["role"]["value"],
            "name": node.get("name", {}).get("value", ""),
            "description": node.get("description", {}).get("value", ""),
            "properties": {p["name"]: p["value"].get("value") for p in node.get("properties", [])},
        }


def question_heading(page) -> str:
    """The question of the latest turn: a level-3 heading of that turn."""
    heading = page.locator(BOT_TURNS).last.locator("h3.msg__question")
    assert heading.count() == 1, page.locator(BOT_TURNS).last.inner_text()
    return heading.inner_text().strip()


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def check_turn(tree: Tree, seen: dict[str, tuple[str, str]]):
    def check(candidate: KeyboardCandidate) -> None:
        page = candidate.page
        expects = candidate.expects()
        if expects == "type":
            question = question_heading(page)
            field = tree.node("#answer")
            assert field["role"] == "textbox"
            # Named by the question (then by its visible label), described by the example and the help words.
            assert norm(field["name"]).startswith(norm(question)), field
            assert norm(field["name"]).endswith("Votre réponse"), field
            example = page.locator("#answer-example")
            if example.is_visible():
                assert norm(example.inner_text()) in norm(field["description"]), field
            assert "invalid" not in field["properties"] or field["properties"]["invalid"] == "false"
            step = candidate.question()
            if step in PURPOSES:
                seen[step] = (
                    page.get_attribute("#answer", "autocomplete"),
                    page.get_attribute("#answer", "inputmode"),
                )
        elif expects in ("choose", "toggle"):
            question = question_heading(page)
            assert page.get_by_role("group", name=question).count() == 1, question
        assert candidate.focused()["text"] != "Valider votre inscription"

    return check


def test_a_registration_through_the_accessibility_tree(chat_url, new_page):
    page = new_page()
    tree = Tree(page)
    candidate = KeyboardCandidate(page)
    candidate.open(chat_url)
    start = question_heading(page)
    assert page.get_by_role("heading", name=start, level=3).count() == 1
    assert page.get_by_role("group", name=start).locator("button").count() == 2
    seen: dict[str, tuple[str, str]] = {}
    check = check_turn(tree, seen)
    candidate.fill(COMBINED, until="date_naissance", check=check)

    # A wrong date: the field is invalid and described by the error until the next answer.
    candidate.type("le 45 mai")
    candidate.assert_focus_after_reply()
    field = tree.node("#answer")
    error = page.locator(BOT_TURNS).last.locator(".msg__error")
    assert error.count() == 1 and field["properties"].get("invalid") == "true", field
    assert norm(error.inner_text()) in norm(field["description"]), field
    assert candidate.expects() == "type"
    assert page.get_attribute("#answer", "autocomplete") == "bday"
    assert page.get_attribute("#answer", "inputmode") == "numeric"
    assert page.title().startswith("État civil (étape 1 sur 9)")
    candidate.type(COMBINED["date_naissance"])
    assert tree.node("#answer")["properties"].get("invalid") in (None, "false")

    # A multi-choice: real toggles; the focus stays on the item toggled; no ☐/☑ to read.
    candidate.fill(COMBINED, until="acquis_diplomas", check=check)
    assert candidate.expects() == "toggle"
    toggles = page.locator(BOT_TURNS).last.locator("button[aria-pressed]")
    assert toggles.count() >= 1
    assert not any(t.startswith(("☐", "☑")) for t in toggles.all_inner_texts())
    first = toggles.first
    title = first.inner_text().strip()
    assert first.get_attribute("aria-pressed") == "false"
    before = candidate.bot_count()
    candidate.tab_to(lambda f: f["tag"] == "button" and f["text"] == title, "the first toggle")
    page.keyboard.press("Space")
    candidate.wait_reply(before)
    focused = candidate.focused()
    assert focused["text"] == title and focused["inAnswers"], focused
    assert page.locator(BOT_TURNS).last.get_by_role("button", name=title, pressed=True).count() == 1
    before = candidate.bot_count()
    page.keyboard.press("Enter")  # untick it again, from where the focus stayed
    candidate.wait_reply(before)
    assert page.locator(BOT_TURNS).last.get_by_role("button", name=title, pressed=False).count() == 1
    assert candidate.focused()["text"] == title

    candidate.fill(COMBINED, check=check)
    # The récapitulatif: focus on its question, never on « Valider »; summarised for the screen reader.
    candidate.assert_focus_after_reply()
    assert candidate.expects() == "review"
    assert candidate.focused()["tag"] == "h3"
    page.wait_for_timeout(SETTLE)
    assert page.locator("#announce").inner_text().startswith("Récapitulatif")
    assert page.title().startswith("Récapitulatif")
    assert axe_violations(page) == []
    assert seen == {
        step: PURPOSES[step] for step in ("identite", "date_naissance", "adresse_complete", "email")
    }


def test_one_field_at_a_time_each_field_says_its_purpose_and_a_long_list_is_summarised(chat_url, new_page):
    page = new_page()
    tree = Tree(page)
    candidate = KeyboardCandidate(page)
    candidate.open(chat_url)
    seen: dict[str, tuple[str, str]] = {}
    check = check_turn(tree, seen)
    profile = BASE
    candidate.fill(profile, until="naissance_arrondissement", check=check)

    # 20 buttons: typed more easily than browsed; the screen reader hears one line instead of twenty.
    assert candidate.focused()["id"] == "answer"
    assert page.get_attribute("#answer", "inputmode") == "numeric"
    group = page.locator(BOT_TURNS).last.locator(".choices--answers")
    assert group.locator("button").count() == 20
    page.wait_for_timeout(SETTLE)
    announced = page.locator("#announce").inner_text()
    assert "20 arrondissements, tapez le numéro" in announced
    assert question_heading(page) not in announced  # the question is read once, by the focused field
    expect(group).to_have_accessible_description(re.compile("20 arrondissements, tapez le numéro"))
    assert page.get_by_role("group", name=question_heading(page)).count() == 1
    candidate.type("15")

    candidate.fill(profile, check=check)
    for step in ("identite", "prenoms", "adresse", "code_postal", "localite", "email"):
        assert seen.get(step) == PURPOSES[step], (step, seen.get(step))
