"""Read responses from the inputs of ``kit score`` and ``kit report``: JSON Lines files or stores."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from kit.errors import InputError
from kit.responses import Latest, Rejection, Response, read_jsonl_into
from kit.store.location import is_database_url

SQLITE_MAGIC = b"SQLite format 3\x00"
# how much of a file is looked at to tell a store from JSON Lines
PROBE_BYTES = 8192
# more NUL bytes than this share of the probe: binary data, not JSON Lines (a store's pages are mostly NUL)
BINARY_SHARE = 0.1
# no store file is smaller than one page
MIN_STORE_BYTES = 512
T = TypeVar("T")
# Inputs smaller than this are read before a progress bar would be worth drawing.
PROGRESS_MIN_BYTES = 8_000_000


@dataclass
class Loaded:
    # every attempt, in reading order; only filled by load_inputs(..., every_attempt=True)
    responses: list[Response] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    lines: int = 0
    # the attempt that counts per (session, participant, exercise): all that scoring needs
    latest: Latest = field(default_factory=Latest)


def is_sqlite(path: Path) -> bool:
    """Whether the file is a store (else it is read as JSON Lines).

    InputError for a file that is neither: JSON Lines is text, so binary data (mostly NUL bytes)
    without a store's header is a damaged store or some other file, and reading it line by line would
    only bury the user in thousands of "not valid JSON" lines.
    """
    with open(path, "rb") as handle:
        head = handle.read(PROBE_BYTES)
    if head.startswith(SQLITE_MAGIC):
        return True
    # a stray NUL in a line is that line's problem (rejected with its number); a file made mostly of
    # them is not text at all
    if head.count(0) <= len(head) * BINARY_SHARE:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: is UTF-16 text; save it as UTF-8 (JSON Lines files are UTF-8)")
    if len(head) >= MIN_STORE_BYTES:
        raise InputError(f"{path}: this is not a store (its header is not that of a store file) nor a JSON Lines "
                         "file (it holds binary data); if it was a store, it is damaged: use a backup copy")
    return False


def load_inputs(inputs: Iterable[str | os.PathLike[str]], every_attempt: bool = True) -> Loaded:
    """Every response of every input, in reading order (which breaks ties of ``submitted_at``).

    With ``every_attempt=False`` only ``latest`` is filled, which is what scoring needs and takes far
    less memory on large inputs.
    """
    loaded = Loaded()
    every = loaded.responses if every_attempt else None
    for item in inputs:
        text = str(item)
        if is_database_url(text):
            _load_store(text, loaded, every)
            continue
        path = Path(item)
        if not path.exists():
            raise InputError(f"{text}: no such file; give a JSON Lines file (.jsonl) or a store file")
        if path.is_dir():
            raise InputError(f"{text}: is a folder; give a JSON Lines file (.jsonl) or a store file")
        if is_sqlite(path):
            _load_store(text, loaded, every)
            continue
        with progress_bar(path.stat().st_size, f"reading {path.name}") as progress:
            loaded.lines += read_jsonl_into(path, loaded.latest, loaded.rejections, text, every, progress)
    return loaded


def _load_store(location: str, loaded: Loaded, every: list[Response] | None) -> None:
    from kit.store import open_store

    with open_store(location, create=False) as store:
        for record in store.read_all():
            loaded.lines += 1
            if isinstance(record, Rejection):
                loaded.rejections.append(record)
            else:
                loaded.latest.add(record)
                if every is not None:
                    every.append(record)


@contextmanager
def progress_bar(total: int, description: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for long reads on a terminal; None (draw nothing) otherwise.

    The caller reports how far it got (in the unit of ``total``). Quiet when stderr is not a
    terminal, so that logs and pipes stay clean.
    """
    if total < PROGRESS_MIN_BYTES or not _stderr_is_terminal():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda done: bar.update(task, completed=done)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


# Results to score before a progress bar is worth drawing for them.
PROGRESS_MIN_ITEMS = 50_000


def track(items: Iterable[T], total: int, description: str) -> Iterator[T]:
    """``items`` unchanged; on a terminal, with a progress bar when there are many of them."""
    if total < PROGRESS_MIN_ITEMS or not _stderr_is_terminal():
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        for done, item in enumerate(items, start=1):
            if not done % 4096:
                bar.update(task, completed=done)
            yield item
