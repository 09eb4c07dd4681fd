"""The page's scorer (kit/player/static/player.js, run by node) scores exactly as ``kit score`` does.

Every attempt of the contract examples and property-generated exercises and answers go through the
same script the self-study pages load; each result must equal kit.scoring's on the answer as the page
would download it (JSON.stringify of what it scored), written as ``kit score`` writes numbers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kit.catalog import load_catalog
from kit.errors import ExerciseInvalid
from kit.models import Exercise, parse_exercise
from kit.player.render import page_data
from kit.scoring import score
from kit.scoring.session import format_number
from tests.conftest import DATA, ROOT
from tests.exercises import sample_data

SCRIPT = ROOT / "tests" / "node" / "score.cjs"
CONTRACT = DATA / "contract"


class PageScorer:
    """One node process running player.js's scorer; a case is one line each way."""

    def __init__(self) -> None:
        node = shutil.which("node")
        assert node, "node is needed to run the page's scorer (Debian: apt-get install nodejs)"
        self.process = subprocess.Popen([node, str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, encoding="utf-8")

    def __call__(self, exercise: Exercise, language: str, answer: Any) -> dict[str, Any]:
        case = {"data": page_data(exercise, language, "self-study"), "answer": json.dumps(answer)}
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(case) + "\n")
        self.process.stdin.flush()
        reply = json.loads(self.process.stdout.readline())
        assert "error" not in reply, reply.get("error")
        return reply

    def close(self) -> None:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()


@pytest.fixture(scope="module")
def page_scorer() -> Iterator[PageScorer]:
    scorer = PageScorer()
    yield scorer
    scorer.close()


def check_same(page_scorer: PageScorer, exercise: Exercise, answer: Any, language: str = "en") -> dict[str, Any]:
    page = page_scorer(exercise, language, answer)
    # JSON numbers: the page writes 2.0 as 2, so kit score reads what the page wrote, not the original
    downloaded = json.loads(page["answer"])
    want = score(exercise, downloaded)
    where = f"{exercise.id} ({exercise.type}) answer {page['answer']}"
    assert page["status"] == want.status, f"{where}: page {page['status']}, kit score {want.status} {want.reason}"
    expected_score = format_number(want.score) if want.status == "scored" else ""
    assert format_number(page["score"]) == expected_score, f"{where}: page {page['score']}, kit score {expected_score}"
    if page["score"] is not None:
        assert page["score"] == float(expected_score), where
    assert format_number(page["max_score"]) == format_number(want.max_score), where
    return page


def test_every_contract_attempt_scores_as_kit_score(page_scorer):
    catalog = load_catalog([CONTRACT])
    assert len(catalog.exercises) >= 8
    checked: set[str] = set()
    for line in (CONTRACT / "responses.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if not isinstance(record, dict) or record.get("exercise") not in catalog.exercises or "answer" not in record:
            continue
        exercise = catalog.exercises[record["exercise"]]
        check_same(page_scorer, exercise, record["answer"], catalog.language[exercise.id])
        checked.add(exercise.type)
    assert checked == {"single-choice", "multiple-choice", "ordering", "matching", "free-text", "case-discussion",
                       "likert", "scenario"}


def test_feedback_is_what_was_chosen(page_scorer):
    exercise = parse_exercise(sample_data()["scenario"])
    path = [choice.id for choice in exercise.best_path()]
    page = check_same(page_scorer, exercise, path)
    assert page["feedback"] == [choice.feedback for choice in exercise.best_path() if choice.feedback]
    assert page["score"] == exercise.points


def test_page_rounds_half_to_even_as_kit_score(page_scorer):
    # 1/32 of a point lies exactly halfway between 0.0312 and 0.0313: Python keeps the even digit
    exercise = parse_exercise({"id": "half-way", "type": "single-choice", "title": "t", "prompt": "p",
                               "points": 0.0625, "options": [{"text": "x", "correct": True},
                                                             {"text": "y", "weight": 50}]})
    assert check_same(page_scorer, exercise, "b")["score"] == 0.0312


# ------------------------------------------------------------------ property-generated cases

ids = st.text(alphabet="abcdefgh-", min_size=1, max_size=4)
points = st.one_of(st.sampled_from([1, 2, 3, 0.5, 2.5, 7]), st.floats(min_value=0.01, max_value=100, allow_nan=False))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 9) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet="abcdefgh-xyz", max_size=4),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(alphabet="abcdefgh-xyz", max_size=4), inner,
                                                                 max_size=4),
    max_leaves=8,
)


def valid(data: dict[str, Any]) -> Exercise:
    try:
        return parse_exercise({"title": "Generated", "prompt": "Answer.", **data})
    except ExerciseInvalid:
        assume(False)
        raise


@st.composite
def single_choice(draw: st.DrawFn) -> Exercise:
    n = draw(st.integers(2, 6))
    correct = draw(st.integers(0, n - 1))
    weights = draw(st.lists(st.one_of(st.none(), st.integers(0, 99), st.floats(0, 99)), min_size=n, max_size=n))
    options = [{"text": f"option {i}", **({"correct": True} if i == correct else
                                          {} if weights[i] is None else {"weight": weights[i]})} for i in range(n)]
    return valid({"id": "gen-single", "type": "single-choice", "points": draw(points), "options": options})


@st.composite
def multiple_choice(draw: st.DrawFn) -> Exercise:
    n = draw(st.integers(2, 6))
    if draw(st.booleans()):
        flags = draw(st.lists(st.booleans(), min_size=n, max_size=n).filter(any))
        options = [{"text": f"option {i}", "correct": flag} for i, flag in enumerate(flags)]
    else:
        k = draw(st.integers(1, n))
        split = draw(st.sampled_from([[100.0], [50, 50], [33.33333] * 3, [25, 75], [40, 30, 30], [12.5] * 8]))
        positive = (split * n)[:k] if len(split) != k else split
        assume(abs(sum(positive) - 100) <= 0.01)
        negatives = draw(st.lists(st.one_of(st.none(), st.floats(-100, 0), st.integers(-100, 0)),
                                  min_size=n - k, max_size=n - k))
        weights = list(positive) + negatives
        order = draw(st.permutations(range(n)))
        options = [{"text": f"option {i}", **({} if weights[i] is None else {"weight": weights[i]})} for i in order]
    return valid({"id": "gen-multiple", "type": "multiple-choice", "points": draw(points), "options": options})


@st.composite
def ordering(draw: st.DrawFn) -> Exercise:
    n = draw(st.integers(2, 7))
    return valid({"id": "gen-ordering", "type": "ordering", "points": draw(points),
                  "items": [{"id": f"i{i}", "text": f"item {i}"} for i in range(n)]})


@st.composite
def matching(draw: st.DrawFn) -> Exercise:
    n = draw(st.integers(2, 6))
    return valid({"id": "gen-matching", "type": "matching", "points": draw(points),
                  "pairs": [{"id": f"p{i}", "left": f"left {i}", "right": f"right {i}"} for i in range(n)]})


@st.composite
def written(draw: st.DrawFn) -> Exercise:
    kind = draw(st.sampled_from(["free-text", "case-discussion"]))
    rubric = [{"id": f"c{i}", "criterion": f"criterion {i}", "points": draw(points)}
              for i in range(draw(st.integers(1, 4)))]
    data: dict[str, Any] = {"id": "gen-written", "type": kind, "rubric": rubric}
    if kind == "case-discussion" and draw(st.booleans()):
        data["dimensions"] = [{"id": f"d{i}", "prompt": f"dimension {i}"} for i in range(draw(st.integers(1, 4)))]
    return valid(data)


@st.composite
def likert(draw: st.DrawFn) -> Exercise:
    statements = [{"id": f"s{i}", "text": f"statement {i}"} for i in range(draw(st.integers(1, 5)))]
    data: dict[str, Any] = {"id": "gen-likert", "type": "likert", "statements": statements}
    if draw(st.booleans()):
        data["scale"] = [f"point {i}" for i in range(draw(st.integers(2, 7)))]
    return valid(data)


@st.composite
def scenario(draw: st.DrawFn) -> Exercise:
    """An acyclic graph: node i chooses among later nodes, always including i + 1 (so all are reachable)."""
    endings = draw(st.integers(1, 3))
    total = draw(st.integers(endings + 1, endings + 6))
    nodes = []
    for i in range(total):
        if i >= total - endings:
            nodes.append({"id": f"n{i}", "text": "end", "outcome": f"outcome {i}"})
            continue
        targets = sorted({i + 1, *draw(st.lists(st.integers(i + 1, total - 1), max_size=2))})
        choices = [{"text": f"go {t}", "goto": f"n{t}",
                    "score": draw(st.dictionaries(st.sampled_from(["calm", "care", "risk"]), st.integers(-4, 6),
                                                  max_size=2))} for t in targets]
        nodes.append({"id": f"n{i}", "text": "say", "choices": choices})
    return valid({"id": "gen-scenario", "type": "scenario", "points": draw(points), "start": "n0", "nodes": nodes})


@st.composite
def answer_for(draw: st.DrawFn, exercise: Exercise) -> Any:
    """Mostly answers of the right shape, some near misses and some arbitrary JSON."""
    if draw(st.integers(0, 9)) == 0:
        return draw(json_values)
    kind = exercise.type
    if kind == "single-choice":
        return draw(st.sampled_from([option.id for option in exercise.options] + ["zz", 1]))
    if kind == "multiple-choice":
        return draw(st.lists(st.sampled_from([option.id for option in exercise.options] + ["zz"]), max_size=6))
    if kind == "ordering":
        order = draw(st.permutations(exercise.key))
        return draw(st.sampled_from([order, order[:-1], [*order, order[0]]]))
    if kind == "matching":
        pair_ids = [pair.id for pair in exercise.pairs]
        return draw(st.dictionaries(st.sampled_from(pair_ids), st.sampled_from([*pair_ids, "zz"]), max_size=6))
    if kind == "free-text":
        return draw(st.text(max_size=20))
    if kind == "case-discussion":
        return draw(st.dictionaries(st.sampled_from([*exercise.dimension_ids, "zz"]), st.text(max_size=5), max_size=4))
    if kind == "likert":
        values = st.one_of(st.integers(-1, 9), st.booleans(), st.floats(0, 8, allow_nan=False))
        return draw(st.dictionaries(st.sampled_from([s.id for s in exercise.statements] + ["zz"]), values, max_size=5))
    # scenario: a random walk that may stop early or take a wrong turn
    path: list[Any] = []
    node = exercise.node_by_id[exercise.start]
    while node.choices and draw(st.integers(0, 12)) > 0:
        choice = draw(st.sampled_from(node.choices))
        path.append(choice.id if draw(st.integers(0, 15)) else "zz")
        node = exercise.node_by_id[choice.goto]
    return path


exercises = st.one_of(single_choice(), multiple_choice(), ordering(), matching(), written(), likert(), scenario())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(data=st.data())
def test_generated_cases_score_as_kit_score(page_scorer, data):
    exercise = data.draw(exercises)
    check_same(page_scorer, exercise, data.draw(answer_for(exercise)))
