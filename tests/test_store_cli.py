"""``kit store import`` / ``kit store export``, and the same scores from a store as from JSON Lines."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.store import open_store
from tests.conftest import exercise_cell
from tests.exercises import sample_yaml

GOOD = [
    {"session": "s1", "participant": "p01", "exercise": "first-words", "answer": "b",
     "submitted_at": "2026-11-24T09:31:02+01:00"},
    {"session": "s1", "participant": "p01", "exercise": "first-words", "answer": "c",
     "submitted_at": "2026-11-24T09:35:00+01:00", "seat": 4},
    {"session": "s1", "participant": "p02", "exercise": "call-order",
     "answer": ["contact", "feelings", "problem", "options", "plan"], "submitted_at": "2026-11-24T08:40:00Z"},
    {"session": "s1", "participant": "p02", "exercise": "night", "answer": ["open-1", "ask"],
     "submitted_at": "2026-11-24T09:00:00.250+01:00"},
    {"session": "s1", "participant": "p03", "exercise": "support-match", "answer": {"sup": "sup", "peer": "fam"},
     "submitted_at": "2026-11-24T09:01:00+01:00"},
    {"session": "s1", "participant": "p03", "exercise": "after-shift", "answer": {"talk": 4, "replay": 2},
     "submitted_at": "2026-11-24T09:02:00+01:00"},
    {"session": "s1", "participant": "p03", "exercise": "handover", "answer": "Dőlt ű betűk.",
     "submitted_at": "2026-11-24T09:03:00+01:00"},
    # the same instant as the first attempt of p04: a tie, the record read last counts
    {"session": "s1", "participant": "p04", "exercise": "first-words", "answer": "a",
     "submitted_at": "2026-11-24T09:31:02+01:00"},
    {"session": "s1", "participant": "p04", "exercise": "first-words", "answer": "b",
     "submitted_at": "2026-11-24T08:31:02Z"},
    {"session": "s1", "participant": "p05", "exercise": "first-words", "answer": "zz",
     "submitted_at": "2026-11-24T09:04:00+01:00"},
]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def book(write_notebook):
    cells = [exercise_cell(sample_yaml(name)) for name in
             ("single", "ordering", "scenario", "matching", "likert", "free")]
    return write_notebook("module.ipynb", *cells)


def test_import_rejects_like_kit_score_and_stores_the_rest_once(tmp_path, write_jsonl):
    lines = [*GOOD[:3], "not json", '["a list"]', {**GOOD[0], "submitted_at": "2026-11-24T09:31:02"},
             {"session": "s1", "participant": "p9", "answer": "b", "submitted_at": "2026-11-24T09:31:02Z"}]
    source = write_jsonl("day one.jsonl", lines)
    db = tmp_path / "room.db"
    result = run("store", "import", str(source), "--db", str(db))
    assert result.exit_code == 1, result.output
    errors = result.stderr.splitlines()
    assert errors[0].startswith(f"{source}:4: not valid JSON")
    assert errors[1].startswith(f"{source}:5: a response must be a JSON object")
    assert errors[2].startswith(f"{source}:6: ") and "time zone" in errors[2]
    assert errors[3] == f"{source}:7: missing 'exercise'"
    assert "7 records read, 4 rejected; 3 stored, 0 already in the store" in errors[-1]
    again = run("store", "import", str(source), str(write_jsonl("more.jsonl", GOOD[2:5])), "--db", str(db))
    assert "2 stored, 4 already in the store" in again.stderr
    with open_store(db, create=False) as store:
        assert store.count() == 5


def test_export_writes_every_attempt_in_stored_order(tmp_path, write_jsonl):
    db = tmp_path / "room.db"
    assert run("store", "import", str(write_jsonl("a.jsonl", GOOD)), "--db", str(db)).exit_code == 0
    out = tmp_path / "export ő.jsonl"
    result = run("store", "export", "--db", str(db), "-o", str(out))
    assert result.exit_code == 0, result.output
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["participant"], r["exercise"], r["answer"]) for r in exported] == [
        (r["participant"], r["exercise"], r["answer"]) for r in GOOD]
    assert set(exported[1]) == {"session", "participant", "exercise", "answer", "submitted_at"}
    assert exported[3]["submitted_at"] == "2026-11-24T09:00:00.250000+01:00"
    assert f"{len(GOOD)} attempts written" in result.stderr
    to_stdout = run("store", "export", "--db", str(db))
    assert [json.loads(line) for line in to_stdout.stdout.splitlines()] == exported
    # an export imported back adds nothing
    assert "0 stored, 10 already in the store" in run("store", "import", str(out), "--db", str(db)).stderr


def test_export_of_a_missing_or_foreign_store_is_one_line_and_exit_2(tmp_path, write_jsonl):
    result = run("store", "export", "--db", str(tmp_path / "nope.db"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"kit store export: {tmp_path / 'nope.db'}: no such store file; " \
                                    "check the path (KIT_DB, --db)"
    result = run("store", "export", "--db", str(write_jsonl("a.jsonl", GOOD)))
    assert result.exit_code == 2 and "cannot read the response store" in result.stderr
    assert "Traceback" not in result.output
    result = run("store", "import", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "r.db"))
    assert result.exit_code == 2 and "missing.jsonl: no such file" in result.output


def test_the_store_scores_like_its_jsonl_export(tmp_path, write_jsonl, book):
    db = tmp_path / "room.db"
    source = write_jsonl("a.jsonl", GOOD)
    assert run("store", "import", str(source), "--db", str(db)).exit_code == 0
    export = tmp_path / "export.jsonl"
    assert run("store", "export", "--db", str(db), "-o", str(export)).exit_code == 0
    from_store = run("score", str(db), "--book", str(book))
    from_export = run("score", str(export), "--book", str(book))
    from_source = run("score", str(source), "--book", str(book))
    assert from_store.stdout == from_export.stdout == from_source.stdout
    assert from_store.exit_code == from_export.exit_code == 1  # p05's answer is invalid
    rows = {tuple(line.split(",")[1:3]): line.split(",")[3:6] for line in from_store.stdout.splitlines()[1:]}
    assert rows[("p01", "first-words")] == ["scored", "1", "2"]  # the later attempt counts
    assert rows[("p04", "first-words")] == ["scored", "2", "2"]  # a tie: the one stored last
    assert rows[("p05", "first-words")][0] == "invalid"
    assert rows[("p03", "handover")] == ["pending", "", "5"]


def test_import_merges_another_store(tmp_path, write_jsonl):
    first, second = tmp_path / "room-a.db", tmp_path / "room-b.db"
    assert run("store", "import", str(write_jsonl("a.jsonl", GOOD[:4])), "--db", str(first)).exit_code == 0
    assert run("store", "import", str(write_jsonl("b.jsonl", GOOD[2:])), "--db", str(second)).exit_code == 0
    result = run("store", "import", str(second), "--db", str(first))
    assert result.exit_code == 0, result.output
    assert "8 records read, 0 rejected; 6 stored, 2 already in the store" in result.stderr
    with open_store(first, create=False) as store:
        assert [r.participant for r in store.read_all()] == [r["participant"] for r in GOOD]
