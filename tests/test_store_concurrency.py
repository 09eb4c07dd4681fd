"""Many participant kernels write to one store at once; one is killed mid-way. Nothing committed is lost."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

from kit.responses import Response

WRITERS = 20
ANSWERS = 100
VICTIM = 0


def write_answers(db: str, side: str, writer: int, pause: float) -> None:
    """One participant kernel: store ANSWERS attempts, and after each commit note it in a side file."""
    from kit.store import open_store

    with open_store(db) as store, open(side, "a", encoding="utf-8") as log:
        for number in range(ANSWERS):
            store.add(Response("s1", f"p{writer:02d}", "signal-duty-01", {"writer": writer, "n": number},
                               datetime.now(timezone.utc)))
            log.write(f"{number}\n")
            log.flush()
            os.fsync(log.fileno())
            time.sleep(pause)


def committed(side: Path) -> set[int]:
    if not side.exists():
        return set()
    return {int(line) for line in side.read_text(encoding="utf-8").split()}


def test_twenty_writers_one_killed_lose_nothing_committed(tmp_path):
    db = tmp_path / "room.db"  # created by the writers themselves, all at once
    context = multiprocessing.get_context("spawn")  # no fork of a threaded pytest process
    sides = [tmp_path / f"writer-{n:02d}.txt" for n in range(WRITERS)]
    writers = [
        context.Process(target=write_answers, args=(str(db), str(sides[n]), n, 0.05 if n == VICTIM else 0.0))
        for n in range(WRITERS)
    ]
    for writer in writers:
        writer.start()
    deadline = time.monotonic() + 120
    while len(committed(sides[VICTIM])) < 10 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(writers[VICTIM].pid, signal.SIGKILL)
    for writer in writers:
        writer.join(timeout=300)
    assert writers[VICTIM].exitcode == -signal.SIGKILL
    assert [writer.exitcode for writer in writers[1:]] == [0] * (WRITERS - 1)

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    from kit.store import open_store

    stored: dict[int, list[int]] = {}
    with open_store(db, create=False) as store:
        for record in store.read_all():
            assert isinstance(record, Response), record
            stored.setdefault(record.answer["writer"], []).append(record.answer["n"])
    for n in range(1, WRITERS):
        assert sorted(stored[n]) == list(range(ANSWERS)), f"writer {n}"
    victim = stored.get(VICTIM, [])
    assert len(victim) == len(set(victim)) < ANSWERS  # killed mid-way, nothing stored twice
    assert committed(sides[VICTIM]) <= set(victim)  # every commit it saw is in the store
    with open_store(db) as store:  # the store still takes answers after the kill
        assert store.add(Response("s1", "p99", "x-after", "a", datetime.now(timezone.utc)))
