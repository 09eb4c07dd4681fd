"""kit.ipynb reads notebooks as plain JSON, the same cells nbformat would give, and says what is wrong."""

from __future__ import annotations

import json

import nbformat
import pytest

from kit.ipynb import NotebookUnreadable, read_notebook
from tests.conftest import ROOT


@pytest.mark.parametrize("path", sorted((ROOT / "exercises").glob("*.ipynb")), ids=lambda path: path.name)
def test_cells_and_metadata_are_those_nbformat_reads(path):
    ours = read_notebook(path)
    theirs = nbformat.read(path, as_version=4)
    assert ours["metadata"] == theirs.metadata
    assert [(c["cell_type"], c["source"], c["metadata"]) for c in ours["cells"]] == [
        (c.cell_type, c.source, c.metadata) for c in theirs.cells
    ]


def test_sources_stored_as_lists_of_lines_are_joined(tmp_path):
    path = tmp_path / "lines.ipynb"
    cell = {"cell_type": "code", "source": ["%%exercise\n", "id: a\n"], "metadata": {}, "outputs": []}
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}))
    assert read_notebook(path)["cells"][0]["source"] == "%%exercise\nid: a\n"


def test_an_nbformat_3_notebook_is_converted(tmp_path):
    path = tmp_path / "old.ipynb"
    old = nbformat.v3.new_notebook(worksheets=[nbformat.v3.new_worksheet(cells=[
        nbformat.v3.new_text_cell("markdown", source="# Old"),
    ])])
    path.write_text(nbformat.v3.writes_json(old), encoding="utf-8")
    notebook = read_notebook(path)
    assert notebook["nbformat"] == 4
    assert [(c["cell_type"], c["source"]) for c in notebook["cells"]] == [("markdown", "# Old")]


@pytest.mark.parametrize(("data", "message"), [
    ([1, 2], "no top-level object"),
    ({"cells": []}, "no 'nbformat' version"),
    ({"nbformat": 5, "cells": []}, "nbformat 5 is newer"),
])
def test_what_is_not_a_notebook_is_named(tmp_path, data, message):
    path = tmp_path / "bad.ipynb"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(NotebookUnreadable, match=message):
        read_notebook(path)

