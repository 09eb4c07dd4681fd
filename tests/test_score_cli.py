"""``kit score`` against the worked examples of the contract, and its edge cases."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.cli import main
from tests.conftest import DATA, exercise_cell
from tests.exercises import sample_yaml

CONTRACT = DATA / "contract"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def read_csv(path: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {(r["session"], r["participant"], r["exercise"]): r for r in csv.DictReader(handle)}


def test_contract_examples_score_row_for_row(tmp_path):
    book = tmp_path / "könyv mappa"
    book.mkdir()
    shutil.copy(CONTRACT / "Crisis line basics.ipynb", book)
    output = tmp_path / "scores.csv"
    result = run("score", str(CONTRACT / "responses.jsonl"), "--book", str(book),
                 "--grades", str(CONTRACT / "grades.csv"), "-o", str(output))
    assert result.exit_code == 1
    for line in (CONTRACT / "rejected_lines.txt").read_text().split():
        assert f"responses.jsonl:{line}:" in result.stderr
    expected, actual = read_csv(CONTRACT / "expected.csv"), read_csv(output)
    assert actual.keys() == expected.keys()
    for key, want in expected.items():
        got = actual[key]
        assert got["status"] == want["status"], key
        for column in ("score", "max_score"):
            if want[column] == "":
                assert got[column] == "", (key, column)
            else:
                assert float(got[column]) == pytest.approx(float(want[column]), abs=1e-3), (key, column)


def _book(write_notebook):
    return write_notebook("m.ipynb", exercise_cell(sample_yaml("single")), exercise_cell(sample_yaml("free")))


def test_latest_instant_wins_and_ties_go_to_the_last_read(write_notebook, write_jsonl):
    book = _book(write_notebook)
    base = {"session": "s", "participant": "p", "exercise": "first-words"}
    responses = write_jsonl("r.jsonl", [
        {**base, "answer": "b", "submitted_at": "2026-03-10T10:00:00+02:00"},  # 08:00Z
        {**base, "answer": "a", "submitted_at": "2026-03-10T08:30:00Z"},  # latest
        {**base, "answer": "c", "submitted_at": "2026-03-10T09:00:00.000+01:00"},  # 08:00Z
        {**base, "participant": "q", "answer": "a", "submitted_at": "2026-03-10T09:00:00+01:00"},
        {**base, "participant": "q", "answer": "b", "submitted_at": "2026-03-10T08:00:00Z"},  # tie: read last
    ])
    result = run("score", str(responses), "--book", str(book))
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert [(r["participant"], r["score"], r["attempts"]) for r in rows] == [("p", "0", "3"), ("q", "2", "2")]


def test_rejected_lines_are_reported_and_the_rest_is_scored(write_notebook, write_jsonl):
    book = _book(write_notebook)
    ok = {"session": "s", "participant": "p", "exercise": "first-words", "answer": "c",
          "submitted_at": "2026-03-10T09:00:00+01:00"}
    responses = write_jsonl("r.jsonl", [
        ok,
        {**ok, "submitted_at": "2026-03-10T09:00:00"},
        {**ok, "submitted_at": "yesterday"},
        "[1, 2]",
        '{"session": "s"',
        {k: v for k, v in ok.items() if k != "participant"},
    ])
    result = run("score", str(responses), "--book", str(book))
    assert result.exit_code == 1
    stderr = result.stderr
    assert "r.jsonl:2: submitted_at '2026-03-10T09:00:00' has no time zone" in stderr
    assert "r.jsonl:3: submitted_at 'yesterday' is not an ISO 8601 date and time" in stderr
    assert "r.jsonl:4: a response must be a JSON object" in stderr
    assert "r.jsonl:5: not valid JSON" in stderr
    assert "r.jsonl:6: missing 'participant'" in stderr
    assert "6 responses read, 5 rejected" in stderr.splitlines()[-1]
    assert next(csv.DictReader(result.stdout.splitlines()))["score"] == "1"


def test_grades_rows_are_checked(write_notebook, write_jsonl, tmp_path):
    book = _book(write_notebook)
    responses = write_jsonl("r.jsonl", [{"session": "s", "participant": "p", "exercise": "handover",
                                         "answer": "text", "submitted_at": "2026-03-10T09:00:00Z"}])
    grades = tmp_path / "grades.csv"
    grades.write_text(
        "session,participant,exercise,criterion,points\n"
        "s,p,handover,facts,9\n"
        "s,p,handover,consent,1\n"
        "s,p,handover,consent,1.5\n"
        "s,p,handover,tone,1\n"
        "s,p,nope,facts,1\n"
        "s,p,handover,facts,-1\n"
        "s,p,first-words,facts,1\n", encoding="utf-8")
    result = run("score", str(responses), "--book", str(book), "--grades", str(grades))
    assert f"{grades}:5: unknown criterion 'tone'" in result.stderr
    assert f"{grades}:6: unknown exercise 'nope'" in result.stderr
    assert f"{grades}:7: points must be a number of 0 or more" in result.stderr
    assert f"{grades}:8: exercise 'first-words' is scored automatically" in result.stderr
    row = next(csv.DictReader(result.stdout.splitlines()))
    assert (row["status"], row["score"], row["max_score"]) == ("scored", "4.5", "5")


def test_unusable_arguments_exit_2(write_notebook, tmp_path):
    book = _book(write_notebook)
    assert run("score", str(tmp_path / "missing.jsonl"), "--book", str(book)).exit_code == 2
    assert run("score", str(book), "--book", str(tmp_path / "nowhere")).exit_code == 2
    assert run("score").exit_code == 2


def test_numbers_have_at_most_four_decimals():
    from kit.scoring.session import format_number

    assert [format_number(x) for x in (2 / 3, 1.0, 0.5, 0.0, -0.0, 10 * 6 / 7, None)] == [
        "0.6667", "1", "0.5", "0", "0", "8.5714", ""]
