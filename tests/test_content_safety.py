"""Safety decisions in the content that a later edit must not undo (issue 13).

Each test names the decision it pins, so that a failure says which safe practice an edit broke.
"""

from __future__ import annotations

from kit.catalog import load_catalog
from kit.models.scenario import Scenario
from kit.scoring.rules import score
from tests.conftest import ROOT

CATALOG = load_catalog([ROOT / "book", ROOT / "exercises"])


def scenario(exercise_id: str) -> Scenario:
    exercise = CATALOG.exercises[exercise_id]
    assert isinstance(exercise, Scenario), f"{exercise_id} must stay a scenario"
    return exercise


def all_paths(exercise: Scenario) -> list[list[str]]:
    """Every complete path as the list of node ids it visits, start and ending included."""
    paths: list[list[str]] = []
    stack = [[exercise.start]]
    while stack:
        path = stack.pop()
        node = exercise.node_by_id[path[-1]]
        if node.is_ending:
            paths.append(path)
            continue
        stack.extend([*path, choice.goto] for choice in node.choices or [])
    return paths


def test_mediation_intake_best_path_is_victim_first_with_same_day_action():
    exercise = scenario("med-intake-violence")
    best = [choice.id for choice in exercise.best_path()]
    assert best == ["call-separate", "hana-explore", "risk-high", "escalate-together", "plan-full", "tomas-neutral"]
    assert score(exercise, best).ending == "end-safe"


def test_mediation_intake_tells_the_other_parent_only_after_her_safety_plan():
    exercise = scenario("med-intake-violence")
    for path in all_paths(exercise):
        if "tomas-calls" in path:
            assert "plan" in path[: path.index("tomas-calls")], f"Tomáš is answered before Hana's safety plan: {path}"


def test_mediation_intake_a_thursday_appointment_scores_below_same_day_action():
    exercise = scenario("med-intake-violence")
    thursday = score(exercise, ["call-separate", "hana-explore", "risk-thursday"])
    same_day = score(exercise, [choice.id for choice in exercise.best_path()])
    assert thursday.ending == "end-thursday"
    assert thursday.score is not None and same_day.score is not None
    assert thursday.score < same_day.score / 2


def test_home_visit_police_feedback_does_not_call_the_risk_small():
    exercise = scenario("fs-home-visit")
    choice = next(choice for node in exercise.nodes for choice in node.choices or [] if choice.id == "check-police")
    assert choice.feedback is not None
    assert "nothing she said points to danger" not in choice.feedback.lower()
    assert "112" in choice.feedback
