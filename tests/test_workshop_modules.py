"""The modules a workshop serves, and the participant copies Voilà runs (pure transforms, in memory)."""

from __future__ import annotations

import json

import nbformat

from kit.workshop.kernel import WARM_UP_CELL
from kit.workshop.modules import find_workshop, participant_notebook, stage
from tests.conftest import exercise_cell, module_notebook
from tests.exercises import sample_yaml


def tagged(cell, *tags):
    cell.metadata["tags"] = list(tags)
    return cell


def secret_notebook():
    notebook = module_notebook(
        nbformat.v4.new_markdown_cell("# Module\n\nFor everybody."),
        tagged(nbformat.v4.new_markdown_cell("TRAINER-ONLY plan"), "facilitator"),
        tagged(nbformat.v4.new_code_cell("print('TRAINER-ONLY code')"), "facilitator"),
        nbformat.v4.new_raw_cell("::q:: GIFT {=RAW-KEY ~wrong}"),
        exercise_cell(sample_yaml("single")),
        title="Night shift", language="hu", audience="TRAINER-ONLY audience",
    )
    notebook.cells[-1].outputs = [nbformat.v4.new_output("stream", text="SAVED-OUTPUT")]
    notebook.cells[-1].execution_count = 3
    notebook.metadata["widgets"] = {"state": "SAVED-WIDGET-STATE"}
    return notebook


def test_the_participant_copy_keeps_what_the_kernel_runs_and_nothing_a_trainer_keeps():
    copy = participant_notebook(secret_notebook())
    text = json.dumps(copy)
    for secret in ("TRAINER-ONLY", "RAW-KEY", "SAVED-OUTPUT", "SAVED-WIDGET-STATE"):
        assert secret not in text
    kinds = [(cell.cell_type, cell.source.splitlines()[0]) for cell in copy.cells]
    assert kinds == [("code", "%load_ext kit"), ("markdown", "# Module"), ("code", "%%exercise"),
                     ("code", "%%capture")]
    assert copy.cells[2].source == "%%exercise\n" + sample_yaml("single").strip("\n")  # the kernel scores with it
    assert copy.cells[-1].source == WARM_UP_CELL
    assert copy.metadata["kit"] == {"title": "Night shift", "language": "hu"}
    assert set(copy.metadata) == {"kit", "kernelspec"}
    assert all(cell.get("outputs", []) == [] and cell.get("execution_count") is None
               for cell in copy.cells if cell.cell_type == "code")
    nbformat.validate(copy)


def test_the_original_is_left_as_it_was():
    notebook = secret_notebook()
    before = json.dumps(notebook, sort_keys=True)
    participant_notebook(notebook)
    assert json.dumps(notebook, sort_keys=True) == before


def test_modules_are_found_reported_and_named_below_their_common_folder(tmp_path, write_notebook):
    write_notebook("day one/Krízis č.ipynb", exercise_cell(sample_yaml("single")), title="Crisis")
    write_notebook("day two/mediation.ipynb", exercise_cell(sample_yaml("scenario")))
    write_notebook("day two/chapter.ipynb", nbformat.v4.new_markdown_cell("Only reading."))
    write_notebook("day two/broken.ipynb", exercise_cell("id: broken-one\ntype: single-choice\ntitle: x"))
    (tmp_path / "day two" / "not-json.ipynb").write_text("{", encoding="utf-8")

    workshop, problems = find_workshop([tmp_path])

    assert [(module.name, module.title) for module in workshop.modules] == [
        ("day one/Krízis č.ipynb", "Crisis"), ("day two/mediation.ipynb", "Test module")]
    assert workshop.modules[0].url_path == "/voila/render/day%20one/Kr%C3%ADzis%20%C4%8D.ipynb"
    assert [exercise.id for exercise in workshop.modules[1].exercises] == ["night"]
    assert workshop.module("day two/mediation.ipynb") is workshop.modules[1]
    assert workshop.module("day two/chapter.ipynb") is None
    reported = "\n".join(str(problem) for problem in problems)
    assert "chapter.ipynb:0: -: holds no valid exercise, so it is not served" in reported
    assert "broken.ipynb:2: broken-one:" in reported
    assert "not-json.ipynb:0: -: cannot read the notebook" in reported


def test_staging_writes_participant_copies_and_images_only(tmp_path, write_notebook):
    source = tmp_path / "source"
    path = write_notebook("module.ipynb", tagged(nbformat.v4.new_markdown_cell("TRAINER-ONLY"), "facilitator"),
                          exercise_cell(sample_yaml("single")), folder=source)
    (source / "images").mkdir()
    (source / "images" / "map.png").write_bytes(b"\x89PNG")
    (source / "responses.db").write_bytes(b"SQLite")
    (source / "roster.csv").write_text("participant,name\np1,Anna Kovács\n", encoding="utf-8")
    workshop, _ = find_workshop([path])
    served = tmp_path / "served"

    stage(workshop, served)

    assert sorted(p.relative_to(served).as_posix() for p in served.rglob("*") if p.is_file()) == [
        "images/map.png", "module.ipynb"]
    staged = nbformat.read(served / "module.ipynb", as_version=4)
    assert "TRAINER-ONLY" not in json.dumps(staged)
    assert staged.metadata.kernelspec.name == "kit-workshop"  # the server's own Python runs it


def test_myst_facilitator_blocks_leave_the_markdown_and_the_rest_stays():
    from kit.workshop.modules import without_facilitator_blocks

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
    notebook = module_notebook(nbformat.v4.new_markdown_cell(source))
    assert "SECRET" not in json.dumps(participant_notebook(notebook))
