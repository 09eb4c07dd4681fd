"""Read responses from the inputs of ``kit score`` and ``kit report``: JSON Lines files or stores."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import InputError
from kit.responses import Rejection, Response, read_jsonl

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class Loaded:
    responses: list[Response] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    lines: int = 0


def is_sqlite(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def load_inputs(inputs: Iterable[str | os.PathLike[str]]) -> Loaded:
    """Every response of every input, in reading order (which breaks ties of ``submitted_at``)."""
    loaded = Loaded()
    for item in inputs:
        text = str(item)
        if text.startswith(("postgresql://", "postgres://")):
            _load_store(text, loaded)
            continue
        path = Path(item)
        if not path.exists():
            raise InputError(f"{text}: no such file; give a JSON Lines file (.jsonl) or a store file")
        if path.is_dir():
            raise InputError(f"{text}: is a folder; give a JSON Lines file (.jsonl) or a store file")
        if is_sqlite(path):
            _load_store(text, loaded)
            continue
        for record in read_jsonl(path, text):
            loaded.lines += 1
            if isinstance(record, Rejection):
                loaded.rejections.append(record)
            else:
                loaded.responses.append(record)
    return loaded


def _load_store(location: str, loaded: Loaded) -> None:
    from kit.store import open_store

    with open_store(location, create=False) as store:
        for record in store.read_all():
            loaded.lines += 1
            if isinstance(record, Rejection):
                loaded.rejections.append(record)
            else:
                loaded.responses.append(record)
