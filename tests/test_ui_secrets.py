"""DESIGN §8 in the browser: before an answer is submitted, no widget state holds any of the key.

The browser receives exactly the synced state of the widgets (``get_state()``), so the test collects
it for every widget reachable from an exercise widget (children, layouts, styles) and searches it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from ipywidgets import Widget

from kit.models import parse_exercise
from kit.ui import Identity, exercise_widget

SECRET_EXERCISES: dict[str, dict[str, Any]] = {
    "single": {
        "id": "secret-single", "type": "single-choice", "title": "Pick", "prompt": "Pick one.",
        "options": [
            {"text": "Alpha", "feedback": "FEEDBACK-alpha-xq"},
            {"text": "Beta", "correct": True, "feedback": "FEEDBACK-beta-xq"},
            {"text": "Gamma", "weight": 37.25, "feedback": "FEEDBACK-gamma-xq"},
        ],
        "facilitator": {"notes": "FACILITATOR-notes-xq", "debrief": ["FACILITATOR-debrief-xq"]},
    },
    "multiple": {
        "id": "secret-multiple", "type": "multiple-choice", "title": "Pick", "prompt": "Pick some.",
        "options": [
            {"id": "o1", "text": "Alpha", "weight": 62.75, "feedback": "FEEDBACK-alpha-xq"},
            {"id": "o2", "text": "Beta", "weight": 37.25},
            {"id": "o3", "text": "Gamma", "weight": -41.5, "feedback": "FEEDBACK-gamma-xq"},
        ],
    },
    "ordering": {
        "id": "secret-ordering", "type": "ordering", "title": "Order", "prompt": "Put them in order.",
        "items": [{"id": "i1", "text": "First"}, {"id": "i2", "text": "Second"}, {"id": "i3", "text": "Third"}],
    },
    "matching": {
        "id": "secret-matching", "type": "matching", "title": "Match", "prompt": "Match them.",
        "pairs": [{"id": "p1", "left": "Left one", "right": "Right one"},
                  {"id": "p2", "left": "Left two", "right": "Right two"}],
    },
    "free": {
        "id": "secret-free", "type": "free-text", "title": "Write", "prompt": "Write.", "min_words": 20,
        # the total (5.25) is shown, as in the static view; the criteria and their points are not
        "rubric": [{"id": "facts", "criterion": "RUBRIC-facts-xq", "points": 3.75},
                   {"id": "consent", "criterion": "RUBRIC-consent-xq", "points": 1.5}],
    },
    "case": {
        "id": "secret-case", "type": "case-discussion", "title": "Case", "prompt": "Reflect.",
        "case": "A client.", "rubric": [{"id": "cover", "criterion": "RUBRIC-cover-xq", "points": 4}],
    },
    "likert": {
        "id": "secret-likert", "type": "likert", "title": "Rate", "prompt": "Rate.",
        "statements": [{"id": "s1", "text": "I cope."}, {"id": "s2", "text": "I worry.", "reverse": True}],
    },
    "scenario": {
        "id": "secret-scenario", "type": "scenario", "title": "Call", "start": "n1",
        "nodes": [
            {"id": "n1", "text": "Hello?", "speaker": "Caller", "choices": [
                {"text": "Greet", "goto": "n2", "score": {"hiddencompetency": 7}, "feedback": "FEEDBACK-greet-xq"},
                {"text": "Hang up", "goto": "end-lost", "score": {"hiddencompetency": -3},
                 "feedback": "FEEDBACK-hang-xq"}]},
            {"id": "n2", "text": "I need help.", "choices": [
                {"text": "Listen", "goto": "end-safe", "score": {"othercompetency": 5},
                 "feedback": "FEEDBACK-listen-xq"}]},
            {"id": "end-safe", "text": "Thanks.", "outcome": "OUTCOME-safe-xq"},
            {"id": "end-lost", "text": "Silence.", "outcome": "OUTCOME-lost-xq"},
        ],
    },
}

# text that must not reach the browser before submission, besides every "-xq" marker above
FORBIDDEN = ["-xq", "37.25", "62.75", "41.5", "3.75", "1.5 ", "hiddencompetency", "othercompetency", "correct",
             "weight", "feedback", "rubric", "reverse", "facilitator", "OUTCOME", "n2", "end-safe", "end-lost",
             "I need help", "Thanks.", "Silence."]  # later scenario nodes: one node at a time

ANSWERS = {"single": "c", "multiple": ["o1", "o3"], "ordering": ["i1", "i2", "i3"], "matching": {"p1": "p1"},
           "free": "Some words.", "case": {"problem": "Stuck."}, "likert": {"s2": 4}, "scenario": ["n1-1", "n2-1"]}


def values(state: Any) -> list[str]:
    """Every value in a widget state, as text (trait names such as ``font_weight`` are not values)."""
    if isinstance(state, dict):
        return [text for value in state.values() for text in values(value)]
    if isinstance(state, (list, tuple)):
        return [text for value in state for text in values(value)]
    return [] if state is None else [str(state)]


def tree_state(root: Widget) -> str:
    """The values of the synced state of every widget reachable from ``root``: what the browser gets."""
    states: list[dict[str, Any]] = []
    seen: set[str] = set()

    def visit(widget: Widget) -> None:
        if widget.model_id in seen:
            return
        seen.add(widget.model_id)
        states.append(widget.get_state())
        for name in widget.keys:
            value = getattr(widget, name)
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, Widget):
                    visit(item)

    visit(root)
    text = "\n".join(values(states))
    text = re.sub(r"IPY_MODEL_[0-9a-f]+", "IPY_MODEL", text)  # model ids are random hex
    return text.replace("font-weight", "font-w")  # CSS, not an option's weight


def widget_for(name: str, tmp_path) -> Any:
    return exercise_widget(parse_exercise(SECRET_EXERCISES[name]), "en",
                           identity=Identity(participant="p1", session="s1"), db=str(tmp_path / "r.db"))


@pytest.mark.parametrize("name", sorted(SECRET_EXERCISES))
def test_no_secret_in_the_widget_state_before_submission(name, tmp_path):
    widget = widget_for(name, tmp_path)
    state = tree_state(widget.root)
    assert "Submit" in state  # the collection does reach the buttons
    leaked = [secret for secret in FORBIDDEN if secret.lower() in state.lower()]
    assert leaked == [], f"{name}: {leaked}"


def test_the_ordering_widget_never_starts_in_the_key_order(tmp_path):
    widget = widget_for("ordering", tmp_path)
    state = tree_state(widget.root)
    positions = [state.index(text) for text in ("First", "Second", "Third")]
    assert positions != sorted(positions)


@pytest.mark.parametrize("name", ["single", "multiple", "scenario"])
def test_feedback_arrives_after_submission(name, tmp_path):
    """The same collection sees the feedback once the answer is saved: the test above can fail."""
    widget = widget_for(name, tmp_path)
    assert widget.submit(ANSWERS[name])
    state = tree_state(widget.root)
    assert "FEEDBACK-" in state
    if name == "single":
        assert "FEEDBACK-gamma-xq" in state and "FEEDBACK-beta-xq" not in state  # only what was chosen
    if name == "scenario":
        assert "hiddencompetency" in state and "OUTCOME-safe-xq" in state and "FEEDBACK-hang-xq" not in state


def test_a_scenario_step_shows_only_the_feedback_of_the_choice_taken(tmp_path):
    widget = widget_for("scenario", tmp_path)
    widget.body.choose(0)
    state = tree_state(widget.root)
    assert "FEEDBACK-greet-xq" in state
    assert "FEEDBACK-hang-xq" not in state and "FEEDBACK-listen-xq" not in state
    assert "hiddencompetency" not in state and "OUTCOME" not in state
