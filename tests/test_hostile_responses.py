"""Issue 16, responses and CSV: each reproducer of the hostile-input review, as a test."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.csvcells import guard, unguard
from kit.jsonline import MAX_DEPTH, LineError, decode_line, loads_bounded, nesting_depth, numbered_lines
from kit.responses import Rejection, read_jsonl
from tests.conftest import exercise_cell
from tests.exercises import sample_data, sample_yaml
from tests.fuzz import nested, run

STAMP = "2026-11-24T09:31:02+01:00"


def record(participant: str = "p1", **changes: object) -> dict:
    return {"session": "s1", "participant": participant, "exercise": "first-words", "answer": "b",
            "submitted_at": STAMP, **changes}


def line(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


@pytest.fixture
def book(write_notebook):
    return write_notebook("m.ipynb", exercise_cell(sample_yaml("single")))


# ---------------------------------------------------------------- decoding one line (DESIGN §6)

@pytest.mark.parametrize("depth, rejected", [(MAX_DEPTH - 1, False), (MAX_DEPTH, True), (1000, True)])
def test_nesting_is_limited_to_64_levels_counting_the_object(depth, rejected):
    raw = line(record()).replace(b'"answer": "b"', b'"answer": ' + nested(depth).encode())
    assert nesting_depth(raw) == depth + 1
    if rejected:
        with pytest.raises(LineError, match="nests deeper than 64 levels"):
            decode_line(raw)
    else:
        assert decode_line(raw)["participant"] == "p1"


def test_brackets_inside_texts_do_not_count_as_nesting():
    raw = line(record(participant="[" * 200 + "\\\"{" * 100))
    assert decode_line(raw)["participant"].startswith("[[[")


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "x\\ud83d", "\\ude00y"])
def test_a_lone_surrogate_is_rejected_in_values_and_keys(escape):
    with pytest.raises(LineError, match="lone surrogate"):
        decode_line(f'{{"participant": "{escape}"}}'.encode())
    with pytest.raises(LineError, match="lone surrogate"):
        decode_line(f'{{"{escape}": 1}}'.encode())


def test_a_surrogate_pair_is_one_character_and_accepted():
    assert decode_line(b'{"participant": "\\ud83d\\ude00"}') == {"participant": "\U0001f600"}
    assert decode_line(b'{"participant": "\\\\ud800"}') == {"participant": "\\ud800"}  # an escaped backslash


@pytest.mark.parametrize("raw", [b'{"participant": "p\xff"}', b'{"participant": "\xed\xa0\x80"}', b"\xc3"])
def test_bytes_that_are_not_utf8_are_rejected_not_replaced(raw):
    with pytest.raises(LineError, match="not valid UTF-8"):
        decode_line(raw)


def test_json_inside_other_files_has_the_same_depth_limit():
    with pytest.raises(ValueError, match="nests deeper than 64"):
        loads_bounded(nested(5000))
    assert loads_bounded('{"a": [1]}') == {"a": [1]}


def test_lines_are_numbered_as_in_an_editor():
    raw = b"\xef\xbb\xbfa\nb\r\nc\rd\n\r\n"
    assert list(numbered_lines(io.BytesIO(raw))) == [(1, b"a\n"), (2, b"b\r\n"), (3, b"c\r"), (4, b"d\n"),
                                                     (5, b"\r\n")]


def test_read_jsonl_rejects_each_hostile_line_by_number_and_keeps_the_rest(tmp_path):
    path = tmp_path / "answers.jsonl"
    deep = line(record("deep")).replace(b'"answer": "b"', b'"answer": ' + nested(1000).encode())
    path.write_bytes(b"\n".join([line(record("p1")), deep, b'{"participant": "\\ud800"}',
                                 line(record("p\xff")).replace("ÿ".encode(), b"\xff"), line(record("p2"))]))
    read = list(read_jsonl(path, "answers.jsonl"))
    assert [r.participant for r in read if not isinstance(r, Rejection)] == ["p1", "p2"]
    reasons = [(r.line, r.reason.split(" (")[0].split(";")[0].split(",")[0]) for r in read if isinstance(r, Rejection)]
    assert reasons == [(2, "nests deeper than 64 levels"), (3, "holds a lone surrogate escape such as \\ud800"),
                       (4, "not valid UTF-8")]


# ---------------------------------------------------------------- the commands over hostile lines

def hostile_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.jsonl"
    deep = line(record("deep")).replace(b'"answer": "b"', b'"answer": ' + nested(1000).encode())
    surrogate = line(record("X")).replace(b'"X"', b'"\\ud800"')
    path.write_bytes(b"\n".join([line(record("p1")), deep, surrogate, line(record("=HYPERLINK(1)")), b""]))
    return path


def test_score_rejects_hostile_lines_and_scores_the_rest(tmp_path, book):
    result = run("score", str(hostile_file(tmp_path)), "--book", str(book))
    assert result.exit_code == 1, result.output
    assert "answers.jsonl:2: nests deeper than 64 levels" in result.stderr
    assert "answers.jsonl:3: holds a lone surrogate" in result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["participant"] for row in rows] == ["'=HYPERLINK(1)", "p1"]


def test_store_import_rejects_as_score_does(tmp_path):
    result = run("store", "import", str(hostile_file(tmp_path)), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 1, result.output
    assert "answers.jsonl:2:" in result.stderr and "answers.jsonl:3:" in result.stderr
    assert "2 stored" in result.stderr


def test_report_over_hostile_lines_is_written_whole(tmp_path, book):
    output = tmp_path / "report.html"
    result = run("report", str(hostile_file(tmp_path)), "--book", str(book), "-o", str(output))
    assert result.exit_code == 1, result.output
    assert output.stat().st_size > 1000
    with open(tmp_path / "report-participants.csv", encoding="utf-8-sig", newline="") as handle:
        participants = [row["participant"] for row in csv.DictReader(handle)]
    assert "'=HYPERLINK(1)" in participants


# ---------------------------------------------------------------- formulas in CSV

@pytest.mark.parametrize("text, shown", [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("-", "'-"), ("'=x", "''=x"),
    ("-5", "-5"), ("+3", "+3"), ("-0.5", "-0.5"), ("1e5", "1e5"), ("p07", "p07"), ("'plain", "'plain"), ("", ""),
])
def test_formula_texts_get_an_apostrophe_and_numbers_stay_numbers(text, shown):
    assert guard(text) == shown
    assert unguard(shown) == text


@given(st.text())
def test_guard_is_undone_exactly_and_never_leaves_a_formula(text):
    shown = guard(text)
    assert unguard(shown) == text
    assert shown[:1] not in ("=", "+", "-", "@", "\t", "\r") or float(shown) == float(shown)


def test_item_statistics_csv_guards_the_session(tmp_path, book):
    answers = tmp_path / "a.jsonl"
    answers.write_text("\n".join(json.dumps(record(p, session="=cmd|' /C calc'!A0")) for p in ("p1", "p2")),
                       encoding="utf-8")
    output = tmp_path / "r.html"
    assert run("report", str(answers), "--book", str(book), "-o", str(output)).exit_code == 0
    for name in ("items", "test"):
        text = (tmp_path / f"r-{name}.csv").read_text(encoding="utf-8-sig")
        assert "\n'=cmd|" in text and "\n=cmd" not in text


def test_guide_reads_back_the_names_that_score_guarded(tmp_path, write_notebook):
    module = write_notebook("m.ipynb", exercise_cell(sample_yaml("single")))
    answers = tmp_path / "a.jsonl"
    answers.write_text(json.dumps(record("=p1", session="-s")), encoding="utf-8")
    scores = tmp_path / "scores.csv"
    assert run("score", str(answers), "--book", str(module), "-o", str(scores)).exit_code == 0
    assert "'-s,'=p1," in scores.read_text(encoding="utf-8")
    from kit.guide.room import read_scores

    rows, rejections = read_scores(scores)
    assert (rows[0].session, rows[0].participant, rejections) == ("-s", "=p1", [])


# ---------------------------------------------------------------- -o and oversized CSV cells

@pytest.mark.parametrize("command", [
    ["score", "{answers}", "--book", "{book}", "-o", "{missing}/x.csv"],
    ["report", "{answers}", "--book", "{book}", "-o", "{missing}/x.html"],
    ["store", "export", "--db", "{store}", "-o", "{missing}/x.jsonl"],
    ["guide", "{book}", "-o", "{missing}/x.md"],
    ["export", "{book}", "--to", "gift", "-o", "{missing}/x.gift"],
])
def test_an_output_in_a_missing_folder_is_one_line_and_exit_2(tmp_path, book, command):
    answers = tmp_path / "a.jsonl"
    answers.write_text(json.dumps(record()), encoding="utf-8")
    store = tmp_path / "s.db"
    assert run("store", "import", str(answers), "--db", str(store)).exit_code == 0
    names = {"answers": answers, "book": book, "missing": tmp_path / "missing" / "dir", "store": store}
    result = run(*(part.format(**names) for part in command))
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "missing" in result.stderr and "Traceback" not in result.output


def test_a_roster_cell_over_128_kb_rejects_its_row_only(tmp_path, book):
    roster = tmp_path / "roster.csv"
    roster.write_text(f"participant,name\np1,Anna\np2,{'x' * 140_000}\np3,Bence\n", encoding="utf-8")
    result = run("guide", str(book), "--roster", str(roster))
    assert result.exit_code == 1, result.output
    assert f"{roster}:3: a cell is longer than 128 KB" in result.stderr
    assert "Anna" in result.stdout and "Bence" in result.stdout


def test_a_grades_cell_over_128_kb_rejects_its_row_only(tmp_path, write_notebook):
    module = write_notebook("m.ipynb", exercise_cell(sample_yaml("free")))
    exercise = sample_data()["free"]
    criterion = exercise["rubric"][0]["id"]
    answers = tmp_path / "a.jsonl"
    answers.write_text(json.dumps(record(exercise=exercise["id"], answer="text")), encoding="utf-8")
    grades = tmp_path / "grades.csv"
    grades.write_text("session,participant,exercise,criterion,points\n"
                      f"s1,p1,{exercise['id']},{criterion},{'1' * 140_000}\n"
                      f"s1,p1,{exercise['id']},{criterion},1\n", encoding="utf-8")
    result = run("score", str(answers), "--book", str(module), "--grades", str(grades))
    assert f"{grades}:2: a cell is longer than 128 KB" in result.stderr, result.output
    assert result.exit_code == 1 and "Traceback" not in result.output
