"""Content lint over the handbook: every notebook valid, every exercise valid, ids unique."""

from __future__ import annotations

import nbformat
import pytest

from kit.catalog import load_catalog
from kit.notebook import find_notebooks, read_module
from tests.conftest import ROOT

NOTEBOOKS = sorted(find_notebooks([ROOT / "book", ROOT / "exercises"]))


def test_there_is_content():
    assert len(NOTEBOOKS) >= 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: str(path.relative_to(ROOT)))
def test_notebook_is_valid_nbformat_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), (
        "commit notebooks without outputs; kit build executes them"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_exercise_is_valid(path):
    module = read_module(path)
    problems = module.problems + [problem for cell in module.exercises for problem in cell.problems]
    assert [str(problem) for problem in problems] == []


def test_ids_are_unique_across_the_book():
    catalog = load_catalog([ROOT / "book", ROOT / "exercises"])
    assert [str(problem) for problem in catalog.problems] == []


def test_the_exercise_modules_cover_every_type():
    catalog = load_catalog([ROOT / "exercises"])
    types = {exercise.type for exercise in catalog.exercises.values()}
    assert types == {"single-choice", "multiple-choice", "ordering", "matching",
                     "free-text", "case-discussion", "likert", "scenario"}


def test_every_toc_entry_exists():
    import yaml

    from kit.build.stage import toc_files

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    for entry in toc_files(toc):
        assert list(ROOT.glob(entry + ".*")), f"_toc.yml names {entry}, which does not exist"
