"""Accessible names in the JupyterLab widgets: every control a screen reader reaches has one.

ipywidgets 8 renders ``description`` as the control's own ``<label>`` (linked with ``for`` for text
areas and dropdowns, wrapping the input for checkboxes, the text of a button), and a button's
``tooltip`` as its ``title``. The test walks the widget tree that the browser receives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from ipywidgets import (
    HTML,
    Button,
    Checkbox,
    Dropdown,
    RadioButtons,
    Text,
    Textarea,
    ToggleButtons,
    Widget,
)

from kit.models import parse_exercise
from kit.ui import Identity, exercise_widget
from kit.ui.exercise import ExerciseWidget
from tests.exercises import sample, sample_data

NAMES = ["single", "multiple", "ordering", "matching", "free", "case", "likert", "scenario"]
LABELLED = (Checkbox, Textarea, Dropdown, RadioButtons, Text)


def tree(root: Widget) -> Iterator[Widget]:
    yield root
    for child in getattr(root, "children", ()):
        yield from tree(child)


def shown(root: Widget) -> Iterator[Widget]:
    """The widgets on screen: hidden ones (``display: none``) and their children left out."""
    if root.layout.display == "none":
        return
    yield root
    for child in getattr(root, "children", ()):
        yield from shown(child)


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture(autouse=True)
def _store(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_DB", str(tmp_path / "responses.db"))  # widgets that save write here


def make(name: str, language: str = "en", identity: Identity | None = None, **changes) -> ExerciseWidget:
    exercise = parse_exercise({**sample_data()[name], **changes}) if changes else sample(name)
    who = identity if identity is not None else Identity(participant="p1", session="s1")
    return exercise_widget(exercise, language, identity=who)


@pytest.mark.parametrize("name", NAMES)
def test_every_control_has_an_accessible_name(name):
    widget = make(name, identity=Identity())  # the pseudonym and session fields too
    controls = list(tree(widget.root))
    assert not [control for control in controls if isinstance(control, ToggleButtons)]  # no pressed state
    unnamed = [control for control in controls if isinstance(control, LABELLED) and not text(control.description)]
    assert unnamed == []
    buttons = [control for control in controls if isinstance(control, Button)]
    assert all((button.description or button.tooltip or "").strip() for button in buttons)
    assert "Choose this" not in {button.description for button in buttons}


def test_checkboxes_are_labelled_by_their_option():
    boxes = [control for control in tree(make("multiple").root) if isinstance(control, Checkbox)]
    assert [box.description for box in boxes] == [option["text"] for option in sample_data()["multiple"]["options"]]


def test_text_areas_are_labelled_by_their_prompt():
    free = [control for control in tree(make("free").root) if isinstance(control, Textarea)]
    assert [control.description for control in free] == ["Write your answer."]
    case = make("case", "hu").body.fields
    assert text(dict(case)["problem"].description) == "1. A kliens problémája"


def test_matching_dropdowns_are_named_by_their_left_side():
    dropdowns = [control for control in tree(make("matching").root) if isinstance(control, Dropdown)]
    assert [text(d.description) for d in dropdowns] == [pair["left"] for pair in sample_data()["matching"]["pairs"]]


def test_likert_statements_are_radio_groups():
    groups = [control for control in tree(make("likert").root) if isinstance(control, RadioButtons)]
    assert [text(group.description) for group in groups] == [
        text(statement["text"]) for statement in sample_data()["likert"]["statements"]]
    assert all(group.orientation == "horizontal" and group.value is None for group in groups)


def test_scenario_buttons_say_their_choice_and_submit_waits_for_the_ending():
    long = "Say slowly that you are listening, that there is time, and ask what happened tonight " * 3
    data = sample_data()["scenario"]
    nodes = [{**data["nodes"][0], "choices": [{**data["nodes"][0]["choices"][0], "text": long.strip()},
                                              *data["nodes"][0]["choices"][1:]]}, *data["nodes"][1:]]
    widget = make("scenario", nodes=nodes)
    buttons = list(widget.body.choices.children)
    assert [button.description for button in buttons] == [long.strip(), "Ask for details", "Give numbers"]
    assert all("kit-choice" in button._dom_classes for button in buttons)  # the style lets long texts wrap
    style = next(w.value for w in tree(widget.root) if isinstance(w, HTML) and ".kit-choice{" in w.value)
    assert "white-space:normal" in style.split(".kit-choice{")[1].split("}")[0]
    assert widget.submit_button not in shown(widget.root)
    buttons[2].click()  # "Give numbers": an ending, saved on its own
    assert widget.saved is not None and widget.submit_button not in shown(widget.root)


def test_scenario_submit_appears_when_saving_at_the_ending_needs_it():
    widget = make("scenario", identity=Identity())  # no pseudonym yet: the ending cannot be saved
    widget.body.choices.children[2].click()
    assert widget.saved is None and "pseudonym" in widget.message.value
    assert widget.submit_button in shown(widget.root)
    widget.try_again()
    assert widget.submit_button not in shown(widget.root)


def test_ordering_buttons_name_their_item_and_keep_focus_on_it(monkeypatch):
    focused: list[Button] = []
    monkeypatch.setattr(Button, "focus", lambda self: focused.append(self))
    body = make("ordering").body
    texts = {item["id"]: item["text"] for item in sample_data()["ordering"]["items"]}
    for position, (up, down) in enumerate(body.buttons):
        item = texts[body.order[position]]
        assert (up.tooltip, down.tooltip) == (f"Move up: {item}", f"Move down: {item}")
    moved = body.order[1]
    up = body.rows.children[1].children[0]
    up.click()
    assert body.order[0] == moved
    # the same button objects stay in the page; focus goes to the moved item's button
    assert body.rows.children[1].children[0] is up
    assert focused == [body.buttons[0][1]]  # at the top "up" is disabled: its "down" takes the focus
    assert body.buttons[0][1].tooltip == f"Move down: {texts[moved]}"
