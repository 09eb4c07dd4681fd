"""How the room answered: scores CSV and responses summarised per exercise (kit.guide.room)."""

from __future__ import annotations

from typing import Any

import pytest

from kit.errors import InputError
from kit.guide.room import ScoreRow, read_scores, scores_from_responses, summarise
from kit.responses import parse_record
from tests.exercises import sample

EXERCISES = {e.id: e for e in (sample(n) for n in ("single", "multiple", "ordering", "matching", "scenario",
                                                    "likert", "free"))}


def answers(exercise: str, *given: Any, session: str = "s1") -> list:
    return [parse_record({"session": session, "participant": f"p{i}", "exercise": exercise, "answer": answer,
                          "submitted_at": "2026-03-10T09:00:00+01:00"}) for i, answer in enumerate(given)]


def test_share_of_full_scores_counts_wrong_shaped_answers_but_not_pending_ones():
    rows = [ScoreRow("s1", "p1", "first-words", "scored", 2, 2), ScoreRow("s1", "p2", "first-words", "scored", 1, 2),
            ScoreRow("s1", "p3", "first-words", "invalid", None, 2),
            ScoreRow("s1", "p4", "first-words", "scored", 2, 2),
            ScoreRow("s1", "p1", "handover", "pending", None, 5), ScoreRow("s1", "p1", "ghost", "invalid", None, None)]
    results = summarise(EXERCISES, rows)
    room = results.rooms["first-words"]
    assert (room.full, room.attempted, room.invalid) == (2, 4, 1)
    assert room.full_share.percent == 50
    assert room.mean_percent == pytest.approx(100 * 5 / 6)
    assert results.rooms["handover"].pending == 1 and results.rooms["handover"].full_share is None
    assert "ghost" not in results.rooms and results.participants == 4
    likert = summarise(EXERCISES, [ScoreRow("s1", "p1", "after-shift", "recorded", None, 0),
                                   ScoreRow("s1", "p2", "after-shift", "invalid", None, 0)]).rooms["after-shift"]
    assert (likert.recorded, likert.invalid, likert.full_share) == (1, 1, None)


def test_most_chosen_wrong_option_of_single_choice():
    given = answers("first-words", "b", "a", "c", "c", "a", "c", "x")
    room = summarise(EXERCISES, responses=given).rooms["first-words"]
    assert (room.wrong_option.ref, room.wrong_option.count, room.wrong_option.of) == ("c", 3, 6)
    assert room.wrong_option.label == "Wait in silence."
    assert room.answers == 6  # 'x' is not an option: left out


def test_multiple_choice_most_chosen_wrong_and_most_missed_correct_option():
    room = summarise(EXERCISES, responses=answers("risk-words", ["a", "b", "c"], ["a", "c"], ["a", "b", "d"],
                                                  ["b", "d", "c"], ["c", "c"])).rooms["risk-words"]
    # ["c", "c"] repeats an option: an invalid answer, left out
    assert (room.wrong_option.ref, room.wrong_option.count, room.wrong_option.of) == ("c", 3, 4)
    assert (room.missed_option.ref, room.missed_option.count) == ("d", 2)


def test_a_tie_goes_to_the_option_written_first_and_nobody_wrong_means_none():
    assert summarise(EXERCISES, responses=answers("first-words", "c", "a")).rooms["first-words"].wrong_option.ref == "a"
    assert summarise(EXERCISES, responses=answers("first-words", "b")).rooms["first-words"].wrong_option is None


def test_ordering_and_matching_patterns():
    key = ["contact", "problem", "feelings", "options", "plan"]
    swapped = ["contact", "feelings", "problem", "options", "plan"]
    room = summarise(EXERCISES, responses=answers("call-order", key, swapped, swapped)).rooms["call-order"]
    assert (room.exact.count, room.exact.of) == (1, 3)
    assert (room.misplaced.ref, room.misplaced.count) == ("problem", 2)
    right = {"sup": "sup", "peer": "peer", "fam": "fam", "coach": "coach"}
    mixed = {"sup": "peer", "peer": "peer", "fam": "fam"}
    room = summarise(EXERCISES, responses=answers("support-match", right, mixed, mixed)).rooms["support-match"]
    assert room.exact.count == 1
    assert room.wrong_pair.label == "Regular outside reflection → Case discussion" and room.wrong_pair.count == 2


def test_scenario_endings_reached_and_likert_distribution():
    room = summarise(EXERCISES, responses=answers("night", ["open-1", "ask"], ["open-3"], ["open-2", "reassure"],
                                                  ["open-2", "ask"])).rooms["night"]
    assert [(c.ref, c.label, c.count, c.of) for c in room.endings] == [("end-safe", "Safe", 2, 4),
                                                                        ("end-lost", "Lost", 2, 4)]
    room = summarise(EXERCISES, responses=answers("after-shift", {"talk": 5, "replay": 1}, {"talk": 4})).rooms[
        "after-shift"]
    assert room.likert == [("I can talk it through.", [0, 0, 0, 1, 1]), ("I replay calls.", [1, 0, 0, 0, 0])]


def test_only_the_latest_attempt_and_only_the_chosen_session_count():
    early = parse_record({"session": "s1", "participant": "p1", "exercise": "first-words", "answer": "a",
                          "submitted_at": "2026-03-10T09:00:00+01:00"})
    late = parse_record({"session": "s1", "participant": "p1", "exercise": "first-words", "answer": "b",
                         "submitted_at": "2026-03-10T09:05:00+01:00"})
    other = answers("first-words", "c", session="s2")
    results = summarise(EXERCISES, responses=[late, early, *other], session="s1")
    assert results.rooms["first-words"].wrong_option is None and results.sessions == ["s1"]


def test_scores_from_responses_score_like_kit_score():
    rows = scores_from_responses(answers("first-words", "b", "c") + answers("handover", "text"), EXERCISES)
    assert [(r.exercise, r.status, r.score) for r in rows] == [
        ("first-words", "scored", 2), ("handover", "pending", None), ("first-words", "scored", 1)]


def test_read_scores_reports_bad_rows_and_refuses_a_file_without_the_columns(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("\ufeffsession,participant,exercise,status,score,max_score\n"
                    "s1,p1,first-words,scored,2,2\ns1,p2,first-words,done,,2\ns1,p3,first-words,scored,two,2\n",
                    encoding="utf-8")
    rows, rejected = read_scores(path)
    assert rows == [ScoreRow("s1", "p1", "first-words", "scored", 2, 2)]
    assert [str(r).split(": ")[0] for r in rejected] == [f"{path}:3", f"{path}:4"]
    path.write_text("session,participant,score\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column exercise, status, max_score"):
        read_scores(path)
    with pytest.raises(InputError, match="no such file"):
        read_scores(tmp_path / "none.csv")
