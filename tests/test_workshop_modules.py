"""The modules a workshop serves and the images their participant view shows (in memory and files)."""

from __future__ import annotations

import json

import nbformat

from kit.workshop.modules import find_workshop, without_facilitator_blocks
from tests.conftest import exercise_cell, module_notebook
from tests.exercises import sample_yaml
from tests.workshop_site import write_modules


def test_modules_are_found_reported_and_named_below_their_common_folder(tmp_path, write_notebook):
    write_notebook("day one/Krízis č.ipynb", exercise_cell(sample_yaml("single")), title="Crisis")
    write_notebook("day two/mediation.ipynb", exercise_cell(sample_yaml("scenario")))
    write_notebook("day two/chapter.ipynb", nbformat.v4.new_markdown_cell("Only reading."))
    write_notebook("day two/broken.ipynb", exercise_cell("id: broken-one\ntype: single-choice\ntitle: x"))
    (tmp_path / "day two" / "not-json.ipynb").write_text("{", encoding="utf-8")

    workshop, problems = find_workshop([tmp_path])

    assert [(module.name, module.title) for module in workshop.modules] == [
        ("day one/Krízis č.ipynb", "Crisis"), ("day two/mediation.ipynb", "Test module")]
    assert workshop.modules[0].url_path == "modules/day%20one/Kr%C3%ADzis%20%C4%8D.ipynb"
    assert workshop.modules[0].depth == 2
    assert [exercise.id for exercise in workshop.modules[1].exercises] == ["night"]
    assert workshop.module("day two/mediation.ipynb") is workshop.modules[1]
    assert workshop.module_of("night") is workshop.modules[1] and workshop.module_of("nope") is None
    assert workshop.module("day two/chapter.ipynb") is None
    reported = "\n".join(str(problem) for problem in problems)
    assert "chapter.ipynb:0: -: holds no valid exercise, so it is not served" in reported
    assert "broken.ipynb:2: broken-one:" in reported
    assert "not-json.ipynb:0: -: cannot read the notebook" in reported


def test_only_images_of_participant_visible_text_are_served(tmp_path):
    modules = write_modules(tmp_path)
    (modules / "secret.png").write_bytes(b"x")
    notebook = module_notebook(
        nbformat.v4.new_markdown_cell('<img src="../secret.png" alt="up"> ![remote](https://example.org/a.png) '
                                      "![data](data:image/png;base64,AAAA) ![gone](missing.png)"),
        exercise_cell(sample_yaml("likert").replace("prompt: Agree?", "prompt: 'Agree? ![chart](chart.png)'")
                      .replace("id: after-shift", "id: after-shift-two")))
    (modules / "day two" / "chart.png").write_bytes(b"x")
    nbformat.write(notebook, modules / "day two" / "more.ipynb")
    workshop, _ = find_workshop([modules])
    assert sorted(workshop.images) == ["day one/img/shown.png", "day two/chart.png", "secret.png"]
    assert workshop.images["day one/img/shown.png"] == (modules / "day one" / "img" / "shown.png").resolve()


def test_myst_facilitator_blocks_leave_the_markdown_and_the_rest_stays():
    source = "\n".join([
        "Intro text.", "", ":::{facilitator} For trainers", "SECRET one.", "", "- item", ":::", "",
        "```{facilitator}", "SECRET two.", "```", "", "> quote", ">", "> :::{facilitator}", "> SECRET three",
        "> :::", "", "::::{note}", "Kept note.", ":::{facilitator}", "SECRET four", ":::", "::::", "",
        "```python", "print('{facilitator} in code stays')", "```", "End."])
    stripped = without_facilitator_blocks(source)
    assert "SECRET" not in stripped
    for kept in ("Intro text.", "> quote", "::::{note}", "Kept note.", "in code stays", "End."):
        assert kept in stripped
    assert without_facilitator_blocks("No blocks here.\n\nAt all.") == "No blocks here.\n\nAt all."
    assert json.dumps(stripped)  # plain text, nothing else
