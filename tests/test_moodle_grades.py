"""``kit score --format moodle-grades``: the CSV Moodle's gradebook imports, matched through a roster."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kit.cli import main
from tests.conftest import exercise_cell

CHOICE = """
id: {id}
type: single-choice
title: "{title}"
prompt: Which one?
points: 2
options:
  - text: Right
    correct: true
  - text: Half
    weight: 50
  - text: Wrong
"""
ESSAY = """
id: pm-note
type: free-text
title: Handover note
prompt: Write it.
rubric:
  - {id: facts, criterion: The facts, points: 2}
"""
LIKERT = """
id: pm-check
type: likert
title: Check-in
prompt: How far do you agree?
statements:
  - {id: ready, text: I feel ready.}
"""


def answer(participant: str, exercise: str, value: Any, session: str = "bekes", minute: int = 0) -> dict[str, Any]:
    return {"session": session, "participant": participant, "exercise": exercise, "answer": value,
            "submitted_at": f"2026-11-24T09:{minute:02d}:00+01:00"}


@pytest.fixture
def day(write_notebook, write_jsonl, tmp_path: Path) -> tuple[Path, Path]:
    book = tmp_path / "book"
    write_notebook("a-morning.ipynb", exercise_cell(CHOICE.format(id="am-one", title="First words")),
                   exercise_cell(CHOICE.format(id="am-two", title="=Silence")), folder=book, title="Morning")
    write_notebook("b-afternoon.ipynb", exercise_cell(ESSAY), exercise_cell(LIKERT), folder=book,
                   title="Afternoon")
    responses = write_jsonl("day.jsonl", [
        answer("p1", "am-one", "a"), answer("p1", "am-two", "b"), answer("p1", "pm-note", "Notes."),
        answer("p1", "pm-check", {"ready": 4}),
        answer("p2", "am-one", "c"), answer("p2", "am-one", "a", session="szeged", minute=30),  # later: counts
        answer("p2", "am-two", "zzz"),  # not an option: invalid, counts 0
        answer("p9", "am-one", "a"),  # not in the roster
    ])
    return book, responses


def roster(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "névsor.csv"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: Any) -> Any:
    return CliRunner().invoke(main, ["score", *map(str, args)])


def test_grades_for_moodle_by_id_number(day, tmp_path: Path) -> None:
    book, responses = day
    people = roster(tmp_path, "participant;moodle_id;name\np1;S-1001;Anna\np2;S-1002;Béla\n")
    output = tmp_path / "moodle.csv"
    result = run(responses, "--book", book, "--format", "moodle-grades", "--roster", people, "-o", output)
    assert result.exit_code == 1, result.output  # p9 is reported
    assert f"{people}: p9: pseudonym not found; left out of the Moodle grades" in result.stderr
    rows = list(csv.reader(io.StringIO(output.read_text(encoding="utf-8"))))
    # the Likert check-in has no points: no column; a title that looks like a formula is guarded
    assert rows[0] == ["ID number", "First words [am-one]", "'=Silence [am-two]", "Handover note [pm-note]",
                       "Total: Morning", "Total: Afternoon"]
    # p1: 2 + 1; the essay waits for a grade, so its cell and its module's total stay empty
    assert rows[1] == ["S-1001", "2", "1", "", "3", ""]
    # p2: the later attempt (in another session) counts; an invalid answer counts 0; no afternoon
    assert rows[2] == ["S-1002", "2", "0", "", "2", ""]
    assert len(rows) == 3


def test_grades_once_the_essay_is_graded_and_by_email(day, tmp_path: Path) -> None:
    book, responses = day
    people = roster(tmp_path, "participant,email\np1,anna@example.org\np2,bela@example.org\np9,x@example.org\n")
    grades = tmp_path / "grades.csv"
    grades.write_text("session,participant,exercise,criterion,points\nbekes,p1,pm-note,facts,1.5\n", encoding="utf-8")
    result = run(responses, "--book", book, "--grades", grades, "--format", "moodle-grades", "--roster", people)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][0] == "Email address"
    assert rows[1] == ["anna@example.org", "2", "1", "1.5", "3", "1.5"]


@pytest.mark.parametrize(("roster_text", "message"), [
    (None, "needs --roster"),
    ("participant,name\np1,Anna\n", "needs a 'moodle_id' column"),
    ("moodle_id\nS-1\n", "needs a 'participant' column"),
])
def test_unusable_rosters_exit_2(day, tmp_path: Path, roster_text: str | None, message: str) -> None:
    book, responses = day
    extra = [] if roster_text is None else ["--roster", roster(tmp_path, roster_text)]
    output = tmp_path / "moodle.csv"
    result = run(responses, "--book", book, "--format", "moodle-grades", *extra, "-o", output)
    assert result.exit_code == 2 and message in result.stderr, result.output
    assert not output.exists()


def test_roster_rows_without_an_identity_are_reported(day, tmp_path: Path) -> None:
    book, responses = day
    people = roster(tmp_path, "participant,moodle_id\np1,S-1\np2,\n")
    result = run(responses, "--book", book, "--format", "moodle-grades", "--roster", people)
    assert result.exit_code == 1
    assert f"{people}:3: a row needs both 'participant' and 'moodle_id'; skipped" in result.stderr
    assert f"{people}: p2: pseudonym not found" in result.stderr
