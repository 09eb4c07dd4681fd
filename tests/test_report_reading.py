"""The fast path of reading and scoring gives exactly what the plain path gives (issue #4: speed)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit import inputs
from kit.responses import Latest, Rejection, Response, latest_attempts, read_jsonl, read_jsonl_into
from kit.scoring.rules import score
from kit.scoring.session import Scorer, iter_scores, score_responses
from tests.exercises import sample

GOOD = {"session": "s", "participant": "p", "exercise": "first-words", "answer": "b",
        "submitted_at": "2026-03-10T09:00:00+01:00"}
TRICKY_LINES = [
    json.dumps(GOOD),
    json.dumps({**GOOD, "submitted_at": " 2026-03-10T08:30:00Z "}),  # padded: accepted after stripping
    json.dumps({**GOOD, "submitted_at": "2026-03-10T08:00:00.000000+00:00", "answer": "c"}),  # a tie
    json.dumps({**GOOD, "participant": 7}),  # a number as an id: read as text
    json.dumps({**GOOD, "participant": True}),
    json.dumps({**GOOD, "participant": " "}),
    json.dumps({**GOOD, "participant": "\u00a0"}),
    json.dumps({**GOOD, "session": "\u2003s"}),
    json.dumps({**GOOD, "submitted_at": "2026-03-10T09:00:00"}),
    json.dumps({**GOOD, "submitted_at": 1}),
    json.dumps({k: v for k, v in GOOD.items() if k != "answer"}),
    json.dumps([1, 2]),
    '"text"',
    "   ",
    "",
    '{"session": "s"',
    json.dumps({**GOOD, "exercise": "risk-words", "answer": ["a", "b"], "submitted_at": "20260310T080000Z"}),
    json.dumps({**GOOD, "answer": "b", "extra": {"score": 99}}) + " \t",
    json.dumps(GOOD) + "\x0b",
    "NaN",
]


def write_tricky(tmp_path, newline="\n"):
    path = tmp_path / "tricky.jsonl"
    raw = ("\ufeff" + newline.join(TRICKY_LINES) + newline).encode("utf-8")
    path.write_bytes(raw.replace(b'"p"', b'"p\xff"', 1))  # one invalid UTF-8 byte inside a text
    return path


def reference(path):
    read = list(read_jsonl(path, "shown"))
    responses = [r for r in read if isinstance(r, Response)]
    rejections = [r for r in read if isinstance(r, Rejection)]
    return responses, rejections, latest_attempts(responses)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_the_fast_reader_reads_like_read_jsonl(tmp_path, newline):
    path = write_tricky(tmp_path, newline)
    responses, rejections, expected = reference(path)
    latest, rejected, every = Latest(), [], []
    lines = read_jsonl_into(path, latest, rejected, "shown", every)
    assert lines == len(responses) + len(rejections)
    assert rejected == rejections
    assert every == responses
    assert dict(latest.items()) == dict(sorted(expected.items()))
    assert list(latest) == sorted(expected)
    assert len(latest) == len(expected)


def test_latest_is_a_mapping_with_ties_to_the_last_read():
    at = datetime(2026, 3, 10, 8, tzinfo=timezone.utc)
    first = Response("s", "p", "e", "a", at, "f:1")
    tie = Response("s", "p", "e", "b", at, "f:2")
    earlier = Response("s", "p", "e", "c", at.replace(hour=7), "f:3")
    other = Response("a", "p", "e", "d", at, "f:4")
    latest = Latest([first, tie, earlier, other])
    assert list(latest) == [("a", "p", "e"), ("s", "p", "e")]
    assert latest[("s", "p", "e")] == (tie, 3)
    assert ("s", "p", "e") in latest and ("s", "p", "x") not in latest and "s" not in latest
    assert dict(latest) == dict(latest_attempts([first, tie, earlier, other]))


EXERCISES = {exercise.id: exercise for exercise in map(sample, ("single", "multiple", "weighted", "ordering",
                                                                   "matching", "likert", "scenario", "free"))}
ANSWERS = st.one_of(
    st.sampled_from(["a", "b", "c", "z", "signs", "open-1"]),
    st.lists(st.sampled_from(["a", "b", "c", "d", "signs", "means", "promise", "contact", "problem", "feelings",
                              "options", "plan", "open-1", "open-2", "open-3", "ask", "reassure"]), max_size=6),
    st.dictionaries(st.sampled_from(["sup", "peer", "fam", "coach", "talk", "replay", "x"]),
                    st.one_of(st.sampled_from(["sup", "peer", "fam", "coach"]), st.integers(0, 6), st.booleans(),
                              st.floats(1, 2), st.none()), max_size=4),
    st.integers(0, 2), st.booleans(), st.none(), st.floats(0, 2),
    st.lists(st.one_of(st.integers(0, 2), st.booleans(), st.floats(0, 2)), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([*EXERCISES, "nope"]), ANSWERS), min_size=1, max_size=30))
def test_remembered_scores_equal_fresh_ones(pairs):
    # the memo must tell 1 from true from 1.0, and a list from a text
    scorer = Scorer(EXERCISES, None)
    for number, (exercise_id, answer) in enumerate(pairs):
        got = scorer(("s", f"p{number}", exercise_id), answer)
        if exercise_id == "nope":
            assert got.status == "invalid" and got.reason == "unknown exercise 'nope'"
        else:
            assert got == score(EXERCISES[exercise_id], answer)


def test_iter_scores_and_score_responses_agree():
    at = datetime(2026, 3, 10, 8, tzinfo=timezone.utc)
    responses = [Response("s", f"p{k % 3}", exercise_id, "b", at, "") for k, exercise_id in
                 enumerate(["first-words", "risk-words", "first-words", "nope"])]
    rows = score_responses(responses, EXERCISES)
    assert rows == list(iter_scores(Latest(responses), EXERCISES))
    assert [row.key for row in rows] == sorted(row.key for row in rows)


def test_the_progress_bar_stays_quiet_off_a_terminal(tmp_path, monkeypatch, capsys):
    path = write_tricky(tmp_path)
    monkeypatch.setattr(inputs, "PROGRESS_MIN_BYTES", 0)
    with inputs.progress_bar(100, "reading") as progress:
        assert progress is None  # pytest's stderr is not a terminal
    monkeypatch.setattr(inputs, "_stderr_is_terminal", lambda: True)
    with inputs.progress_bar(100, "reading") as progress:
        assert callable(progress)
        progress(50)
    loaded = inputs.load_inputs([path], every_attempt=False)
    assert loaded.responses == [] and len(loaded.latest) > 0
