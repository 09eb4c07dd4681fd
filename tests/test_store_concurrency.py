"""Many participant kernels write to one store at once; one is killed mid-way. Nothing committed is lost.

The same test for a SQLite file and a PostgreSQL database (a throw-away server; fewer writers, as
the point there is the server's own locking, not the disk). In both, the writers themselves make
the store, all at once.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from kit.responses import Response
from tests.postgres import fresh_database

VICTIM = 0


def write_answers(db: str, side: str, writer: int, answers: int, pause: float) -> None:
    """One participant kernel: store ``answers`` attempts, and after each commit note it in a side file."""
    from kit.store import open_store

    with open_store(db) as store, open(side, "a", encoding="utf-8") as log:
        for number in range(answers):
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


@pytest.fixture(params=[pytest.param(("sqlite", 20, 100), id="sqlite"),
                        pytest.param(("postgresql", 8, 30), id="postgresql")])
def target(request, tmp_path):
    """(store location, an integrity check, writers, answers each)."""
    backend, writers, answers = request.param
    if backend == "sqlite":
        db = tmp_path / "room.db"

        def intact() -> None:
            with sqlite3.connect(db) as connection:
                assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            connection.close()

        yield str(db), intact, writers, answers
        return
    cluster = request.getfixturevalue("postgres_cluster")
    with fresh_database(cluster) as database:
        def unique() -> None:
            assert cluster.psql("SELECT count(*) - count(DISTINCT fingerprint) FROM responses",
                                database=database) == "0"

        yield cluster.url(database=database, driver="postgresql"), unique, writers, answers


def test_writers_one_killed_lose_nothing_committed(tmp_path, target):
    db, intact, writers_count, answers = target  # the store is made by the writers themselves, all at once
    context = multiprocessing.get_context("spawn")  # no fork of a threaded pytest process
    sides = [tmp_path / f"writer-{n:02d}.txt" for n in range(writers_count)]
    writers = [
        context.Process(target=write_answers,
                        args=(db, str(sides[n]), n, answers, 0.05 if n == VICTIM else 0.0))
        for n in range(writers_count)
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
    assert [writer.exitcode for writer in writers[1:]] == [0] * (writers_count - 1)

    intact()
    from kit.store import open_store

    stored: dict[int, list[int]] = {}
    with open_store(db, create=False) as store:
        for record in store.read_all():
            assert isinstance(record, Response), record
            stored.setdefault(record.answer["writer"], []).append(record.answer["n"])
    for n in range(1, writers_count):
        assert sorted(stored[n]) == list(range(answers)), f"writer {n}"
    victim = stored.get(VICTIM, [])
    assert len(victim) == len(set(victim)) < answers  # killed mid-way, nothing stored twice
    assert committed(sides[VICTIM]) <= set(victim)  # every commit it saw is in the store
    with open_store(db) as store:  # the store still takes answers after the kill
        assert store.add(Response("s1", "p99", "x-after", "a", datetime.now(timezone.utc)))
