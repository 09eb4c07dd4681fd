"""The sessions of a report kept on disk: ``kit report`` over a whole programme in flat memory.

The page's header needs every session (their count, names and participants) and the figures of
the whole read (responses read, rejected) before the first session is drawn, so the sessions cannot
be drawn as they are built. Each session's report is pickled to a temporary file as it is built;
the page is then drawn from this sequence, which reads one session back at a time. Only the name
and participants of each session (for the page's list of sessions) stay in memory.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import Any, overload

from kit.report.model import ParticipantTotal, SessionReport


class SpooledSession:
    """A session of the spool: its name and participants at hand, the rest read from disk when asked."""

    def __init__(self, spool: SessionSpool, offset: int, session: str, participants: list[ParticipantTotal]):
        self.session = session
        self.participants = participants
        self._spool = spool
        self._offset = offset
        self._loaded: SessionReport | None = None

    def load(self) -> SessionReport:
        if self._loaded is None:
            self._loaded = self._spool.read(self._offset)
        return self._loaded

    def __getattr__(self, name: str) -> Any:  # only for what is not at hand: exercises, items, overall, …
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.load(), name)


class SessionSpool(Sequence[SpooledSession]):
    """Session reports appended one by one (``append``), read back lazily, in order.

    ``folder``: where the temporary file goes (the report's own folder: the disk it is written to);
    ``also``: called with each session as it is appended (to write its CSV rows at once).
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None,
                 also: Callable[[SessionReport], None] | None = None):
        self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 - closed in close()
        self._heads: list[tuple[int, str, list[ParticipantTotal]]] = []
        self._also = also

    def append(self, session: SessionReport) -> None:
        if self._also is not None:
            self._also(session)
        offset = self._file.seek(0, 2)
        pickle.dump(session, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._heads.append((offset, session.session, session.participants))

    def read(self, offset: int) -> SessionReport:
        self._file.seek(offset)
        return pickle.load(self._file)

    def __len__(self) -> int:
        return len(self._heads)

    @overload
    def __getitem__(self, index: int) -> SpooledSession: ...

    @overload
    def __getitem__(self, index: slice) -> list[SpooledSession]: ...

    def __getitem__(self, index: int | slice) -> SpooledSession | list[SpooledSession]:
        if isinstance(index, slice):
            return [SpooledSession(self, *head) for head in self._heads[index]]
        return SpooledSession(self, *self._heads[index])

    def __iter__(self) -> Iterator[SpooledSession]:
        for head in self._heads:
            yield SpooledSession(self, *head)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> SessionSpool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
