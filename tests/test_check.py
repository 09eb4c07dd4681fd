"""``kit check``: one line per problem, ``PATH:CELL: ID: message``, every problem in one run."""

from __future__ import annotations

import json

import nbformat
from click.testing import CliRunner

from kit.cli import main
from tests.conftest import exercise_cell
from tests.exercises import sample_yaml


def run_check(*args: str):
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.stdout.splitlines()


def test_a_clean_notebook_passes(write_notebook, tmp_path):
    write_notebook("Krízis modul ő.ipynb", *(exercise_cell(sample_yaml(name)) for name in ("single", "scenario")))
    assert run_check(str(tmp_path)) == (0, [])


def test_every_problem_is_reported_at_its_cell(write_notebook, tmp_path):
    broken_goto = sample_yaml("scenario").replace("goto: end-safe", "goto: end-sfae")
    path = write_notebook(
        "bad module č.ipynb",
        exercise_cell(sample_yaml("single").replace("options:", "optoins:", 1)),  # cell 2
        nbformat.v4.new_markdown_cell("text"),  # cell 3
        exercise_cell("id: broken-yaml\ntype: single-choice\ntitle: [unclosed\n"),  # cell 4
        exercise_cell(broken_goto),  # cell 5
    )
    code, lines = run_check(str(path))
    assert code == 1
    assert f"{path}:2: first-words: optoins: unknown key 'optoins' (did you mean 'options'?)" in lines
    assert any(line.startswith(f"{path}:4: broken-yaml: YAML syntax error on line 4 of the cell") for line in lines)
    assert (
        f"{path}:5: night: nodes[1].choices[0].goto: 'end-sfae' is not a node (did you mean 'end-safe'?)" in lines
    )


def test_duplicate_ids_across_notebooks(write_notebook, tmp_path):
    write_notebook("a.ipynb", exercise_cell(sample_yaml("single")))
    second = write_notebook("b.ipynb", nbformat.v4.new_markdown_cell("x"), exercise_cell(sample_yaml("single")))
    code, lines = run_check(str(tmp_path))
    assert code == 1
    assert lines == [
        f"{second}:3: first-words: the id 'first-words' is already used at {tmp_path / 'a.ipynb'}:2; "
        "ids must be unique across all notebooks checked together"
    ]


def test_a_file_that_is_not_a_notebook(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text("{not json", encoding="utf-8")
    code, lines = run_check(str(path))
    assert code == 1
    assert lines[0].startswith(f"{path}:0: -: cannot read the notebook")


def test_missing_load_ext_and_bad_metadata(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kit"] = {"title": "x", "language": "de", "group_sise": 8}
    notebook.cells = [exercise_cell(sample_yaml("likert"))]
    path = tmp_path / "m.ipynb"
    nbformat.write(notebook, path)
    code, lines = run_check(str(path))
    assert code == 1
    assert f"{path}:0: -: metadata.kit.language: must be one of en, hu, cs (got 'de')" in lines
    assert f"{path}:0: -: metadata.kit.group_sise: unknown key (did you mean 'group_size'?)" in lines
    assert any(line.startswith(f"{path}:1: after-shift: the %%exercise magic is not loaded") for line in lines)


def test_a_yaml_list_instead_of_a_mapping(write_notebook):
    path = write_notebook("list.ipynb", exercise_cell("- a\n- b"))
    assert run_check(str(path)) == (1, [f"{path}:2: -: the exercise must be a YAML mapping of keys (got list)"])


def test_a_key_written_twice(write_notebook):
    path = write_notebook("twice.ipynb", exercise_cell(sample_yaml("single") + "\nid: again"))
    code, lines = run_check(str(path))
    assert code == 1
    assert "the key 'id' is written twice" in lines[0]


def test_schema_is_json_schema_with_every_type():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["properties"]["type"]["enum"] == [
        "single-choice", "multiple-choice", "ordering", "matching",
        "free-text", "case-discussion", "likert", "scenario",
    ]
    assert schema["$defs"]["Scenario"]["additionalProperties"] is False
