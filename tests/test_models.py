"""The exercise format (DESIGN §4): defaults and every validation rule, with the key path named."""

from __future__ import annotations

import copy

import pytest

from kit.errors import ExerciseInvalid
from kit.models import DEFAULT_DIMENSIONS, parse_exercise
from tests.exercises import sample, sample_data


def issues_of(data: dict) -> list[str]:
    with pytest.raises(ExerciseInvalid) as caught:
        parse_exercise(data)
    return [str(issue) for issue in caught.value.issues]


def changed(name: str, **changes) -> dict:
    data = copy.deepcopy(sample_data()[name])
    data.update(changes)
    return data


@pytest.mark.parametrize("name", list(sample_data()))
def test_every_sample_exercise_is_valid(name):
    assert parse_exercise(sample_data()[name]).id == sample_data()[name]["id"]


def test_defaults():
    exercise = sample("single")
    assert [option.id for option in exercise.options] == ["a", "b", "c"]
    assert exercise.minutes == 5
    assert sample("free").points == 1
    scenario = sample("scenario")
    assert [choice.id for choice in scenario.nodes[0].choices] == ["open-1", "open-2", "open-3"]
    assert sample("case").dimension_ids == DEFAULT_DIMENSIONS


def test_multiple_choice_default_weights_are_plus_and_minus_one_over_k():
    weights = sample("multiple").weights()
    assert weights == {"a": 100 / 3, "b": 100 / 3, "c": -100 / 3, "d": 100 / 3}


def test_weighted_multiple_choice_treats_missing_weight_as_zero():
    assert sample("weighted").weights()["secret"] == 0


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (changed("single", id="AB"), "id: 'AB' is not a valid id"),
        (changed("single", optoins=[]), "optoins: unknown key 'optoins' (did you mean 'options'?)"),
        (changed("single", points=0), "points: must be greater than 0"),
        (changed("single", options=[{"text": "only", "correct": True}]), "options: needs at least 2 entries"),
        (
            changed("single", options=[{"text": "a", "correct": True}, {"text": "b", "correct": True}]),
            "2 options are marked correct",
        ),
        (changed("single", options=[{"text": "a"}, {"text": "b"}]), "no option is marked 'correct: true'"),
        (
            changed("single", options=[{"text": "a", "correct": True}, {"text": "b", "weight": 120}]),
            "options[1].weight: a wrong option's weight is partial credit from 0 to 99",
        ),
        (
            changed("weighted", options=[{"text": "a", "weight": 50}, {"text": "b", "weight": 40}]),
            "the positive weights add up to 90, not 100",
        ),
        (changed("multiple", options=[{"text": "a"}, {"text": "b"}]), "mark at least one"),
        (changed("ordering", items=[{"text": "a"}, {"id": "b", "text": "b"}]), "items[0].id: is required"),
        (changed("matching", pairs=[{"id": "x", "left": "l", "right": "r"}]), "pairs: needs at least 2"),
        (changed("free", rubric=[]), "rubric: needs at least 1 entries"),
        (changed("likert", scale=["only"]), "scale: needs at least 2 entries"),
        (changed("single", type="single"), "type: 'single' is not an exercise type (did you mean 'single-choice'?)"),
        (
            changed("single", options=[{"id": "x", "text": "a", "correct": True}, {"id": "x", "text": "b"}]),
            "options[1].id: 'x' is already the id of options[0]",
        ),
    ],
)
def test_rule_breaks_are_reported_with_their_key_path(data, expected):
    assert any(expected in issue for issue in issues_of(data)), issues_of(data)


def _scenario(**changes) -> dict:
    return changed("scenario", **changes)


def test_scenario_goto_typo_suggests_the_node():
    data = _scenario()
    data["nodes"][1]["choices"][0]["goto"] = "end-sfae"
    assert issues_of(data) == [
        "nodes[1].choices[0].goto: 'end-sfae' is not a node (did you mean 'end-safe'?)"
    ]


def test_scenario_ending_needs_an_outcome():
    data = _scenario()
    del data["nodes"][2]["outcome"]
    assert issues_of(data) == [
        "nodes[2].outcome: node 'end-safe' has no choices, so it is an ending and needs an 'outcome'"
    ]


def test_scenario_cycle_is_reported():
    data = _scenario()
    data["nodes"][1]["choices"][1]["goto"] = "open"
    (issue,) = issues_of(data)
    assert "goes round in a circle: open → listen → open" in issue


def test_scenario_unreachable_node_is_reported():
    data = _scenario()
    data["nodes"].append({"id": "orphan", "text": "x", "outcome": "y"})
    assert issues_of(data) == [
        "nodes[4]: node 'orphan' cannot be reached from start 'open'; link to it with a 'goto' or remove it"
    ]


def test_scenario_best_path_must_score_more_than_zero():
    data = _scenario()
    for node in data["nodes"]:
        for choice in node.get("choices", []):
            choice["score"] = {"x": -1}
    assert "the best path scores -1 in total" in issues_of(data)[0]


def test_scenario_unknown_start():
    (issue,) = issues_of(_scenario(start="opne"))
    assert issue == "start: 'opne' is not a node (did you mean 'open'?)"


def test_scenario_best_path_uses_dynamic_programming_not_greed():
    # greedy takes the +5 first step and ends at 5; the best path is 1 + 10 = 11
    data = {
        "id": "greedy-trap", "type": "scenario", "title": "t", "start": "s",
        "nodes": [
            {"id": "s", "text": "x", "choices": [
                {"text": "big", "goto": "e1", "score": {"a": 5}},
                {"text": "small", "goto": "m", "score": {"a": 1}},
            ]},
            {"id": "m", "text": "x", "choices": [{"text": "x", "goto": "e2", "score": {"a": 10}}]},
            {"id": "e1", "text": "x", "outcome": "o1"},
            {"id": "e2", "text": "x", "outcome": "o2"},
        ],
    }
    scenario = parse_exercise(data)
    assert scenario.best_total == 11
    assert [choice.id for choice in scenario.best_path()] == ["s-2", "m-1"]
