"""The report's data, computed in memory: what the room answered on each type of exercise."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kit.catalog import Catalog
from kit.report.charts import LABEL_WIDTH, bar_chart, likert_chart, shorten, text_width
from kit.report.data import build_report, dominant_language
from kit.report.exercises import score_tallies
from kit.report.model import LikertRow
from kit.responses import Response
from kit.scoring.session import score_responses
from tests.exercises import sample

AT = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)


def catalog(*names: str, language: str = "en") -> Catalog:
    exercises = {exercise.id: exercise for exercise in map(sample, names)}
    return Catalog(exercises=exercises, language={exercise_id: language for exercise_id in exercises})


def report_of(answers, names, grades=None, language="en"):
    """answers: (participant, exercise id, answer) in session "s"."""
    book = catalog(*names, language=language)
    responses = [Response("s", participant, exercise, answer, AT) for participant, exercise, answer in answers]
    rows = score_responses(responses, book.exercises, grades)
    return build_report(rows, book, len(responses), grades=grades)


def only_exercise(report):
    (session,) = report.sessions
    (exercise,) = session.exercises
    return exercise


def test_single_choice_counts_options_and_names_the_most_popular_wrong_one():
    # first-words: a wrong, b correct, c wrong with weight 50
    e = only_exercise(report_of([("p1", "first-words", "a"), ("p2", "first-words", "c"), ("p3", "first-words", "c"),
                                 ("p4", "first-words", "b"), ("p5", "first-words", "z")], ["single"]))
    assert [(o.id, o.count, o.correct) for o in e.options] == [("a", 1, False), ("b", 1, True), ("c", 2, False)]
    assert e.popular_wrong is not None and (e.popular_wrong.id, e.popular_wrong.count) == ("c", 2)
    assert e.popular_wrong.share == 50  # of the 4 valid answers; the invalid "z" says nothing about options
    assert e.statuses == {"scored": 4, "invalid": 1}
    assert [(t.label, t.count, t.kind) for t in e.scores] == [("0", 1, "wrong"), ("1", 2, "partial"),
                                                              ("2", 1, "correct")]
    assert e.mean_score == pytest.approx((0 + 1 + 1 + 2) / 4)


def test_multiple_choice_counts_each_option_chosen():
    # risk-words: a, b, d correct; c wrong
    e = only_exercise(report_of([("p1", "risk-words", ["a", "c"]), ("p2", "risk-words", ["c"]),
                                 ("p3", "risk-words", ["a", "b", "d"])], ["multiple"]))
    assert [(o.id, o.count) for o in e.options] == [("a", 2), ("b", 1), ("c", 2), ("d", 1)]
    assert e.popular_wrong is not None and e.popular_wrong.id == "c"
    assert round(e.options[0].share, 2) == 66.67


def test_no_wrong_option_chosen_names_none():
    e = only_exercise(report_of([("p1", "first-words", "b")], ["single"]))
    assert e.popular_wrong is None


def test_ordering_errors_count_pairs_put_the_wrong_way_round():
    key = ["contact", "problem", "feelings", "options", "plan"]
    swapped = ["problem", "contact", "feelings", "options", "plan"]
    e = only_exercise(report_of([("p1", "call-order", swapped), ("p2", "call-order", swapped),
                                 ("p3", "call-order", ["contact", "problem", "feelings", "plan", "options"]),
                                 ("p4", "call-order", key)], ["ordering"]))
    assert [(t.label, t.detail, t.count) for t in e.errors] == [("Problem", "Contact", 2), ("Plan", "Options", 1)]
    assert e.errors[0].share == 50


def test_matching_errors_name_wrong_matches_and_left_out_sides():
    e = only_exercise(report_of([
        ("p1", "support-match", {"sup": "coach", "peer": "peer", "fam": "fam", "coach": "coach"}),
        ("p2", "support-match", {"sup": "coach", "peer": "peer", "fam": "fam"}),
    ], ["matching"]))
    assert [(t.kind, t.label, t.detail, t.count) for t in e.errors] == [
        ("match", "Regular outside reflection", "Coaching", 2),
        ("missing", "Goals for reorganising", "", 1),
    ]


def test_scenario_endings_paths_and_competencies():
    # the best path of "night" is open-2 (rapport 1, risk 3) then ask (risk 3): 7 points
    e = only_exercise(report_of([("p1", "night", ["open-1", "ask"]), ("p2", "night", ["open-1", "ask"]),
                                 ("p3", "night", ["open-3"]), ("p4", "night", ["open-1"]),
                                 ("p5", "night", ["open-2", "ask"])], ["scenario"]))
    assert [(t.detail, t.label, t.count, t.kind) for t in e.endings] == [("end-safe", "Safe", 3, "correct"),
                                                                       ("end-lost", "Lost", 1, "")]
    assert [(t.detail, t.count, t.kind) for t in e.paths] == [("open-1 ask", 2, ""), ("open-2 ask", 1, "correct"),
                                                              ("open-3", 1, "")]
    assert e.paths[0].label == "Warm contact → Ask directly"
    # over the 4 valid paths: rapport (2 + 2 + 1 − 2)/4, risk (3 + 3 + 6 + 0)/4, safety (1 + 1)/4
    assert e.competencies == pytest.approx({"rapport": 0.75, "risk": 3.0, "safety": 0.5})


def test_likert_flips_reverse_statements_and_uses_the_language_scale():
    # after-shift: talk, replay (reverse) on the default 5-point scale
    e = only_exercise(report_of([("p1", "after-shift", {"talk": 5, "replay": 1}),
                                 ("p2", "after-shift", {"talk": 4, "replay": 2}),
                                 ("p3", "after-shift", {"talk": 4})], ["likert"], language="hu"))
    talk, replay = e.likert
    assert talk.counts == (0, 0, 0, 2, 1) and not talk.reverse
    assert replay.counts == (0, 0, 0, 1, 1) and replay.reverse  # 1 → 5, 2 → 4
    assert replay.n == 2 and replay.mean == 4.5
    assert e.scale[-1] == "Teljesen egyetértek"


def test_participants_totals_and_answers_waiting_for_a_grade():
    grades = {("s", "p1", "handover"): {"facts": 3, "consent": 2}, ("s", "p2", "handover"): {"facts": 1}}
    report = report_of([("p1", "first-words", "b"), ("p1", "handover", "Done."), ("p2", "handover", "<i>Later</i>"),
                        ("p2", "nope", "x")], ["single", "free"], grades=grades)
    (session,) = report.sessions
    totals = {p.participant: p for p in session.participants}
    assert (totals["p1"].total, totals["p1"].maximum, totals["p1"].percent) == (7, 7, 100)
    assert (totals["p2"].total, totals["p2"].pending, totals["p2"].invalid, totals["p2"].answered) == (0, 1, 1, 1)
    (waiting,) = session.waiting
    assert (waiting.participant, waiting.reason, waiting.answer) == ("p2", "Consent", "<i>Later</i>")
    assert [(u.exercise, u.reason) for u in session.unscored] == [("nope", "unknown exercise 'nope'")]
    assert [e.exercise for e in session.exercises] == ["first-words", "handover", "nope"]
    # item statistics: only the automatically scored exercise; both participants are rows
    assert [(i.exercise, i.n, i.facility) for i in session.items] == [("first-words", 2, 50)]
    assert (session.overall.n, session.overall.items) == (2, 1)


def test_the_dominant_language_needs_more_than_half():
    languages = {"a": "hu", "b": "hu", "c": "cs", "d": "en"}
    assert dominant_language(["a", "b", "c"], languages) == "hu"
    assert dominant_language(["a", "c"], languages) == "en"
    assert dominant_language(["c", "c", "c"], languages) == "cs"  # exercises count once
    assert dominant_language(["unknown"], languages) == "en"


def test_score_distribution_uses_tenths_when_scores_are_many():
    scores = [10 * k / 13 for k in range(14)]
    tallies = score_tallies(scores, 10)
    assert len(tallies) == 10 and sum(t.count for t in tallies) == 14
    assert tallies[0].label == "0–10 %" and tallies[-1].label == "90–100 %"
    assert score_tallies([], 10) == []


def test_chart_geometry_scales_bars_and_shortens_labels():
    chart = bar_chart([("short", 2, "2", "correct"), ("x" * 100, 4, "4", "wrong")])
    first, second = chart.bars
    assert second.width == pytest.approx(2 * first.width)
    assert second.label.endswith("…") and second.title == "x" * 100
    assert text_width(second.label) <= LABEL_WIDTH - 10 < text_width(second.label + "x")
    assert chart.label_width <= LABEL_WIDTH
    assert chart.height == 8 + 2 * 22
    assert shorten("a\nb   c") == "a b c"
    stacked = likert_chart([LikertRow("s", "Statement", False, (1, 0, 3))], 3)
    (row,) = stacked.rows
    assert [segment.level for segment in row.segments] == [1, 3]
    assert row.segments[1].width == pytest.approx(3 * row.segments[0].width)
