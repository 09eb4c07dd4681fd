"""The scoring rules of DESIGN §4, example by example and as properties."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.scoring import score
from tests.exercises import sample


@pytest.mark.parametrize(
    ("name", "answer", "expected"),
    [
        ("single", "b", 2),
        ("single", "c", 1),  # weight 50 of 2 points
        ("single", "a", 0),
        ("multiple", ["a", "b", "d"], 3),
        ("multiple", ["a", "c"], 0),  # +1/3 −1/3
        ("multiple", ["a"], 1),
        ("multiple", [], 0),
        ("weighted", ["signs", "contacts", "means"], 4),
        ("weighted", ["signs", "promise"], 0),  # clamped at 0
        ("weighted", ["signs", "means", "secret"], 2.8),
        ("ordering", ["contact", "problem", "feelings", "options", "plan"], 2),
        ("ordering", ["plan", "options", "feelings", "problem", "contact"], 0),
        ("ordering", ["problem", "contact", "feelings", "options", "plan"], 1.8),  # 9 of 10 pairs
        ("matching", {"sup": "sup", "peer": "peer", "fam": "coach"}, 2),
        ("matching", {"sup": "peer", "peer": "peer"}, 1),  # a right side chosen twice
        ("scenario", ["open-1", "ask"], 60 / 7),  # 2+1+3 = 6 of the best 7
        ("scenario", ["open-2", "ask"], 10),  # 1+3+3 = 7, clamped at best
        ("scenario", ["open-3"], 0),  # −2 clamped at 0
        ("scenario", ["open-1", "reassure"], 10 * 1 / 7),
    ],
)
def test_scores(name, answer, expected):
    result = score(sample(name), answer)
    assert result.status == "scored", result.reason
    assert result.score == pytest.approx(expected)


def test_scenario_best_total_and_competencies():
    scenario = sample("scenario")
    assert scenario.best_total == 7
    result = score(scenario, ["open-1", "ask"])
    assert result.competencies == {"rapport": 2, "safety": 1, "risk": 3}
    assert result.outcome == "Safe"
    assert result.score == pytest.approx(10 * 6 / 7)


@pytest.mark.parametrize(
    ("name", "answer", "reason"),
    [
        ("single", "z", "'z' is not an option"),
        ("single", ["b"], "must be an id"),
        ("multiple", ["a", "a"], "more than once"),
        ("multiple", "a", "must be a list"),
        ("ordering", ["contact", "problem"], "every item exactly once"),
        ("ordering", ["contact", "contact", "feelings", "options", "plan"], "every item exactly once"),
        ("matching", {"sup": "nope"}, "'nope' is not a pair"),
        ("matching", {"sup": None}, "must be an id"),
        ("matching", ["sup"], "must map"),
        ("free", 5, "must be text"),
        ("case", {"weather": "x"}, "'weather' is not a dimension"),
        ("case", "text", "must map"),
        ("likert", {"talk": 6}, "from 1 to 5"),
        ("likert", {"talk": True}, "from 1 to 5"),
        ("likert", {"talk": 2.5}, "from 1 to 5"),
        ("scenario", ["open-1"], "stops at 'listen' before an ending"),
        ("scenario", ["open-3", "ask"], "already ended"),
        ("scenario", ["ask"], "is not a choice at node 'open'"),
        ("scenario", [], "before an ending"),
    ],
)
def test_wrong_shapes_are_invalid_with_a_reason(name, answer, reason):
    result = score(sample(name), answer)
    assert result.status == "invalid"
    assert result.score is None
    assert reason in result.reason


def test_likert_is_recorded_with_maximum_zero():
    result = score(sample("likert"), {"talk": 5})
    assert (result.status, result.score, result.max_score) == ("recorded", None, 0)


def test_person_scored_is_pending_until_every_criterion_has_a_grade():
    exercise = sample("free")
    assert score(exercise, "text").status == "pending"
    assert score(exercise, "text", {"facts": 3}).status == "pending"
    result = score(exercise, "text", {"facts": 5, "consent": 1.5})  # 5 is capped at 3
    assert (result.status, result.score, result.max_score) == ("scored", 4.5, 5)


def test_case_discussion_may_leave_dimensions_out():
    result = score(sample("case"), {"problem": "x"}, {"coverage": 4, "next": 0})
    assert (result.status, result.score) == ("scored", 4)


# --- properties -----------------------------------------------------------------------------

AUTO = ["single", "multiple", "weighted", "ordering", "matching", "scenario"]


def _options(name):
    return [option.id for option in sample(name).options]


@st.composite
def answers(draw, name):
    exercise = sample(name)
    if name == "single":
        return draw(st.sampled_from(_options(name)))
    if name in ("multiple", "weighted"):
        return draw(st.lists(st.sampled_from(_options(name)), unique=True))
    if name == "ordering":
        return draw(st.permutations(exercise.key))
    if name == "matching":
        ids = [pair.id for pair in exercise.pairs]
        return draw(st.dictionaries(st.sampled_from(ids), st.sampled_from(ids)))
    path, node = [], exercise.node_by_id[exercise.start]
    while not node.is_ending:
        choice = draw(st.sampled_from(node.choices))
        path.append(choice.id)
        node = exercise.node_by_id[choice.goto]
    return path


@pytest.mark.parametrize("name", AUTO)
@given(data=st.data())
def test_a_valid_answer_scores_between_zero_and_the_maximum(name, data):
    exercise = sample(name)
    result = score(exercise, data.draw(answers(name)))
    assert result.status == "scored"
    assert 0 <= result.score <= exercise.max_score + 1e-9


def _key_answer(name):
    exercise = sample(name)
    if name == "single":
        return exercise.correct_option.id
    if name in ("multiple", "weighted"):
        return [option.id for option in exercise.options if exercise.is_correct(option)]
    if name == "ordering":
        return exercise.key
    if name == "matching":
        return {pair.id: pair.id for pair in exercise.pairs}
    return [choice.id for choice in exercise.best_path()]


@pytest.mark.parametrize("name", AUTO)
def test_the_keys_own_answer_gets_full_points(name):
    exercise = sample(name)
    assert score(exercise, _key_answer(name)).score == pytest.approx(exercise.max_score)


@given(st.permutations(["a", "b", "c", "d", "e", "f"]))
def test_ordering_score_counts_pairs_kept(order):
    from kit.models import parse_exercise

    exercise = parse_exercise({
        "id": "six-items", "type": "ordering", "title": "t", "prompt": "p", "points": 15,
        "items": [{"id": letter, "text": letter} for letter in "abcdef"],
    })
    kept = sum(1 for x, y in itertools.combinations(order, 2) if x < y)
    assert score(exercise, list(order)).score == pytest.approx(kept)
