"""Moodle XML (DESIGN §11): import of Moodle's own export, lossless round trips, refused DTDs.

``tests/data/interchange/moodle-examples.xml`` is written after Moodle's documented XML format as
Moodle 4.4 exports each question type (HTML texts in CDATA, settings kit has no use for). Every
exercise of ``exercises/`` and generated ones (the strategies of the GIFT round trip) must come back
from export → import equal, and score the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kit.catalog import load_catalog
from kit.cli import main
from kit.interchange.moodle_export import document, exercise_xml
from kit.interchange.moodle_import import import_moodle_xml
from kit.models import Exercise, parse_exercise
from kit.scoring.rules import score
from tests.conftest import DATA, ROOT
from tests.test_interchange_roundtrip import (
    SETTINGS,
    free_text,
    matching,
    multiple_choice,
    single_choice,
    true_false,
    valid,
)
from tests.test_jupyterhub import an_answer

EXAMPLES = DATA / "interchange" / "moodle-examples.xml"


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def exercises_of(notebook: Path) -> dict[str, Exercise]:
    found = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "code" and cell.source.startswith("%%exercise"):
            exercise = parse_exercise(yaml.safe_load(cell.source.split("\n", 1)[1]))
            found[exercise.id] = exercise
    return found


def test_moodles_own_export_becomes_exercises(tmp_path: Path) -> None:
    notebook = tmp_path / "kérdések.ipynb"
    result = run("import", str(EXAMPLES), "-o", str(notebook), "--language", "hu")
    assert result.exit_code == 1, result.output  # the short-answer and numerical questions are reported
    reported = [line for line in result.stderr.splitlines() if line.startswith(str(EXAMPLES))]
    assert [line.split(":")[1] for line in reported] == ["239", "263"]
    assert "short-answer question" in reported[0] and "kept verbatim in a raw cell" in reported[0]
    assert run("check", str(notebook)).exit_code == 0

    found = exercises_of(notebook)
    single = found["silent-call"]
    assert single.type == "single-choice" and single.points == 2
    assert single.prompt == "The line is **silent**. What do you do first?"
    assert [(o.correct, o.weight, o.feedback) for o in single.options] == [
        (True, None, "Yes: it lowers the threshold."), (None, 50, None), (None, None, "Too early.")]
    assert single.facilitator.notes == "Ask the room what their protocol says."
    assert found["risk-signs"].weights() == {"a": 50, "b": 50, "c": -100}
    truth = found["confidentiality"]
    assert [o.text for o in truth.options] == ["Igaz", "Hamis"] and truth.options[1].correct
    assert [(p.left, p.right) for p in found["services"].pairs] == [
        ("A child wants to talk", "Child helpline"), ("A victim needs information about rights", "Victim support")]
    assert [item.text for item in found["stages-of-a-call"].items] == ["Greeting", "Listening", "Closing"]
    essay = found["handover-note"]
    assert [(c.criterion, c.points) for c in essay.rubric] == [("Facts, risk, agreed next step.", 4)]

    cells = nbformat.read(notebook, as_version=4).cells
    assert cells[1].source == "## Crisis calls / Silence"
    assert any(cell.source == "The next questions are about *silence*." for cell in cells)
    raw = [cell for cell in cells if cell.cell_type == "raw"]
    assert raw[0].source.startswith('<question type="shortanswer">') and raw[0].source.endswith("</question>")
    assert "facilitator" in raw[0].metadata["tags"]  # kept questions hold their answers: trainers only


def test_export_writes_back_what_was_imported(tmp_path: Path) -> None:
    notebook = tmp_path / "questions.ipynb"
    run("import", str(EXAMPLES), "-o", str(notebook))
    exported = tmp_path / "again.xml"
    result = run("export", str(notebook), "--to", "moodle-xml", "-o", str(exported))
    assert result.exit_code == 0, result.output
    text = exported.read_text(encoding="utf-8")
    # settings kit has no use for travel back; kept questions come back verbatim
    assert "<gradingtype>ABSOLUTE_POSITION</gradingtype>" in text and "<responsefieldlines>15" in text
    original = EXAMPLES.read_text(encoding="utf-8")
    start = original.index('<question type="shortanswer">')
    assert original[start:original.index("</question>", start) + len("</question>")] in text
    again = tmp_path / "again.ipynb"
    assert run("import", str(exported), "-o", str(again)).exit_code == 1  # the same two kept questions
    assert exercises_of(again) == exercises_of(notebook)


def test_every_exercise_of_the_handbook_round_trips(tmp_path: Path) -> None:
    catalog = load_catalog([ROOT / "exercises"])
    exported = tmp_path / "all.xml"
    result = run("export", str(ROOT / "exercises"), "--to", "moodle-xml", "-o", str(exported))
    assert result.exit_code == 1  # Likert, case discussion and scenarios are named, not written
    named = {line.split(": ")[1] for line in result.stderr.splitlines() if ": not exported: " in line}
    carried = {i for i, e in catalog.exercises.items() if e.type not in ("likert", "case-discussion", "scenario")}
    assert named == set(catalog.exercises) - carried
    back = tmp_path / "all.ipynb"
    run("import", str(exported), "-o", str(back))
    again = exercises_of(back)
    assert set(again) == carried
    for exercise_id in carried:
        exercise = catalog.exercises[exercise_id]
        assert again[exercise_id] == exercise
        answer = an_answer(exercise)
        assert score(again[exercise_id], answer) == score(exercise, answer)


@SETTINGS
@given(st.one_of(single_choice(), true_false(), multiple_choice(), matching(), free_text()),
       st.sampled_from(["en", "hu", "cs"]))
def test_generated_exercises_round_trip(data: dict[str, Any], language: str) -> None:
    exercise = valid(data)
    if exercise is None:
        return
    cells, notes = import_moodle_xml(document([exercise_xml(exercise, language)]).encode("utf-8"), "x.xml",
                                     language)
    assert notes == []
    [cell] = [cell for cell in cells if cell.kind == "exercise"]
    again = parse_exercise(yaml.safe_load(cell.source.split("\n", 1)[1]))
    assert again == exercise
    if exercise.type in ("single-choice", "multiple-choice"):
        for option in exercise.options:  # type: ignore[attr-defined]
            answer = option.id if exercise.type == "single-choice" else [option.id]
            assert score(again, answer) == score(exercise, answer)


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE quiz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="essay"><name><text>&lol3;</text></name></question></quiz>
"""


@pytest.mark.parametrize(("content", "message"), [
    (LAUGHS, "declares a DTD or entities"),
    ('<?xml version="1.0"?>\n<!DOCTYPE quiz SYSTEM "http://example.org/x.dtd">\n<quiz/>', "declares a DTD"),
    ("<quiz>\n<question type='essay'>\n</quiz>", "line 3, column 3: not well-formed XML (mismatched tag)"),
    ("<html><body/></html>", "not <quiz>"),
])
def test_unsafe_or_unreadable_files_are_refused(tmp_path: Path, content: str, message: str) -> None:
    source = tmp_path / "bad.xml"
    source.write_text(content, encoding="utf-8")
    result = run("import", str(source), "-o", str(tmp_path / "bad.ipynb"))
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "bad.ipynb").exists()


def test_a_broken_kit_comment_is_reported_and_the_question_still_read(tmp_path: Path) -> None:
    source = tmp_path / "edited.xml"
    source.write_text(EXAMPLES.read_text(encoding="utf-8").replace(
        '<question type="multichoice">', '<question type="multichoice"><!-- kit: {"id": -->', 1), encoding="utf-8")
    result = run("import", str(source), "-o", str(tmp_path / "edited.ipynb"))
    assert result.exit_code == 1
    assert f"{source}:17: the '<!-- kit: -->' comment is not valid JSON" in result.stderr
    assert "silent-call" in exercises_of(tmp_path / "edited.ipynb")
