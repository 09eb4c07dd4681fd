"""The trainer's dashboard: the room per module and exercise, pushed live with server-sent events.

``dashboard?token=…[&module=NAME][&session=NAME][&names=1][&key=1]`` is the page;
``dashboard/events?…`` (same arguments) is the stream the page listens to: one ``room`` event with
the room's HTML whenever answers arrived (at most once a second), a comment now and then on a quiet
line. Without the token printed at start, both answer 403. Pseudonyms show only with ``names=1``
and nothing of the key only with ``key=1`` (the dashboard may be on the projector).
"""

from __future__ import annotations

import hmac
from dataclasses import replace
from datetime import datetime

from tornado.iostream import StreamClosedError

from kit.workshop import pages
from kit.workshop.room import RoomView, room_view
from kit.workshop.web import Base


class Trainer(Base):
    def prepare(self) -> None:
        if self.site.hub is not None:  # the hub says who is a trainer; no token in the address
            user = self.hub_user()  # type: ignore[attr-defined]
            if user is None:
                self.redirect(self.get_login_url())  # type: ignore[attr-defined]
            elif not self.site.hub.is_trainer(user):
                self.message(403, "refused", back=False)
            return
        given = self.get_argument("token", "")
        if not hmac.compare_digest(given.encode(), self.site.token.encode()):
            self.message(403, "refused", back=False)

    @property
    def names(self) -> bool:
        return self.get_argument("names", "") == "1"

    @property
    def key(self) -> bool:
        return self.get_argument("key", "") == "1"

    @property
    def module(self) -> str | None:
        name = self.get_argument("module", None)
        return name if name is not None and self.site.workshop.module(name) is not None else None

    @property
    def live(self) -> bool:
        """The workshop's own session is kept live in memory; another one is read from the store."""
        return self.get_argument("session", self.site.session) == self.site.session

    def narrowed(self, view: RoomView) -> RoomView:
        module = self.module
        if module is None:
            return view
        return replace(view, modules=tuple(room for room in view.modules if room.module.name == module))


class Dashboard(Trainer):
    async def get(self) -> None:
        if self.live:
            view = self.site.live.view(self.key)
        else:
            view = await self._other_session()
            if view is None:
                return
        events = "dashboard/events?" + self.request.query if self.live else None
        self.finish(pages.dashboard_page(self.site.workshop, self.narrowed(view), self.site.token, self.names,
                                         self.module, len(self.site.live.participants), self.site.session, self.key,
                                         events))

    async def _other_session(self) -> RoomView | None:
        from tornado.ioloop import IOLoop

        from kit.store import StoreError

        session = self.get_argument("session")
        try:
            return await IOLoop.current().run_in_executor(None, self._read, session)
        except StoreError as error:
            self.message(503, "store", detail=str(error))
            return None

    def _read(self, session: str) -> RoomView:
        return room_view(self.site.workshop, self.site.store.read_all(), session, datetime.now().astimezone(),
                         self.key)


class Events(Trainer):
    """The room's updates as server-sent events, for as long as the dashboard stays open."""

    async def get(self) -> None:
        if not self.live:
            self.message(404, "not-found")
            return
        self.set_header("Content-Type", "text/event-stream; charset=utf-8")
        self.set_header("X-Accel-Buffering", "no")  # a reverse proxy must not hold the events back
        seen = -1
        while True:
            if self.site.live.pushed != seen:
                seen = self.site.live.pushed
                html = pages.room_fragment(self.site.workshop, self.narrowed(self.site.live.view(self.key)),
                                           self.names, len(self.site.live.participants), self.key)
                self.write("event: room\n" + "".join(f"data: {line}\n" for line in html.split("\n")) + "\n")
            else:
                self.write(": still here\n\n")
            try:
                await self.flush()
            except StreamClosedError:
                return
            await self.site.live.wait(seen)
