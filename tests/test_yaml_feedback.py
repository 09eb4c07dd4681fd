"""A YAML error in an %%exercise cell: the line, its likely cause, and the cell's other problems in one run."""

from __future__ import annotations

from click.testing import CliRunner

from kit.cli import main
from kit.yamlhints import COLON, INDENTATION, likely_cause, problems_after_yaml_error
from tests.conftest import exercise_cell

OVER_INDENTED = """\
id: silent-caller
type: single-choice
title: A caller who says nothing
prompt: You pick up and hear only breathing. What do you say first?
options:
  - text: Your first name, and that you are there to listen.
     correct: true
  - text: Who is this, please?
    feedbak: Asking for a name can frighten a caller away.
"""

COLON_IN_TEXT = """\
id: caller-quote
type: single-choice
title: What the caller means
prompt: The caller says: I cannot do this any more.
options:
  - text: Ask directly whether she is thinking of suicide.
    correct: true
"""


def run_check(path):
    result = CliRunner().invoke(main, ["check", str(path)])
    return result.exit_code, result.stdout.splitlines()


def test_an_over_indented_line_names_the_line_the_cause_and_the_other_problems(write_notebook):
    path = write_notebook("nő.ipynb", exercise_cell(OVER_INDENTED))
    code, lines = run_check(path)
    assert code == 1
    assert lines[0] == (
        f"{path}:2: silent-caller: YAML syntax error on line 8 of the cell ('     correct: true'): "
        f"mapping values are not allowed here; likely cause: {INDENTATION}; or a colon followed by a space "
        "in unquoted text (put that text in quotes)"
    )
    # the typo two lines further down is reported in the same run, with the guess it rests on
    assert lines[1] == (
        f"{path}:2: silent-caller: options[1].feedbak: unknown key 'feedbak' (did you mean 'feedback'?) "
        "(found with line 8 read as '    correct: true'; check again after fixing the YAML)"
    )
    assert len(lines) == 2


def test_a_colon_in_unquoted_text_says_to_quote_it(write_notebook):
    path = write_notebook("colon.ipynb", exercise_cell(COLON_IN_TEXT))
    code, lines = run_check(path)
    assert code == 1
    assert lines[0].startswith(f"{path}:2: caller-quote: YAML syntax error on line 5 of the cell "
                               "('prompt: The caller says: I cannot do this any more.')")
    assert lines[0].endswith(f"likely cause: {COLON}")
    assert lines[1] == (
        f"{path}:2: caller-quote: options: needs at least 2 entries (got 1) "
        "(found with line 5 read with its text in quotes; check again after fixing the YAML)"
    )


def test_every_yaml_error_of_a_cell_is_reported_in_one_run(write_notebook):
    text = COLON_IN_TEXT.replace("    correct: true", "     correct: true") + "  - text: Tell her: calm down.\n"
    path = write_notebook("three.ipynb", exercise_cell(text))
    code, lines = run_check(path)
    assert code == 1
    assert [line.split(" of the cell")[0].rsplit(" ", 1)[-1] for line in lines] == ["5", "8", "9"]
    assert all("YAML syntax error" in line and "likely cause" in line for line in lines)


def test_a_key_written_twice_still_reports_the_rest(write_notebook):
    text = COLON_IN_TEXT.replace("prompt: The caller says: I cannot do this any more.", "title: Again\nprompt: x")
    path = write_notebook("twice.ipynb", exercise_cell(text))
    code, lines = run_check(path)
    assert code == 1
    assert "the key 'title' is written twice in the same block" in lines[0]
    assert lines[1].startswith(f"{path}:2: caller-quote: options: needs at least 2 entries")


def test_a_fixed_cell_without_other_problems_adds_nothing(write_notebook):
    text = OVER_INDENTED.replace("feedbak", "feedback")
    path = write_notebook("one.ipynb", exercise_cell(text))
    code, lines = run_check(path)
    assert code == 1
    assert len(lines) == 1 and "line 8 of the cell" in lines[0]


def test_no_guess_no_further_problems():
    # an unclosed quote: no likely fix reads the cell, so nothing is claimed about the rest
    source = "%%exercise\nid: open-quote\ntitle: 'never closed\nprompt: x\n"
    assert problems_after_yaml_error(source) == []


def test_likely_causes():
    assert likely_cause("found character '\\t' that cannot start any token", "\t- text: a") == (
        "a tab character: indent YAML with spaces only"
    )
    assert likely_cause("expected <block end>, but found '<block mapping start>'", "   points: 2") == INDENTATION
    assert likely_cause("mapping values are not allowed here", "feedback: No: wrong") == COLON
    assert likely_cause("found unexpected end of stream (while scanning a quoted scalar on line 3)", "") == (
        "a quote that is opened and never closed"
    )


def test_no_guessing_in_a_cell_longer_than_any_exercise():
    items = "".join(f"  - id: step-{n}\n    text: Step {n}\n" for n in range(800))
    source = "%%exercise\nid: long-one\ntype: ordering\ntitle: T\nprompt: P\nitems:\n" + items + "     oops: 1\n"
    assert problems_after_yaml_error(source) == []
