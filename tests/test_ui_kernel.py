"""An exercise notebook in a real kernel: the widget submits unattended and the store holds the answer."""

from __future__ import annotations

import os

import nbformat
import pytest

from kit.responses import Response
from kit.store import open_store
from tests.conftest import exercise_cell, module_notebook
from tests.exercises import sample_yaml

UNATTENDED = """\
from kit.ui import shown
single = shown("first-words")
print(single.submit_button.description)
assert single.submit("b"), single.message.value
assert shown("night").submit(["open-1", "ask"]), shown("night").message.value
print(single.outcome.value)
"""


@pytest.mark.slow
def test_a_notebook_saves_its_answers_to_the_store(tmp_path):
    from nbclient import NotebookClient

    notebook = module_notebook(exercise_cell(sample_yaml("single")), exercise_cell(sample_yaml("scenario")),
                               nbformat.v4.new_code_cell(UNATTENDED), language="cs")
    path = tmp_path / "modul č.ipynb"
    nbformat.write(notebook, path)
    db = tmp_path / "room.db"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KIT_", "JPY_"))}
    env.update(KIT_DB=str(db), KIT_SESSION="brno-2026-12-01", KIT_PARTICIPANT="p11", JPY_SESSION_NAME=str(path))
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute(env=env)

    widget_output = notebook.cells[1].outputs[0]
    assert "application/vnd.jupyter.widget-view+json" in widget_output["data"]
    printed = "".join(output.get("text", "") for output in notebook.cells[3].outputs)
    assert printed.splitlines()[0] == "Odeslat"  # the notebook's language, found by the kernel
    assert "Vaše skóre: 2 z 2 bodů." in printed
    with open_store(db, create=False) as store:
        records = list(store.read_all())
    assert all(isinstance(record, Response) for record in records)
    assert [(r.session, r.participant, r.exercise, r.answer) for r in records] == [
        ("brno-2026-12-01", "p11", "first-words", "b"),
        ("brno-2026-12-01", "p11", "night", ["open-1", "ask"]),
    ]
