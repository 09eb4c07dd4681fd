"""Item and test statistics (DESIGN §7): hand-worked values, edge cases, an independent cross-check."""

from __future__ import annotations

import math
import random
import statistics

import pytest

from kit.report.stats import (
    MarkTable,
    item_statistics,
    mark_tables,
    overall_statistics,
)
from kit.responses import Response
from kit.scoring.result import Result
from kit.scoring.session import Row, format_number
from tests.exercises import sample

# A session of four participants and three items (maxima 1, 2, 1):
#
#          q1  q2  q3 |  X
#     A     1   2   1 |  4
#     B     1   1   0 |  2
#     C     0   1   1 |  2
#     D     0   0   0 |  0
HAND = MarkTable(
    "s", ("A", "B", "C", "D"), ("q1", "q2", "q3"), (1.0, 2.0, 1.0),
    ((1.0, 2.0, 1.0), (1.0, 1.0, 0.0), (0.0, 1.0, 1.0), (0.0, 0.0, 0.0)),
)


def formatted(record, fields):
    return tuple(format_number(getattr(record, name)) for name in fields)


def test_item_statistics_match_the_hand_computation():
    # q1: x = 1,1,0,0 (mean 1/2, var = 4·(1/2)²/3 = 1/3); X − x = 3,1,2,0 (mean 3/2, var = 5/3)
    #     cov = (½·3/2 + ½·(−½) + (−½)·½ + (−½)(−3/2))/3 = 1/3
    #     facility = 100·(1/2)/1 = 50; sd = 100·√(1/3)/1 = 57.7350
    #     discrimination = 100·(1/3)/√(1/3 · 5/3) = 100/√5 = 44.7214
    #     sorted: 0,0,1,1 with 0,1,2,3 → cov_max = (¾ + ¼ + ¼ + ¾)/3 = 2/3; efficiency = 100·(1/3)/(2/3) = 50
    # q2: x = 2,1,1,0 (mean 1, var 2/3); X − x = 2,1,1,0 (the same) → cov = 2/3
    #     facility = 100·1/2 = 50; sd = 100·√(2/3)/2 = 40.8248; discrimination = 100; efficiency = 100
    # q3: x = 1,0,1,0 (var 1/3); X − x = 3,2,1,0 (mean 3/2, var 5/3); cov = (¾ − ¼ − ¼ + ¾)/3 = 1/3
    #     facility 50; sd 57.7350; discrimination 100/√5 = 44.7214; cov_max = 2/3 → efficiency 50
    fields = ("facility", "sd", "discrimination", "efficiency")
    rows = {item.exercise: formatted(item, fields) for item in item_statistics(HAND)}
    assert rows == {
        "q1": ("50", "57.735", "44.7214", "50"),
        "q2": ("50", "40.8248", "100", "100"),
        "q3": ("50", "57.735", "44.7214", "50"),
    }
    assert {item.n for item in item_statistics(HAND)} == {4}


def test_test_statistics_match_the_hand_computation():
    # X = 4,2,2,0 out of Σ maxima = 4: mean 2 → 50 %; median (2 + 2)/2 = 2 → 50 %
    # var X = (2² + 0 + 0 + 2²)/3 = 8/3; sd = 100·√(8/3)/4 = 40.8248
    # Σ var x_i = 1/3 + 2/3 + 1/3 = 4/3; cic = 100·3/2·(1 − (4/3)/(8/3)) = 150·½ = 75
    # error_ratio = 100·√(1 − 0.75) = 50; standard_error = 0.5·40.8248 = 20.4124
    result = overall_statistics(HAND)
    assert (result.session, result.n, result.items) == ("s", 4, 3)
    assert formatted(result, ("mean", "median", "sd", "cic", "error_ratio", "standard_error")) == (
        "50", "50", "40.8248", "75", "50", "20.4124")


def test_negative_consistency_still_has_an_error_ratio():
    # x1 = 1,0,1 and x2 = 0,1,1 (maxima 1): X = 1,1,2, var X = 1/3, var x1 = var x2 = 1/3
    # cic = 100·2·(1 − (2/3)/(1/3)) = −200; error_ratio = 100·√(1 + 2) = 173.2051
    # sd = 100·√(1/3)/2 = 28.8675; standard_error = √3 · 28.8675 = 50
    table = MarkTable("s", ("a", "b", "c"), ("x1", "x2"), (1.0, 1.0), ((1.0, 0.0), (0.0, 1.0), (1.0, 1.0)))
    result = overall_statistics(table)
    assert formatted(result, ("cic", "error_ratio", "sd", "standard_error")) == ("-200", "173.2051", "28.8675", "50")


def test_parallel_items_reach_cic_100_exactly():
    # x1 = x2 = 0, 1/3, 2/3 (non-dyadic floats): var X = 4·var x1, so cic = 100·2·(1 − 2/4) = 100 exactly
    third = 1 / 3
    table = MarkTable("s", ("a", "b", "c"), ("x1", "x2"), (1.0, 1.0),
                      ((0.0, 0.0), (third, third), (2 * third, 2 * third)))
    result = overall_statistics(table)
    assert result.cic == 100
    assert result.error_ratio == 0
    assert result.standard_error == 0


def test_denominators_of_zero_and_small_sessions_give_empty_values():
    # everyone scores the same 2/3 on x1: its variance is exactly 0, so discrimination and
    # efficiency are empty (not a rounding error blown up), and sd is 0
    two_thirds = 2 / 3
    table = MarkTable("s", ("a", "b", "c"), ("x1", "x2"), (1.0, 1.0),
                      ((two_thirds, 0.0), (two_thirds, 1.0), (two_thirds, 1.0)))
    x1, x2 = item_statistics(table)
    assert (x1.sd, x1.discrimination, x1.efficiency) == (0, None, None)
    assert format_number(x1.facility) == "66.6667"
    # X − x2 = 2/3 for everyone: var X_i = 0
    assert x2.discrimination is None and x2.efficiency is None
    # one participant: the facility and the mean are defined, nothing that needs N − 1 is
    single = MarkTable("s", ("a",), ("x1", "x2"), (1.0, 2.0), ((1.0, 1.0),))
    (first, _) = item_statistics(single)
    assert (first.facility, first.sd, first.discrimination, first.efficiency) == (100, None, None, None)
    whole = overall_statistics(single)
    assert (whole.mean, whole.median, whole.sd, whole.cic, whole.error_ratio) == (
        pytest.approx(200 / 3), pytest.approx(200 / 3), None, None, None)
    # one item: cic (and so the error ratio and standard error) is undefined
    lone = overall_statistics(MarkTable("s", ("a", "b"), ("x1",), (1.0,), ((1.0,), (0.0,))))
    assert (lone.items, lone.cic, lone.error_ratio, lone.standard_error) == (1, None, None, None)
    assert format_number(lone.sd) == "70.7107"  # 100·√(1/2)
    # no items at all
    empty = overall_statistics(MarkTable("s", ("a", "b"), (), (), ((), ())))
    assert (empty.n, empty.items, empty.mean, empty.sd) == (2, 0, None, None)


def _naive(table: MarkTable):
    """A straightforward float computation of the same definitions, written independently."""
    n = len(table.participants)
    totals = [sum(row) for row in table.marks]
    items = []
    for i, maximum in enumerate(table.maxima):
        x = [row[i] for row in table.marks]
        rest = [t - v for t, v in zip(totals, x, strict=True)]
        var_x, var_rest = statistics.variance(x), statistics.variance(rest)
        cov = statistics.covariance(x, rest)
        cov_max = statistics.covariance(sorted(x), sorted(rest))
        items.append((
            100 * statistics.mean(x) / maximum,
            100 * statistics.stdev(x) / maximum,
            100 * cov / math.sqrt(var_x * var_rest),
            100 * cov / cov_max,
        ))
    whole = sum(table.maxima)
    p = len(table.maxima)
    cic = 100 * p / (p - 1) * (1 - sum(statistics.variance([r[i] for r in table.marks]) for i in range(p))
                               / statistics.variance(totals))
    sd = 100 * statistics.stdev(totals) / whole
    error_ratio = 100 * math.sqrt(1 - cic / 100)
    test = (n, p, 100 * statistics.mean(totals) / whole, 100 * statistics.median(totals) / whole, sd, cic,
            error_ratio, error_ratio / 100 * sd)
    return items, test


@pytest.mark.parametrize("seed", range(25))
def test_random_tables_agree_with_a_naive_computation(seed):
    rng = random.Random(seed)
    n, p = rng.randint(3, 30), rng.randint(2, 8)
    maxima = tuple(float(rng.choice((1, 2, 3, 5, 10))) for _ in range(p))
    # marks as the rules make them: points × a fraction (thirds, tenths, halves…)
    def mark(maximum: float) -> float:
        steps = rng.choice((1, 2, 3, 6, 10))
        return maximum * rng.randint(0, steps) / steps

    marks = tuple(tuple(mark(maximum) for maximum in maxima) for _ in range(n))
    table = MarkTable("s", tuple(f"p{k}" for k in range(n)), tuple(f"q{k}" for k in range(p)), maxima, marks)
    try:
        naive_items, naive_test = _naive(table)
    except (statistics.StatisticsError, ZeroDivisionError, ValueError):
        pytest.skip("a degenerate table: covered by the edge-case tests")
    for ours, theirs in zip(item_statistics(table), naive_items, strict=True):
        got = (ours.facility, ours.sd, ours.discrimination, ours.efficiency)
        assert got == pytest.approx(theirs, abs=1e-6)
    whole = overall_statistics(table)
    got = (whole.n, whole.items, whole.mean, whole.median, whole.sd, whole.cic, whole.error_ratio,
           whole.standard_error)
    assert got == pytest.approx(naive_test, abs=1e-6)


def _row(session, participant, exercise, status, score=None):
    response = Response(session, participant, exercise, None, None, "")  # type: ignore[arg-type]
    return Row((session, participant, exercise), Result(status, score), 1, response)


def test_mark_tables_take_rows_and_items_as_the_contract_says():
    exercises = {e.id: e for e in (sample("single"), sample("ordering"), sample("likert"), sample("free"))}
    rows = [
        _row("s1", "ann", "first-words", "scored", 2.0),
        _row("s1", "bob", "first-words", "invalid"),  # invalid → 0
        _row("s1", "bob", "call-order", "scored", 1.0),
        _row("s1", "cy", "after-shift", "recorded"),  # only a Likert answer: still a row, all zeros
        _row("s1", "dee", "nope", "invalid"),  # an unknown exercise: a row too, but no item
        _row("s1", "ann", "handover", "pending"),  # person-scored: no item
        _row("s2", "eve", "after-shift", "recorded"),  # a session without items
    ]
    first, second = mark_tables(rows, exercises)
    assert first.participants == ("ann", "bob", "cy", "dee")
    assert first.items == ("call-order", "first-words")
    assert first.maxima == (2.0, 2.0)
    assert first.marks == ((0.0, 2.0), (1.0, 0.0), (0.0, 0.0), (0.0, 0.0))
    assert (second.participants, second.items) == (("eve",), ())
