"""kit import / kit export with GIFT (DESIGN §11): Moodle's examples, every construct, the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from click.testing import CliRunner

from kit.check import check_paths
from kit.cli import main
from kit.interchange import export_notebooks, import_file
from kit.interchange.gift_export import exercise_gift
from kit.interchange.gift_import import import_gift
from kit.interchange.gift_parse import Question, read_gift
from kit.models import parse_exercise
from kit.scoring.rules import score
from tests.exercises import sample, sample_data

DATA = Path(__file__).parent / "data" / "interchange"
EXAMPLES = DATA / "moodle-examples.gift"


def exercises_of(cells: list[Any]) -> list[dict[str, Any]]:
    return [yaml.safe_load(cell.source.split("\n", 1)[1]) for cell in cells if cell.kind == "exercise"]


def one(text: str, language: str = "en") -> dict[str, Any]:
    cells, notes = import_gift(text, "q.gift", language)
    assert not notes, notes
    [exercise] = exercises_of(cells)
    parse_exercise(exercise)  # valid
    return exercise


def notebook_cells(path: Path) -> list[Any]:
    return nbformat.read(path, as_version=4).cells


# --- Moodle's own examples -------------------------------------------------------------------

def test_moodle_examples_every_question_is_accounted_for(tmp_path: Path) -> None:
    questions = [block for block in read_gift(EXAMPLES.read_text(encoding="utf-8")) if isinstance(block, Question)]
    result = import_file(EXAMPLES, tmp_path / "examples.ipynb")
    cells = notebook_cells(result.output)
    exercise_cells = [cell for cell in cells if cell.source.startswith("%%exercise")]
    raw_cells = [cell for cell in cells if cell.cell_type == "raw"]
    assert len(questions) == 43
    assert len(exercise_cells) + len(raw_cells) == 43
    assert len(exercise_cells) == 26
    # every raw cell is reported with the line where its question starts
    assert len(result.notes) == len(raw_cells) == 17
    lines = EXAMPLES.read_text(encoding="utf-8").split("\n")
    for note, cell in zip(result.notes, raw_cells, strict=True):
        assert str(note).startswith(f"{EXAMPLES}:{note.line}: ")
        assert lines[note.line - 1].strip() in cell.source
        assert cell.metadata["tags"] == ["facilitator"]  # the key is in it
    assert cells[0].source == "%load_ext kit"
    meta = nbformat.read(result.output, as_version=4).metadata["kit"]
    assert meta == {"title": "moodle-examples", "language": "en"}
    assert check_paths([result.output]) == []


def test_moodle_examples_keep_the_short_answer_and_numerical_questions_verbatim(tmp_path: Path) -> None:
    result = import_file(EXAMPLES, tmp_path / "examples.ipynb")
    raw = [cell.source for cell in notebook_cells(result.output) if cell.cell_type == "raw"]
    assert "When was Ulysses S. Grant born? {#\n    =1822:0\n    =%50%1822:2}" in raw
    assert "Two plus two equals {=four =4}." in raw
    messages = [note.message for note in result.notes]
    assert sum("short-answer" in message for message in messages) == 9
    assert sum("numerical" in message for message in messages) == 8


def test_moodle_examples_mapping(tmp_path: Path) -> None:
    cells, _ = import_gift(EXAMPLES.read_text(encoding="utf-8"), str(EXAMPLES), "en")
    by_id = {exercise["id"]: exercise for exercise in exercises_of(cells)}
    hometown = by_id["jesus-hometown"]
    assert hometown["title"] == "Jesus' hometown"
    assert hometown["prompt"] == "Jesus Christ was from _____."
    assert [o.get("weight") for o in hometown["options"]] == [None, 25, 50, None]
    assert hometown["options"][3]["correct"] is True
    assert hometown["options"][1]["feedback"] == "He was born here, but not raised here."
    grant = by_id["what-two-people-are-entombed-in-grants-tomb-2"]
    assert grant["type"] == "multiple-choice"
    assert [o.get("weight") for o in grant["options"]] == [-50, 50, 50, -50]
    matching = by_id["match-the-following-countries-with-their-corresponding-capitals"]
    assert matching["pairs"][3] == {"id": "p4", "left": "India", "right": "New Delhi"}
    control = by_id["gift-control-characters"]
    assert [o["text"] for o in control["options"]] == ["~", "=", "#", "{", "}", "\\"]
    assert control["options"][5]["feedback"].startswith("Correct! \\ (backslash) is not a control character. BUT,\n")
    five = by_id["which-answer-equals-5"]
    assert [o["text"] for o in five["options"]] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]
    false = by_id["grant-is-buried-in-grants-tomb-3"]
    assert false["options"] == [
        {"text": "True", "feedback": "No one is buried in Grant's tomb."}, {"text": "False", "correct": True}
    ]
    kanji_free = [e for e in by_id.values() if e["title"].startswith("Thanksgiving Date")]
    assert kanji_free[0]["prompt"] == ("The American holiday of Thanksgiving is\ncelebrated on the _____ Thursday "
                                      "of November.")


# --- every construct, one at a time ----------------------------------------------------------

def test_true_false_feedback_order_and_labels_in_the_notebooks_language() -> None:
    true = one("::Ask::Asking directly about suicide raises the risk.{F#Research says it does not.#Right.}", "hu")
    assert true["options"] == [
        {"text": "Igaz", "feedback": "Research says it does not."},
        {"text": "Hamis", "correct": True, "feedback": "Right."},
    ]
    czech = one("Je to pravda?{TRUE#Ne.#Ano.}", "cs")
    assert czech["options"] == [
        {"text": "Pravda", "correct": True, "feedback": "Ano."}, {"text": "Nepravda", "feedback": "Ne."}
    ]


def test_essay_becomes_free_text_with_one_overall_criterion() -> None:
    essay = one("::Handover::Write the handover note.{####Look for facts, consent and next steps.}", "hu")
    assert essay["type"] == "free-text"
    assert essay["rubric"] == [{"id": "overall", "criterion": "A válasz egésze", "points": 1}]
    assert essay["facilitator"] == {"notes": "Look for facts, consent and next steps."}
    english = one("Write it.{}")
    assert english["rubric"] == [{"id": "overall", "criterion": "The answer as a whole", "points": 1}]


def test_single_choice_partial_credit_and_general_feedback() -> None:
    exercise = one("::Silence::[markdown]The caller is **silent**.{\n=Say your name and wait#Yes.\n"
                   "~%50%Wait quietly\n~Ask many questions#Too much.\n####Ask about the protocol.}")
    assert exercise["prompt"] == "The caller is **silent**."
    assert exercise["options"] == [
        {"text": "Say your name and wait", "correct": True, "feedback": "Yes."},
        {"text": "Wait quietly", "weight": 50},
        {"text": "Ask many questions", "feedback": "Too much."},
    ]
    assert exercise["facilitator"]["notes"] == "Ask about the protocol."
    model = parse_exercise(exercise)
    assert score(model, "b").score == 0.5


def test_escapes_comments_and_multi_line_questions() -> None:
    text = (
        "// a comment line\n"
        "::Ratio 1\\:2::Which is \\{not\\} a\n"
        "control\\ncharacter?{\n"
        "// a comment inside\n"
        "~ \\~ # \\~ is one\n"
        "= \\\\ # right,\n  across lines\n"
        "~ \\# \\= \n"
        "}"
    )
    exercise = one(text)
    assert exercise["title"] == "Ratio 1:2"
    assert exercise["id"] == "ratio-1-2"
    assert exercise["prompt"] == "Which is {not} a\ncontrol\ncharacter?"
    assert [o["text"] for o in exercise["options"]] == ["~", "\\", "# ="]
    assert exercise["options"][1]["feedback"] == "right,\nacross lines"


def test_missing_word_category_and_ids() -> None:
    cells, notes = import_gift(
        "$CATEGORY: $course$/top/Krízisvonal/Csend\n\n"
        "Az első {=mondat ~kérdés} a legfontosabb.\n\n"
        "Az első {=mondat ~kérdés} a legfontosabb.\n", "q.gift", "hu",
    )
    assert not notes
    assert cells[0].kind == "markdown" and cells[0].source == "## Krízisvonal / Csend"
    assert cells[0].origin == {"gift-category": "$course$/top/Krízisvonal/Csend"}
    first, second = exercises_of(cells)
    assert first["prompt"] == "Az első _____ a legfontosabb."
    assert (first["id"], second["id"]) == ("az-elso-a-legfontosabb", "az-elso-a-legfontosabb-2")


def test_html_and_plain_text_become_markdown() -> None:
    html = one("[html]<p>Who is <b>at risk</b>?</p>{=<i>She</i> ~Nobody}")
    assert html["prompt"] == "Who is **at risk**?"
    assert html["options"][0]["text"] == "*She*"
    plain = one("[plain]Use *stars* here{=yes ~no}")
    assert plain["prompt"] == "Use \\*stars\\* here"


def test_what_kit_cannot_carry_is_reported_with_its_line_and_kept() -> None:
    text = ("Intro text only\n\n"
            "No right answer{~a ~b}\n\n"
            "Two right{=a =b ~c}\n\n"
            "\n::Broken:: brace { =a ~b\n\n"
            "Numbers {#2:1}\n")
    cells, notes = import_gift(text, "q.gift")
    assert [cell.kind for cell in cells] == ["raw"] * 5
    assert [note.line for note in notes] == [1, 3, 5, 8, 10]
    assert "description" in notes[0].message
    assert "without a right answer" in notes[1].message
    assert "2 right answers" in notes[2].message
    assert "'}' is missing" in notes[3].message
    assert cells[3].source == "::Broken:: brace { =a ~b"
    assert all(str(note).startswith(f"q.gift:{note.line}: ") for note in notes)


def test_weights_that_do_not_add_up_are_reported() -> None:
    cells, notes = import_gift("Pick{~%50%a ~%20%b ~c}", "q.gift")
    assert cells[0].kind == "raw"
    assert "add up" in notes[0].message


# --- export and the way back -----------------------------------------------------------------

@pytest.mark.parametrize("name", ["single", "multiple", "weighted", "matching", "free"])
def test_export_then_import_gives_an_equal_exercise(name: str) -> None:
    exercise = sample(name)
    text = exercise_gift(exercise)
    assert text.startswith("// kit: ")
    cells, notes = import_gift(text, "x.gift")
    assert not notes
    [data] = exercises_of(cells)
    again = parse_exercise(data)
    assert again == exercise


def test_export_keeps_scores(tmp_path: Path, write_notebook: Any) -> None:
    yaml_text = yaml.safe_dump(sample_data()["weighted"], allow_unicode=True, sort_keys=False)
    source = write_notebook("plan.ipynb", nbformat.v4.new_code_cell("%%exercise\n" + yaml_text))
    export_notebooks([str(source)], "gift", tmp_path / "plan.gift")
    result = import_file(tmp_path / "plan.gift", tmp_path / "back.ipynb")
    assert result.notes == []
    cell = next(c for c in notebook_cells(result.output) if c.source.startswith("%%exercise"))
    again = parse_exercise(yaml.safe_load(cell.source.split("\n", 1)[1]))
    original = sample("weighted")
    for answer in ([], ["signs"], ["signs", "contacts", "means"], ["means", "promise"], ["secret", "signs"]):
        assert score(again, answer).score == score(original, answer).score


def test_export_names_what_gift_cannot_hold_and_writes_raw_cells_back(tmp_path: Path, write_notebook: Any) -> None:
    imported = import_file(EXAMPLES, tmp_path / "examples.ipynb").output
    ordering = yaml.safe_dump(sample_data()["ordering"], sort_keys=False)
    other = write_notebook("other.ipynb", nbformat.v4.new_code_cell("%%exercise\n" + ordering))
    result = export_notebooks([str(imported), str(other)], "gift", tmp_path / "out.gift")
    assert [str(problem) for problem in result.problems] == [
        f"{other}:2: call-order: not exported: ordering exercises cannot be written to GIFT (Moodle's GIFT has "
        "single and multiple choice, matching and essay questions only)"
    ]
    assert result.exercises == 26
    written = (tmp_path / "out.gift").read_text(encoding="utf-8")
    assert "When was Ulysses S. Grant born? {#\n    =1822:0\n    =%50%1822:2}" in written
    again = import_file(tmp_path / "out.gift", tmp_path / "again.ipynb")
    first = [c.source for c in notebook_cells(imported) if c.cell_type != "markdown"]
    second = [c.source for c in notebook_cells(again.output) if c.cell_type != "markdown"]
    assert first == second
    assert len(again.notes) == 17


def test_kit_comment_carries_what_gift_cannot(tmp_path: Path) -> None:
    exercise = parse_exercise({
        "id": "handover-note", "type": "free-text", "title": "Handover", "prompt": "Write it.\n\nBe brief.",
        "case": "A night shift.", "points": 3, "minutes": 12, "competencies": ["records"], "min_words": 40,
        "rubric": [{"id": "facts", "criterion": "Facts", "points": 2}, {"id": "consent", "criterion": "Consent",
                                                                      "points": 1}],
        "facilitator": {"notes": "Read two aloud.", "debrief": ["What was left out?"], "pitfalls": ["Jargon"]},
    })
    text = exercise_gift(exercise)
    comment = json.loads(text.split("\n", 1)[0][len("// kit:"):])
    assert comment["id"] == "handover-note" and comment["min_words"] == 40 and comment["minutes"] == 12
    assert "prompt" not in comment  # GIFT holds it (as \n escapes)
    assert "Write it.\\n\\nBe brief.{####Read two aloud.}" in text
    cells, _ = import_gift(text, "x.gift")
    assert parse_exercise(exercises_of(cells)[0]) == exercise


# --- the command line -----------------------------------------------------------------------

def test_cli_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    clean = tmp_path / "clean.gift"
    clean.write_text("::A::Pick one{=a ~b}\n\n::B::Match{=x -> 1 =y -> 2}\n", encoding="utf-8")
    done = runner.invoke(main, ["import", str(clean), "-o", str(tmp_path / "clean.ipynb"), "--language", "cs"])
    assert done.exit_code == 0, done.output
    assert check_paths([tmp_path / "clean.ipynb"]) == []
    reported = runner.invoke(main, ["import", str(EXAMPLES), "-o", str(tmp_path / "ex.ipynb")])
    assert reported.exit_code == 1
    assert f"{EXAMPLES}:14: " in reported.output
    again = runner.invoke(main, ["import", str(clean), "-o", str(tmp_path / "clean.ipynb")])
    assert again.exit_code == 2 and "--force" in again.output
    assert runner.invoke(main, ["import", str(tmp_path / "missing.gift")]).exit_code == 2
    assert runner.invoke(main, ["import", str(clean), "--language", "de"]).exit_code == 2
    csv = tmp_path / "q.csv"
    csv.write_text("a,b\n", encoding="utf-8")
    assert runner.invoke(main, ["import", str(csv)]).exit_code == 2
    exported = runner.invoke(main, ["export", str(tmp_path / "clean.ipynb"), "--to", "gift", "-o",
                                    str(tmp_path / "back.gift")])
    assert exported.exit_code == 0, exported.output
    assert runner.invoke(main, ["export", str(tmp_path / "nope.ipynb"), "--to", "gift", "-o",
                                str(tmp_path / "x.gift")]).exit_code == 2
    assert runner.invoke(main, ["export", str(tmp_path / "clean.ipynb"), "--to", "xml", "-o",
                                str(tmp_path / "x.gift")]).exit_code == 2


def test_a_kit_comment_that_no_longer_fits_is_reported_and_the_gift_text_wins() -> None:
    text = exercise_gift(sample("matching"))
    comment, question = text.split("\n", 1)
    edited = comment.replace('"pairs": [', '"pairs": [{"left": ""}, ') + "\n" + question
    cells, notes = import_gift(edited, "m.gift")
    assert [cell.kind for cell in cells] == ["exercise"]
    assert len(notes) == 1 and "does not fit" in notes[0].message
    cells, notes = import_gift("// kit: [1, 2]\n::A::Pick{=a ~b}", "k.gift")
    assert notes[0].line == 1 and "not a JSON object" in notes[0].message
    assert [cell.kind for cell in cells] == ["exercise"]
