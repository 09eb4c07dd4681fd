"""Shared fixtures: notebooks built in memory and written to temporary folders."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def exercise_cell(yaml_text: str) -> Any:
    return nbformat.v4.new_code_cell("%%exercise\n" + yaml_text.strip("\n"))


def module_notebook(*cells: Any, language: str = "en", title: str = "Test module", **meta: Any) -> Any:
    """An exercise notebook: metadata.kit, the load_ext cell, then the given cells."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kit"] = {"title": title, "language": language, "objectives": ["Test"], **meta}
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell("%load_ext kit"), *cells]
    return notebook


@pytest.fixture
def write_notebook(tmp_path: Path) -> Callable[..., Path]:
    def write(name: str, *cells: Any, folder: Path | None = None, **meta: Any) -> Path:
        path = (folder or tmp_path) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(module_notebook(*cells, **meta), path)
        return path

    return write


@pytest.fixture
def write_jsonl(tmp_path: Path) -> Callable[..., Path]:
    def write(name: str, records: list[Any]) -> Path:
        path = tmp_path / name
        with open(path, "w", encoding="utf-8") as handle:
            for record in records:
                handle.write(record if isinstance(record, str) else json.dumps(record, ensure_ascii=False))
                handle.write("\n")
        return path

    return write


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throw-away PostgreSQL server for the whole run (tests/postgres.py); removed at the end."""
    from tests.postgres import throwaway_cluster

    with throwaway_cluster() as cluster:
        yield cluster
