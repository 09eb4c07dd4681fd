"""``kit store export --format xapi``: the store's attempts as xAPI statements, to a file or an LRS."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kit.catalog import DEFAULT_PATHS, load_catalog
from kit.errors import InputError
from kit.i18n import english_count as count
from kit.interchange.xapi import (
    DEFAULT_ACTIVITIES,
    DEFAULT_HOME_PAGE,
    LrsError,
    post_statements,
    statements,
    write_statements,
)
from kit.responses import Rejection


def export_xapi(db: str | None, output: str | None, books: Sequence[str], home_page: str | None,
                activities: str | None, lrs: str | None, say: Callable[[str], None]) -> int:
    """0 when every attempt was written (and posted), 1 when rows could not be read, 2 when nothing could be done."""
    from kit.outputs import check_output
    from kit.store import StoreError, open_store

    folders = list(books) or [path for path in DEFAULT_PATHS if Path(path).exists()]
    try:
        if output:
            check_output(output, example="statements.jsonl")
        for folder in folders:
            if not Path(folder).exists():
                raise InputError(f"--book {folder}: no such file or folder")
        catalog = load_catalog(folders)
        where = {"home_page": home_page or DEFAULT_HOME_PAGE, "activities": activities or DEFAULT_ACTIVITIES}
        with open_store(db, create=False) as source:
            records = list(source.read_all())
    except (InputError, StoreError) as error:
        say(f"kit store export: {error}")
        return 2
    rejections = [record for record in records if isinstance(record, Rejection)]
    attempts = [record for record in records if not isinstance(record, Rejection)]
    for rejection in rejections:
        say(str(rejection))
    unknown = sorted({response.exercise for response in attempts} - set(catalog.exercises))
    if unknown:
        say(f"kit store export: no exercise {', '.join(unknown)} under {', '.join(folders) or 'the book'}: "
            "their statements carry no result (give --book)")
    found = statements(attempts, catalog.exercises, catalog.language, **where)
    try:
        if lrs:
            sent = post_statements(found, lrs, auth=os.environ.get("KIT_LRS_AUTH"))
            say(f"kit store export: {count(sent, 'statement', 'statements')} posted to {lrs}")
        elif output:
            with open(output, "w", encoding="utf-8") as handle:
                sent = write_statements(found, handle)
            say(f"kit store export: {count(sent, 'statement', 'statements')} written to {output}")
        else:
            sent = write_statements(found, sys.stdout)
            say(f"kit store export: {count(sent, 'statement', 'statements')} written")
    except LrsError as error:
        say(f"kit store export: {error}")
        return 2
    except OSError as error:
        say(f"kit store export: cannot write {output or 'to standard output'}: {error.strerror or error}")
        return 2
    return 1 if rejections or unknown else 0
