"""Move attempts between JSON Lines files and a store: ``kit store import`` and ``kit store export``."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from kit.errors import InputError
from kit.inputs import is_sqlite
from kit.responses import Rejection, Response, read_jsonl
from kit.store.location import is_database_url
from kit.store.sql import Store


@dataclass
class ImportReport:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    rejections: list[Rejection] = field(default_factory=list)


def check_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The input paths, or InputError naming the first one that cannot be read at all."""
    checked = []
    for item in paths:
        if is_database_url(str(item)):
            checked.append(str(item))
            continue
        path = Path(item)
        if not path.exists():
            raise InputError(f"{item}: no such file; give JSON Lines files (.jsonl) to import")
        if path.is_dir():
            raise InputError(f"{item}: is a folder; give JSON Lines files (.jsonl) to import")
        is_sqlite(path)  # InputError now for a file that is neither a store nor JSON Lines
        checked.append(str(item))
    return checked


def import_files(store: Store, paths: Iterable[str]) -> ImportReport:
    """Store every readable record of every file, in file order; reject the rest as ``kit score`` does.

    A file may also be another store, or a PostgreSQL URL (merging two rooms' stores). A record
    already in the store is counted, not stored again.
    """
    report = ImportReport()

    def accepted(records: Iterable[Response | Rejection]) -> Iterator[Response]:
        for record in records:
            report.read += 1
            if isinstance(record, Rejection):
                report.rejections.append(record)
            else:
                yield record

    for path in paths:
        if is_database_url(path) or is_sqlite(Path(path)):
            with Store.open(path, create=False) as source:
                stored, duplicates = store.add_many(accepted(source.read_all()))
        else:
            stored, duplicates = store.add_many(accepted(read_jsonl(path, path)))
        report.stored += stored
        report.duplicates += duplicates
    return report


def export_lines(store: Store, handle: IO[str]) -> tuple[int, list[Rejection]]:
    """Write every attempt as one JSON line, in stored order; (lines written, rows not readable)."""
    written = 0
    rejections: list[Rejection] = []
    for record in store.read_all():
        if isinstance(record, Rejection):
            rejections.append(record)
            continue
        handle.write(json.dumps(as_json(record), ensure_ascii=False) + "\n")
        written += 1
    return written, rejections


def as_json(response: Response) -> dict[str, object]:
    """A response as DESIGN §6 writes it."""
    return {
        "session": response.session,
        "participant": response.participant,
        "exercise": response.exercise,
        "answer": response.answer,
        "submitted_at": response.submitted_at.isoformat(),
    }
