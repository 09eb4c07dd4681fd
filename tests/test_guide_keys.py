"""The key of every exercise type for the guide, and the scenario map (kit.guide.keys, scenario_map)."""

from __future__ import annotations

import itertools

import pytest

from kit.guide.keys import exercise_key
from kit.guide.scenario_map import best_to, depths, layout, mermaid, wrap
from kit.models import parse_exercise
from tests.exercises import sample


def test_single_choice_key_names_the_correct_option_its_feedback_and_partial_credit():
    key = exercise_key(sample("single"))
    assert [(o.id, o.correct, o.weight) for o in key.options] == [("a", False, 0), ("b", True, 100), ("c", False, 50)]
    correct = next(o for o in key.options if o.correct)
    assert (correct.text, correct.feedback) == ("Say your name and that there is time.", "Right.")
    assert key.show_weights and not key.multiple


def test_single_choice_without_partial_credit_hides_the_weight_column():
    exercise = parse_exercise({"id": "yes-no", "type": "single-choice", "title": "T", "prompt": "P",
                               "options": [{"text": "Yes", "correct": True}, {"text": "No"}]})
    assert exercise_key(exercise).show_weights is False


def test_multiple_choice_keys_carry_the_scoring_weights():
    plain = exercise_key(sample("multiple"))
    assert [round(o.weight, 4) for o in plain.options] == [33.3333, 33.3333, -33.3333, 33.3333]
    assert [o.correct for o in plain.options] == [True, True, False, True]
    weighted = exercise_key(sample("weighted"))
    assert {o.id: o.weight for o in weighted.options} == {"signs": 30, "contacts": 30, "means": 40,
                                                          "promise": -50, "secret": 0}
    assert [o.id for o in weighted.options if o.correct] == ["signs", "contacts", "means"]


def test_ordering_and_matching_keys():
    assert exercise_key(sample("ordering")).items == ["Contact", "Problem", "Feelings", "Options", "Plan"]
    assert exercise_key(sample("matching")).pairs[1] == ("Colleagues look at a case", "Case discussion")


def test_rubric_keys_with_points_and_case_discussion_dimensions_in_the_module_language():
    free = exercise_key(sample("free"))
    assert (free.criteria, free.total, free.min_words, free.dimensions) == (
        [("Facts", 3), ("Consent", 2)], 5, 50, [])
    case = exercise_key(sample("case"), "hu")
    assert case.total == 6 and len(case.dimensions) == 9
    assert case.dimensions[0] == "A kliens problémája"


def test_likert_key_uses_the_default_scale_of_the_language():
    key = exercise_key(sample("likert"), "cs")
    assert key.scale[-1] == "Rozhodně souhlasím"
    assert key.statements == [("I can talk it through.", False), ("I replay calls.", True)]


def test_scenario_key_is_the_best_path_with_totals_and_every_ending():
    scenario = sample("scenario")
    key = exercise_key(scenario)
    assert [step.choice_id for step in key.steps] == [str(c.id) for c in scenario.best_path()]
    assert [(s.node_id, s.choice_text) for s in key.steps] == [("open", "Ask for details"), ("listen", "Ask directly")]
    assert key.totals == {"rapport": 1, "risk": 6} and key.best_total == 7
    assert [(e.node_id, e.outcome, e.best_raw, e.best) for e in key.endings] == [
        ("end-safe", "Safe", 7, True), ("end-lost", "Lost", 2, False)]
    assert key.endings[1].score == pytest.approx(10 * 2 / 7)


def branching(width: int = 3, depth: int = 3) -> dict:
    """A scenario whose every node offers ``width`` choices, some of them skipping a level."""
    nodes = []
    for level in range(depth):
        for i in range(width if level else 1):
            choices = [{"text": f"go {j}", "goto": f"n{level + 1}-{j}" if level + 1 < depth else f"end-{j}",
                        "score": {"skill": j - 1}} for j in range(width)]
            choices.append({"text": "jump", "goto": f"end-{width - 1}", "score": {"skill": 1}})
            nodes.append({"id": f"n{level}-{i}", "text": "…", "choices": choices})
    nodes += [{"id": f"end-{j}", "text": "end", "outcome": f"Outcome {j}"} for j in range(width)]
    return {"id": "branching", "type": "scenario", "title": "B", "start": "n0-0", "nodes": nodes}


@pytest.mark.parametrize("data", [branching(), branching(5, 4), branching(2, 6), branching(12, 3)])
def test_the_map_puts_each_node_below_all_its_parents_inside_the_page_without_overlap(data):
    scenario = parse_exercise(data)
    drawing = layout(scenario, {str(c.id) for c in scenario.best_path()})
    boxes = {node.id: node for node in drawing.nodes}
    assert set(boxes) == {node.id for node in scenario.nodes}
    for node in drawing.nodes:
        assert node.x >= 0 and node.x + node.width <= drawing.width + 0.01
        assert node.y + node.height <= drawing.height
    for a, b in itertools.combinations(drawing.nodes, 2):
        apart = a.x + a.width <= b.x + 0.01 or b.x + b.width <= a.x + 0.01
        assert apart or a.y + a.height <= b.y or b.y + b.height <= a.y, (a.id, b.id)
    for node in scenario.nodes:
        for choice in node.choices or []:
            assert boxes[node.id].y + boxes[node.id].height < boxes[choice.goto].y
    assert len(drawing.edges) == sum(len(node.choices or []) for node in scenario.nodes)
    assert sum(edge.best for edge in drawing.edges) == len(scenario.best_path())


def test_depth_is_the_longest_way_from_the_start_and_best_to_the_largest_total():
    scenario = sample("scenario")
    assert depths(scenario) == {"open": 0, "listen": 1, "end-safe": 2, "end-lost": 2}
    assert best_to(scenario) == {"open": 0, "listen": 4, "end-safe": 7, "end-lost": 2}


def test_long_ids_wrap_at_hyphens():
    assert wrap("end-unsafe-agreement", 80) == ("end-unsafe-", "agreement")
    assert wrap("open", 80) == ("open",)
    assert all(len(line) <= 12 for line in wrap("a-very-long-identifier-that-goes-on-and-on", 80))


def test_mermaid_map_marks_the_best_path_and_endings():
    scenario = sample("scenario")
    text = mermaid(scenario, {str(c.id) for c in scenario.best_path()})
    assert text.startswith("flowchart TD")
    assert '(["end-safe"])' in text and '["open"]' in text
    assert text.count("==>") == 2 and "linkStyle" in text
