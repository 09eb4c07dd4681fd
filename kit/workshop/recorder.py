"""Storing the room's attempts off the event loop: one store, one writer thread, commits in groups.

The server opens the store once (one engine, one connection pool per process). Attempts wait in a
queue; the writer takes every attempt waiting and stores them in one transaction, so that a room
pressing Submit in the same second pays for a few commits (each a disk sync in SQLite), not for
one per participant. A handler awaits its attempt's future and answers only once it is stored.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

from kit.responses import Response

if TYPE_CHECKING:
    from kit.store.sql import Store

GROUP = 200  # attempts stored in one transaction at most
_STOP = None


class Recorder:
    """Stores attempts in order; ``on_stored`` hears of each group once it is committed."""

    def __init__(self, store: Store, on_stored: Callable[[list[Response]], None] = lambda records: None):
        self.store = store
        self.on_stored = on_stored
        self._queue: queue.Queue[tuple[Response, Future[None]] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="kit-recorder", daemon=True)
        self._thread.start()

    async def store_one(self, response: Response) -> None:
        """Return once ``response`` is committed; raises the store's error (StoreError) otherwise."""
        done: Future[None] = Future()
        self._queue.put((response, done))
        await asyncio.wrap_future(done)

    def close(self) -> None:
        """Store what is waiting, then stop the writer."""
        self._queue.put(_STOP)
        self._thread.join(timeout=60)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is _STOP:
                return
            group = [first]
            stopping = False
            while len(group) < GROUP:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stopping = True
                    break
                group.append(item)
            self._write(group)
            if stopping:
                return

    def _write(self, group: list[tuple[Response, Future[None]]]) -> None:
        records = [response for response, _ in group]
        try:
            self.store.add_many(records)
        except Exception as error:  # every waiting handler hears it, and says so to its participant
            for _, done in group:
                done.set_exception(error)
            return
        for _, done in group:
            done.set_result(None)
        self.on_stored(records)
