"""The editors' reference (README and the chapter "Writing exercises") agrees with the schema.

Field tables are generated from the models' descriptions (kit.fielddocs); every example is a real
exercise, validated by the same code as ``kit check``, so a wrong example fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kit.cli import main
from kit.fielddocs import blocks, fill, table_names
from kit.fielddocs import main as fielddocs_main
from kit.guide.cells import AgendaCellMeta
from kit.models import EXERCISE_TYPES
from kit.notebook import ModuleMeta, read_exercise_cell

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "book" / "writing-exercises.md"
DOCS = [ROOT / "README.md", CHAPTER]
FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def fences(text: str) -> list[tuple[str, int, str]]:
    """(info string, line number, body) of every fenced code block."""
    return [
        (match.group("info").strip(), text.count("\n", 0, match.start()) + 1, match.group("body"))
        for match in FENCE.finditer(text)
    ]


def exercise_examples(path: Path) -> list[tuple[int, str]]:
    """Every example cell: YAML blocks (with or without the %%exercise line) and text blocks that are cells."""
    found = []
    for info, line, body in fences(path.read_text(encoding="utf-8")):
        if info == "yaml" or (info == "text" and body.startswith("%%exercise\n")):
            found.append((line, body if body.startswith("%%exercise") else "%%exercise\n" + body))
    return found


@pytest.mark.parametrize("path", DOCS, ids=lambda path: path.name)
def test_field_tables_match_the_schema(path):
    text = path.read_text(encoding="utf-8")
    assert fill(text) == text, f"the field tables of {path} are out of date: run python -m kit.fielddocs {path}"


@pytest.mark.parametrize("path", DOCS, ids=lambda path: path.name)
def test_every_type_and_every_nested_key_has_its_table(path):
    names = [name for name, _ in blocks(path.read_text(encoding="utf-8"))]
    assert set(table_names()) <= set(names), set(table_names()) - set(names)
    assert set(EXERCISE_TYPES) <= set(names)


def test_a_hand_edited_table_is_caught_and_regenerated():
    text = CHAPTER.read_text(encoding="utf-8")
    edited = text.replace("| The id of the node this choice leads to. |", "| Where the choice goes. |")
    assert edited != text
    assert fill(edited) == text


def test_the_command_rewrites_stale_tables(tmp_path, capsys):
    path = tmp_path / "doc.md"
    path.write_text("# Doc\n\n<!-- kit-fields: Pair -->\nold\n<!-- /kit-fields -->\n", encoding="utf-8")
    assert fielddocs_main(["--check", str(path)]) == 1
    assert "field tables is out of date" in capsys.readouterr().err
    assert fielddocs_main([str(path)]) == 0
    assert "| `left` | text | **yes** |" in path.read_text(encoding="utf-8")
    assert fielddocs_main(["--check", str(path)]) == 0


@pytest.mark.parametrize("path", DOCS, ids=lambda path: path.name)
def test_every_example_is_a_valid_exercise_and_every_type_has_one(path):
    types = {}
    for line, source in exercise_examples(path):
        cell = read_exercise_cell(str(path), line, source)
        assert cell.problems == [], "\n".join(str(problem) for problem in cell.problems)
        assert cell.exercise is not None
        types.setdefault(cell.exercise.type_name, []).append(cell.exercise)
    assert set(types) == set(EXERCISE_TYPES)
    # what editors asked how to write: default dimensions, reverse items with a scale, a real graph
    assert any(exercise.dimensions is None for exercise in types["case-discussion"])
    assert any(exercise.scale and any(s.reverse for s in exercise.statements) for exercise in types["likert"])
    assert any(len(exercise.nodes) >= 5 and exercise.facilitator for exercise in types["scenario"])


def test_an_invalid_example_would_fail(tmp_path):
    text = CHAPTER.read_text(encoding="utf-8").replace("goto: risk\n", "goto: rsik\n", 1)
    broken = tmp_path / "broken.md"
    broken.write_text(text, encoding="utf-8")
    problems = [p for line, source in exercise_examples(broken) for p in read_exercise_cell("x", line, source).problems]
    assert any("'rsik' is not a node (did you mean 'risk'?)" in str(problem) for problem in problems)


def test_metadata_examples_are_valid():
    examples = [json.loads(body) for info, _, body in fences(CHAPTER.read_text(encoding="utf-8")) if info == "json"]
    modules = [e["kit"] for e in examples if "tags" not in e]
    agenda = [e["kit"] for e in examples if "agenda" in e.get("tags", [])]
    assert modules and agenda
    for meta in modules:
        ModuleMeta.model_validate(meta)
    for meta in agenda:
        AgendaCellMeta.model_validate(meta)


def test_the_chapter_is_in_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    reference = next(part for part in toc["parts"] if part["caption"] == "Reference")
    assert {"file": "book/writing-exercises"} in reference["chapters"]


def test_kit_schema_describes_every_key():
    schema = json.loads(CliRunner().invoke(main, ["schema"]).stdout)
    undescribed = [
        f"{name}.{key}"
        for name, definition in schema["$defs"].items()
        for key, prop in definition["properties"].items()
        if not prop.get("description")
    ]
    assert undescribed == []
    assert all(definition.get("description") for definition in schema["$defs"].values())


def test_the_chapter_keeps_its_answer_keys_in_facilitator_blocks():
    # the examples show keys and feedback: they belong to the facilitator edition only (DESIGN §8)
    text = CHAPTER.read_text(encoding="utf-8")
    public = re.sub(r"^:::\{facilitator\}.*?^:::$", "", text, flags=re.MULTILINE | re.DOTALL)
    assert public != text
    for marker in ("correct: true", "weight:", "feedback:", "rubric:", "score:"):
        assert marker not in public, marker
