"""Answers typed back from paper workbooks score exactly like the same answers given in the browser."""

from __future__ import annotations

import csv
import json
import os
import random
from typing import Any

import pytest
from click.testing import CliRunner

from kit.catalog import load_catalog
from kit.cli import main
from kit.models import Exercise, Likert, Matching, MultipleChoice, Ordering, Scenario, SingleChoice
from kit.scoring import score
from kit.store import open_store
from kit.workbook.answers import read_answer, write_answer
from kit.workbook.key import paper_key
from kit.workbook.paper import paper
from tests.conftest import ROOT

BOOK = ROOT / "exercises"
SESSION = "szeged-2026-12-07"


@pytest.fixture(scope="module")
def catalog():
    found = load_catalog([str(BOOK)])
    assert not found.problems
    return found


def native_answers(exercise: Exercise, rng: random.Random) -> list[Any]:
    """Answers as the browser sends them (DESIGN §4): right, wrong and partly right ones."""
    if isinstance(exercise, SingleChoice):
        return [str(option.id) for option in exercise.options]
    if isinstance(exercise, MultipleChoice):
        ids = [str(option.id) for option in exercise.options]
        return [[], ids] + [rng.sample(ids, rng.randint(1, len(ids))) for _ in range(6)]
    if isinstance(exercise, Ordering):
        return [exercise.key] + [rng.sample(exercise.key, len(exercise.key)) for _ in range(6)]
    if isinstance(exercise, Matching):
        ids = [pair.id for pair in exercise.pairs]
        answers: list[Any] = [{i: i for i in ids}]
        for _ in range(6):  # left sides left out, right sides chosen twice
            answers.append({left: rng.choice(ids) for left in ids if rng.random() < 0.8})
        return answers
    if isinstance(exercise, Likert):
        top = exercise.scale_length
        return [{s.id: rng.randint(1, top) for s in exercise.statements if rng.random() < 0.8} for _ in range(4)]
    if isinstance(exercise, Scenario):
        paths: list[list[str]] = []
        stack: list[tuple[str, list[str]]] = [(exercise.start, [])]
        while stack:
            node_id, path = stack.pop()
            node = exercise.node_by_id[node_id]
            paths += [path] if node.is_ending else []
            stack += [(choice.goto, [*path, str(choice.id)]) for choice in node.choices or []]
        return paths
    return ["Egy válasz, ő és ř."] if exercise.type == "free-text" else [{}]


def test_typed_back_workbooks_score_like_the_browser(catalog, tmp_path):
    rng = random.Random(20)
    native: list[dict[str, Any]] = []
    rows: list[list[str]] = []
    for exercise_id, exercise in catalog.exercises.items():
        sheet = paper(exercise, catalog.language[exercise_id])
        for number, answer in enumerate(native_answers(exercise, rng)):
            participant, when = f"p{number:03d}", f"2026-12-07T10:{number % 60:02d}:00+01:00"
            native.append({"session": SESSION, "participant": participant, "exercise": exercise_id,
                           "answer": answer, "submitted_at": when})
            rows.append([participant, exercise_id, write_answer(exercise, sheet, answer), when])
    assert len(rows) > 300
    typed = tmp_path / "terem ő.csv"
    with open(typed, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["participant", "exercise", "answer", "submitted_at"], *rows])
    browser = tmp_path / "browser.jsonl"
    browser.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in native), encoding="utf-8")

    runner = CliRunner()
    db = tmp_path / "room.db"
    result = runner.invoke(main, ["store", "import", "--from-workbook", "--session", SESSION, "--book", str(BOOK),
                                  str(typed), "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with open_store(str(db), create=False) as store:
        stored = {(r.participant, r.exercise): r.answer for r in store.read_all()}
    for record in native:  # the very answers, not only the same scores
        assert stored[(record["participant"], record["exercise"])] == record["answer"], record
    scored = [runner.invoke(main, ["score", str(source), "--book", str(BOOK)], catch_exceptions=False)
              for source in (db, browser)]
    assert scored[0].stdout == scored[1].stdout
    assert scored[0].stdout.count(",scored,") > 250


def test_the_key_in_the_guide_is_a_full_score_on_paper(catalog):
    for exercise_id, exercise in catalog.exercises.items():
        key = paper_key(exercise, catalog.language[exercise_id])
        if exercise.type in ("free-text", "case-discussion", "likert"):
            assert key is None
            continue
        answer = read_answer(exercise, paper(exercise, catalog.language[exercise_id]), key.full_marks)
        assert score(exercise, answer).score == exercise.max_score, exercise_id


def test_other_notations_from_the_page(catalog):
    def read(exercise_id: str, text: str) -> Any:
        exercise = catalog.exercises[exercise_id]
        return read_answer(exercise, paper(exercise, catalog.language[exercise_id]), text)

    stages = catalog.exercises["clp-stages"]
    key = paper_key(stages)
    assert read("clp-stages", " ".join(key.letters)) == stages.key  # the order as letters
    assert read("clp-stages", "".join(key.letters).upper()) == stages.key
    assert read("clp-stages", key.full_marks.replace(" ", "")) == stages.key  # 4536721
    pairs = paper_key(catalog.exercises["clp-listening-skills"]).pairs
    letters = [letter for _, letter in pairs]
    expected = {pair.id: pair.id for pair in catalog.exercises["clp-listening-skills"].pairs}
    assert read("clp-listening-skills", " ".join(letters)) == expected
    assert read("clp-listening-skills", ", ".join(f"{n}-{x}" for n, x in pairs)) == expected
    first = catalog.exercises["clp-listening-skills"].pairs[0].id
    assert first not in read("clp-listening-skills", "- " + " ".join(letters[1:]))
    options = catalog.exercises["clp-safety-plan"].options
    first_and_third = [str(options[0].id), str(options[2].id)]
    assert read("clp-safety-plan", "A, C") == first_and_third and read("clp-safety-plan", "ac") == first_and_third
    assert read("clp-safety-plan", "") == []


@pytest.mark.parametrize(("exercise_id", "text", "reason"), [
    ("clp-ask-directly", "a b", "one box is ticked"),
    ("clp-ask-directly", "", "leave the row out"),
    ("clp-stages", "1 2 3", "each of 1 to 7 once"),
    ("clp-listening-skills", "1b 1c", "item 1 is matched twice"),
    ("clp-listening-skills", "9a", "no item 9"),
    ("clp-night-chat", "1 2", "section 2 cannot follow section 1"),
    ("clp-night-chat", "1 13", "not an ending"),
    ("clp-self-check", "4 4", "one rating per statement"),
    ("clp-email-reply", "", "the answer is empty"),
])
def test_what_cannot_be_read_says_why(catalog, exercise_id, text, reason):
    exercise = catalog.exercises[exercise_id]
    with pytest.raises(ValueError, match=reason):
        read_answer(exercise, paper(exercise, catalog.language[exercise_id]), text)


def test_bad_rows_are_rejected_with_file_and_line_and_a_second_import_stores_nothing(tmp_path):
    typed = tmp_path / "Případ č. 2.csv"
    typed.write_text("\ufeffparticipant,exercise,answer\n"
                     "p01,clp-ask-directly,d\n"
                     "\n"
                     "p02,clp-ask-direct,d\n"
                     ",clp-ask-directly,d\n"
                     "p03,clp-ask-directly,\"a,\nb\"\n"
                     "p04,clp-stages,g f c a b d e\n", encoding="utf-8")
    os.utime(typed, (1_765_000_000, 1_765_000_000))
    db = tmp_path / "room.db"
    args = ["store", "import", "--from-workbook", "--session", SESSION, "--book", str(BOOK), str(typed), "--db",
            str(db)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{typed}:4: unknown exercise 'clp-ask-direct' (did you mean 'clp-ask-directly'?)" in result.output
    assert f"{typed}:5: the participant column is empty" in result.output
    assert f"{typed}:6: clp-ask-directly: one box is ticked" in result.output
    assert "2 stored" in result.output
    again = CliRunner().invoke(main, args, catch_exceptions=False)
    assert "0 stored, 2 already in the store" in again.output
    with open_store(str(db), create=False) as store:
        times = {record.submitted_at.timestamp() for record in store.read_all()}
    assert times == {1_765_000_000}  # no submitted_at column: the file's time


def test_semicolons_from_a_hungarian_spreadsheet(tmp_path):
    typed = tmp_path / "táblázat.csv"
    typed.write_text("participant;exercise;answer;submitted_at\np01;clp-safety-plan;a, c;2026-12-07T09:00:00+01:00\n",
                     encoding="utf-8")
    db = tmp_path / "room.db"
    result = CliRunner().invoke(main, ["store", "import", "--from-workbook", "--session", SESSION, "--book", str(BOOK),
                                       str(typed), "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with open_store(str(db), create=False) as store:
        [record] = list(store.read_all())
    assert len(record.answer) == 2 and record.submitted_at.isoformat() == "2026-12-07T09:00:00+01:00"


def test_from_workbook_needs_a_session(tmp_path):
    typed = tmp_path / "a.csv"
    typed.write_text("participant,exercise,answer\n", encoding="utf-8")
    db = str(tmp_path / "x.db")
    result = CliRunner().invoke(main, ["store", "import", "--from-workbook", str(typed), "--db", db])
    assert result.exit_code == 2 and "--session" in result.output
    header = tmp_path / "b.csv"
    header.write_text("who,exercise,answer\np1,clp-stages,1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["store", "import", "--from-workbook", "--session", "s", "--book", str(BOOK),
                                       str(header), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1 and f"{header}:1: the first line must name the columns" in result.output
