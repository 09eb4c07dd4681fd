"""kit.analysis: responses and results as pandas DataFrames, and the sample notebook of the book."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from kit.analysis import analyse, load_responses
from tests.conftest import DATA, ROOT

CONTRACT = DATA / "contract"
BOOK = CONTRACT / "Crisis line basics.ipynb"


def test_load_responses_keeps_every_attempt_and_lists_rejections():
    frame = load_responses(CONTRACT / "responses.jsonl")
    assert list(frame.columns) == ["session", "participant", "exercise", "answer", "submitted_at", "source"]
    assert len(frame) == 305 and len(frame.attrs["rejections"]) == 5
    assert str(frame["submitted_at"].dt.tz) == "UTC"
    assert frame["source"].iloc[0].endswith("responses.jsonl:1")


def test_a_frame_and_the_files_give_the_same_results():
    frame = load_responses(CONTRACT / "responses.jsonl")
    from_frame = analyse(frame, book=BOOK, grades=CONTRACT / "grades.csv")
    from_files = analyse(CONTRACT / "responses.jsonl", book=BOOK, grades=CONTRACT / "grades.csv")
    pd.testing.assert_frame_equal(from_frame.items, from_files.items)
    pd.testing.assert_frame_equal(from_frame.sessions, from_files.sessions)
    pd.testing.assert_frame_equal(from_frame.scores.drop(columns="submitted_at"),
                                  from_files.scores.drop(columns="submitted_at"))


def test_the_frames_hold_the_figures_of_kit_report(tmp_path):
    results = analyse(CONTRACT / "responses.jsonl", book=BOOK, grades=CONTRACT / "grades.csv")
    written = results.write_report(tmp_path / "day.html")
    assert tmp_path / "day-items.csv" in written
    with open(tmp_path / "day-items.csv", encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    items = results.items
    assert len(items) == len(table) == 14
    for (_, row), written_row in zip(items.iterrows(), table, strict=True):
        assert row["exercise"] == written_row["exercise"]
        assert row["facility"] == pytest.approx(float(written_row["facility"]), abs=1e-4)
        assert row["discrimination"] == pytest.approx(float(written_row["discrimination"]), abs=1e-4)
    scores = results.scores
    assert scores["score"].dtype == "float64"
    assert set(scores["status"]) == {"scored", "pending", "recorded", "invalid"}
    assert results.options["popular_wrong"].sum() >= 1
    assert set(results.likert["value"]) == {1, 2, 3, 4, 5}
    assert not results.endings.empty and not results.paths.empty and not results.errors.empty
    assert (results.participants["percent"].dropna().between(0, 100)).all()
    assert len(results.waiting) == 31


def test_one_session_filtered_in_pandas():
    frame = load_responses(CONTRACT / "responses.jsonl")
    results = analyse(frame[frame.session == "brno-2026-03-17"], book=BOOK)
    assert list(results.sessions["session"]) == ["brno-2026-03-17"]


@pytest.mark.slow
def test_the_results_notebook_runs(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    path = ROOT / "book" / "results-analysis.ipynb"
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    assert not [output for output in outputs if output.get("name") == "stderr"], "warnings in the notebook"
    assert any("facility" in output.get("data", {}).get("text/html", "") for output in outputs)
    assert Path(path.parent / "data" / "first-slice-responses.jsonl").exists()
