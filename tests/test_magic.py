"""The ``%%exercise`` magic in a real IPython shell: static views per edition, problems without tracebacks."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from tests.exercises import sample_yaml


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "kit")
    yield shell
    InteractiveShell.clear_instance()


def run_cell(shell, body: str):
    with capture_output() as captured:
        shell.run_cell_magic("exercise", "", body)
    return captured.outputs


@pytest.mark.parametrize("edition", ["participant", "facilitator"])
def test_static_view_per_edition(shell, monkeypatch, edition):
    monkeypatch.setenv("KIT_EDITION", edition)
    (output,) = run_cell(shell, sample_yaml("single"))
    html, text = output.data["text/html"], output.data["text/plain"]
    assert "Say your name and that there is time." in html
    assert "The first sentence" in text
    assert ("kit-correct" in html) == (edition == "facilitator")
    assert ("Too early." in html) == (edition == "facilitator")


def test_self_study_edition_shows_the_player(shell, monkeypatch):
    monkeypatch.setenv("KIT_EDITION", "self-study")
    monkeypatch.setenv("KIT_LANGUAGE", "cs")
    (output,) = run_cell(shell, sample_yaml("single"))
    html, text = output.data["text/html"], output.data["text/plain"]
    assert 'data-kit-exercise="first-words"' in html
    assert 'data-kit-mode="self-study"' in html and 'lang="cs"' in html
    assert "Too early." in html  # the feedback, for scoring in the page
    assert "Too early." not in text  # the plain text stays the handout's


def test_scenario_shows_its_opening_only(shell, monkeypatch):
    monkeypatch.setenv("KIT_EDITION", "participant")
    (output,) = run_cell(shell, sample_yaml("scenario"))
    html = output.data["text/html"]
    assert "A quiet voice." in html and "Warm contact" in html
    assert "She says she is tired." not in html and "rapport" not in html


def test_language_labels(shell, monkeypatch):
    monkeypatch.setenv("KIT_EDITION", "participant")
    monkeypatch.setenv("KIT_LANGUAGE", "hu")
    (output,) = run_cell(shell, sample_yaml("likert"))
    assert "Egyáltalán nem értek egyet" in output.data["text/html"]


def test_a_broken_exercise_shows_its_problems_not_a_traceback(shell, monkeypatch):
    monkeypatch.setenv("KIT_EDITION", "participant")
    (output,) = run_cell(shell, sample_yaml("single").replace("options:", "optoins:", 1))
    assert "optoins: unknown key 'optoins' (did you mean 'options'?)" in output.data["text/plain"]
    (output,) = run_cell(shell, "id: x\ntitle: [oops")
    assert "YAML syntax error on line 3 of the cell" in output.data["text/plain"]


def test_participant_text_is_escaped(shell, monkeypatch):
    monkeypatch.setenv("KIT_EDITION", "facilitator")
    body = sample_yaml("single").replace("The first sentence", "<script>alert(1)</script>")
    (output,) = run_cell(shell, body)
    assert "<script>" not in output.data["text/html"]
    assert "&lt;script&gt;" in output.data["text/html"]
