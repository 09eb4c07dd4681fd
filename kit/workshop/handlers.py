"""The participants' side: the join page, module pages and their images, and the answer API (DESIGN §12).

``POST api/v1/answers`` stores the attempt first, then scores it with kit.scoring and only then
answers with the score and the feedback of what was chosen: a reply with feedback never exists for
an attempt that is not stored. A refused request stores nothing.
"""

from __future__ import annotations

import mimetypes
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from kit.responses import Response
from kit.workshop import pages
from kit.workshop.answers import Refused, read_answer, read_json, reply
from kit.workshop.site import COOKIE, COOKIE_DAYS
from kit.workshop.web import Api, Base


class Home(Base):
    """``/``: the join form; with the cookie, the modules to open."""

    def get(self) -> None:
        if self.site.hub is not None and self.participant() is None:
            self.redirect(self.get_login_url())  # the hub's OAuth hand-over, then back here
            return
        wanted = self.get_argument("next", "")
        known = {module.url_path for module in self.site.workshop.modules}
        next_page = quote(wanted) if quote(wanted) in known else ""
        self.finish(pages.join_page(self.site.workshop, self.site.session, self.participant(),
                                    self.site.join_code is not None, next_page))


class NoIcon(Base):
    """``/favicon.ico``, which every browser asks for: nothing, rather than a 404 in its console."""

    def get(self) -> None:
        self.set_status(204)
        self.finish()


class ModulePage(Base):
    """``modules/NAME``: a module's page from the player; ``modules/IMAGE``: an image it shows."""

    async def get(self, name: str) -> None:
        module = self.site.workshop.module(name)
        if module is not None:
            if self.site.hub is not None and self.participant() is None:
                self.redirect(self.get_login_url())
                return
            if self.site.join_code is not None and self.participant() is None:
                # a direct link in a room with a join code: the player's own join form has no code field
                self.redirect(f"{self.base}?next={module.url_path}", status=303)
                return
            page = self.site.pages.get(module.name)
            if page is None:
                page = self.site.pages[module.name] = pages.module_page(module)
            self.finish(page)
            return
        image = self.site.workshop.images.get(name)
        if image is None:
            self.message(404, "not-found")
            return
        from tornado.ioloop import IOLoop

        data = await IOLoop.current().run_in_executor(None, Path(image).read_bytes)
        self.set_header("Content-Type", mimetypes.guess_type(image.name)[0] or "application/octet-stream")
        self.set_header("Cache-Control", "private, max-age=3600")
        self.finish(data)


class Join(Api):
    """``POST api/v1/join {"pseudonym": P[, "code": C]}``: the cookie that names P in this session."""

    def post(self) -> None:
        try:
            if self.site.hub is not None:
                raise Refused(403, "hub-names-you")
            self.check_post()
            value = read_json(self.body)
            if not isinstance(value, dict):
                raise Refused(400, "no-pseudonym")
            pseudonym = self.site.admit(value.get("pseudonym"), value.get("code"))
        except Refused as refused:
            self.refuse(refused)
            return
        self.set_signed_cookie(COOKIE, self.site.cookie_value(pseudonym), expires_days=COOKIE_DAYS,
                               httponly=True, samesite="Strict", path="/")
        self.finish({"participant": pseudonym, "session": self.site.session})


class Answers(Api):
    """``POST api/v1/answers {"exercise": ID, "answer": A}``: stored, then scored, then answered."""

    async def post(self) -> None:
        from kit.store import StoreError

        try:
            self.check_post()
            participant = self.participant()
            if participant is None:
                raise Refused(401, "no-cookie" if self.site.hub is None else "no-hub-token")
            value = read_json(self.body)
            if self.site.hub is not None:
                from kit.workshop.hub import own_answer

                own_answer(value, participant)
            attempt = read_answer(value, self.site.workshop)
        except Refused as refused:
            self.refuse(refused)
            return
        response = Response(self.site.session, participant, attempt.exercise.id, attempt.answer,
                            datetime.now().astimezone())
        began = time.perf_counter()
        try:
            await self.site.recorder.store_one(response)
        except StoreError as error:
            self.site.say(f"kit workshop serve: an answer of {participant} to {attempt.exercise.id} was not "
                          f"saved: {error}")
            self.refuse(Refused(503, "store", attempt.language))
            return
        # how long the attempt waited for its commit, and since the request arrived (for benchmarks)
        self.set_header("Server-Timing", f"stored;dur={1000 * (time.perf_counter() - began):.1f}, "
                                         f"request;dur={1000 * self.request.request_time():.1f}")
        self.finish(reply(attempt.exercise, attempt.answer))


class Participant(Api):
    """``GET api/v1/participant``: who this server takes the sender for, in which session.

    A kernel's widget asks when it is shown: under a hub the service then checks the token with the
    hub before the participant's first Submit, not at it, when a whole room presses Submit at once.
    """

    def get(self) -> None:
        participant = self.participant()
        if participant is None:
            self.refuse(Refused(401, "no-cookie" if self.site.hub is None else "no-hub-token"))
            return
        self.finish({"participant": participant, "session": self.site.session})


class Modules(Api):
    """``GET api/v1/modules``: the modules served, each with its exercise ids (no cookie needed)."""

    def get(self) -> None:
        self.finish({"modules": [
            {"id": module.name, "title": module.title, "language": module.language, "url": module.url_path,
             "exercises": [exercise.id for exercise in module.exercises]}
            for module in self.site.workshop.modules]})
