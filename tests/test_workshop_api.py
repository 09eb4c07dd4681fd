"""The answer API of ``kit workshop serve`` (DESIGN §12) over real HTTP on loopback, in-process.

Join with a pseudonym (cookie), answer (stored, then scored, then answered), and every refusal:
a 4xx with one sentence in the module's language, and nothing stored.
"""

from __future__ import annotations

import json
import logging
import re
from http.cookies import SimpleCookie
from typing import Any

import pytest
import tornado.testing
import tornado.web

from kit.responses import Response
from kit.store import open_store
from kit.workshop.app import make_app
from kit.workshop.server import Options
from kit.workshop.site import Site
from kit.workshop.web import CSP
from tests.workshop_site import close, make_site

JSON = {"Content-Type": "application/json"}
MODULE = "modules/day%20one/%C3%BCgyelet%20%C4%8D.ipynb"


class Errors(logging.Handler):
    """What would reach the trainer's terminal as an error (a traceback included)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class WorkshopTest(tornado.testing.AsyncHTTPTestCase):
    options = Options(session="room-1")

    @pytest.fixture(autouse=True)
    def _site(self, tmp_path):
        self.folder = tmp_path
        self.site: Site = make_site(tmp_path, self.options)
        self.errors = Errors()
        logging.getLogger("tornado").addHandler(self.errors)
        yield
        logging.getLogger("tornado").removeHandler(self.errors)
        close(self.site)

    def get_app(self) -> tornado.web.Application:
        self.site.attach(self.io_loop)
        return make_app(self.site)

    def request(self, path: str, body: Any = None, headers: dict[str, str] | None = None, raw: bytes | None = None,
                method: str | None = None) -> Any:
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        return self.fetch("/" + path, method=method or ("GET" if data is None else "POST"), body=data,
                          headers={**(JSON if data is not None else {}), **(headers or {})},
                          follow_redirects=False, raise_error=False)

    def join(self, pseudonym: str = "p07", **extra: Any) -> str:
        response = self.request("api/v1/join", {"pseudonym": pseudonym, **extra})
        assert response.code == 200, response.body
        cookies = SimpleCookie()
        for header in response.headers.get_list("Set-Cookie"):
            cookies.load(header)
        return f"kit_participant={cookies['kit_participant'].value}"

    def answer(self, cookie: str, exercise: str, answer: Any, **headers: str) -> Any:
        return self.request("api/v1/answers", {"exercise": exercise, "answer": answer},
                            headers={"Cookie": cookie, **headers})

    def stored(self) -> list[Response]:
        with open_store(self.site.store.where, create=False) as store:
            return [record for record in store.read_all() if isinstance(record, Response)]


class TestJoinAndAnswer(WorkshopTest):
    def test_joining_sets_a_signed_http_only_strict_cookie_naming_the_pseudonym(self):
        response = self.request("api/v1/join", {"pseudonym": "  Éva K.  "})
        assert response.code == 200
        assert json.loads(response.body) == {"participant": "Éva K.", "session": "room-1"}
        header = response.headers["Set-Cookie"]
        assert "HttpOnly" in header and "SameSite=Strict" in header and "Path=/" in header
        cookie = self.join("  Éva K.  ")
        home = self.request("", headers={"Cookie": cookie}).body.decode()
        assert '<strong id="participant">Éva K.</strong>' in home
        assert f'href="{MODULE}"' in home and 'href="modules/day%20two/plan.ipynb"' in home

    def test_an_answer_is_stored_then_scored_with_the_feedback_of_what_was_chosen(self):
        cookie = self.join("p07")
        response = self.answer(cookie, "first-words", "b")
        assert response.code == 200
        assert json.loads(response.body) == {"status": "scored", "score": 2, "max_score": 2, "feedback": ["Right."]}
        assert re.fullmatch(r"stored;dur=[\d.]+, request;dur=[\d.]+", response.headers["Server-Timing"])
        [record] = self.stored()
        assert (record.session, record.participant, record.exercise, record.answer) == ("room-1", "p07",
                                                                                      "first-words", "b")
        assert record.submitted_at.tzinfo is not None
        partial = json.loads(self.answer(cookie, "first-words", "c").body)
        assert partial == {"status": "scored", "score": 1, "max_score": 2, "feedback": []}

    def test_every_type_answers_as_kit_score_would(self):
        cookie = self.join("p07")
        replies = {exercise: json.loads(self.answer(cookie, exercise, answer).body) for exercise, answer in [
            ("risk-words", ["a", "b"]), ("call-order", ["problem", "contact", "feelings", "options", "plan"]),
            ("support-match", {"sup": "sup", "peer": "fam"}), ("handover", "Facts and consent."),
            ("stuck", {"problem": "Calls daily."}), ("after-shift", {"talk": 4}), ("night", ["open-2", "ask"])]}
        assert replies["risk-words"] == {"status": "scored", "score": 2, "max_score": 3, "feedback": []}
        assert replies["call-order"]["score"] == 1.8 and replies["call-order"]["status"] == "scored"
        assert replies["support-match"]["score"] == 1
        assert replies["handover"] == {"status": "pending", "score": None, "max_score": 5, "feedback": []}
        assert replies["stuck"]["status"] == "pending"
        assert replies["after-shift"] == {"status": "recorded", "score": None, "max_score": 0, "feedback": []}
        assert replies["night"]["score"] == 10 and replies["night"]["outcome"] == "Safe"
        assert len(self.stored()) == 7

    def test_an_answer_of_the_wrong_shape_is_an_attempt_stored_and_invalid(self):
        cookie = self.join("p07")
        for exercise, answer in [("first-words", "zz"), ("call-order", ["contact"]), ("night", ["open-1"]),
                                 ("support-match", "not an object")]:
            body = json.loads(self.answer(cookie, exercise, answer).body)
            assert body["status"] == "invalid" and body["score"] is None and body["feedback"] == [], exercise
            assert body["reason"]
        assert [record.answer for record in self.stored()] == ["zz", ["contact"], ["open-1"], "not an object"]

    def test_the_server_says_whom_it_takes_the_sender_for(self):
        unknown = self.request("api/v1/participant")
        assert unknown.code == 401 and "join" in json.loads(unknown.body)["error"].lower()
        known = self.request("api/v1/participant", headers={"Cookie": self.join("Éva")})
        assert known.code == 200 and json.loads(known.body) == {"participant": "Éva", "session": "room-1"}
        assert self.stored() == []

    def test_joining_again_with_the_same_pseudonym_continues_as_that_participant(self):
        self.answer(self.join("p07"), "first-words", "a")
        self.answer(self.join(" p07"), "first-words", "b")
        assert {record.participant for record in self.stored()} == {"p07"}

    def test_the_modules_are_listed_without_a_cookie(self):
        response = self.request("api/v1/modules")
        modules = json.loads(response.body)["modules"]
        assert [(module["id"], module["language"], module["url"]) for module in modules] == [
            ("day one/ügyelet č.ipynb", "en", MODULE), ("day two/plan.ipynb", "cs", "modules/day%20two/plan.ipynb")]
        assert modules[0]["exercises"][:2] == ["first-words", "risk-words"]
        assert modules[1]["exercises"] == ["plan-parts"]


class TestRefusals(WorkshopTest):
    def refused(self, response: Any, status: int, sentence: str) -> None:
        assert response.code == status, (response.code, response.body)
        body = json.loads(response.body)
        assert list(body) == ["error"] and sentence in body["error"]
        assert body["error"].count(".") >= 1 and "Traceback" not in body["error"]

    def test_bad_requests_get_one_sentence_and_store_nothing(self):
        cookie = self.join("p07")
        answer = json.dumps({"exercise": "first-words", "answer": "b"}).encode()
        cases = [
            (self.request("api/v1/answers", raw=b"{bad", headers={"Cookie": cookie}), 400, "not valid JSON"),
            (self.request("api/v1/answers", raw=b"\xff\xfe", headers={"Cookie": cookie}), 400, "not valid JSON"),
            (self.request("api/v1/answers", [1], headers={"Cookie": cookie}), 400, "one JSON object"),
            (self.request("api/v1/answers", {"exercise": "first-words"}, headers={"Cookie": cookie}), 400,
             "one JSON object"),
            (self.answer(cookie, "no-such-exercise", "a"), 404, "no such exercise"),
            (self.request("api/v1/answers", raw=b'{"exercise": "first-words", "answer": "\\ud800"}',
                          headers={"Cookie": cookie}), 400, "not valid Unicode"),
            (self.answer(cookie, "first-words", json.loads("[" * 70 + "]" * 70)), 400, "nests too deeply"),
            (self.request("api/v1/answers", raw=answer, headers={"Cookie": cookie, "Content-Type": "text/plain"}),
             415, "as JSON"),
            (self.answer(cookie, "first-words", "x" * 300_000), 413, "too long"),
            (self.answer(cookie, "first-words", "b", Origin="http://evil.example"), 403, "another site"),
            (self.answer(cookie, "first-words", "b", Origin="null"), 403, "another site"),
            (self.answer("", "first-words", "b"), 401, "Join the workshop"),
            (self.answer("kit_participant=forged", "first-words", "b"), 401, "Join the workshop"),
            (self.answer(cookie.replace("kit_participant=", "kit_participant=x"), "first-words", "b"), 401,
             "Join the workshop"),
        ]
        for response, status, sentence in cases:
            self.refused(response, status, sentence)
        assert self.stored() == []
        same_site = self.answer(cookie, "first-words", "b", Origin=self.get_url("").rstrip("/"))
        assert same_site.code == 200 and len(self.stored()) == 1  # the checks above can pass

    def test_a_body_beyond_the_cap_is_refused_with_a_sentence_not_a_dropped_connection(self):
        cookie = self.join("p07")
        response = self.request("api/v1/answers", raw=b"x" * (3 * 1024 * 1024), headers={"Cookie": cookie})
        self.refused(response, 413, "too long")
        assert self.stored() == []

    def test_a_cookie_of_another_session_does_not_count(self):
        cookie = self.join("p07")
        self.site.session = "room-2"  # as after a restart under another session
        self.refused(self.answer(cookie, "first-words", "b"), 401, "Join the workshop")

    def test_refusals_speak_the_language_of_the_module_named(self):
        cookie = self.join("p07")
        body = json.loads(self.answer(cookie, "plan-parts", "b", Origin="http://evil.example").body)
        assert body["error"].startswith("This request")  # the origin is refused before the body is read
        self.site.store.close()
        broken = self.folder / "room.db"
        broken.unlink()
        broken.mkdir()  # the store is gone: the answer cannot be saved
        body = json.loads(self.answer(cookie, "plan-parts", ["signs"]).body)
        assert body["error"] == "Vaši odpověď se teď nepodařilo uložit; odešlete ji za chvíli znovu, a pokud se " \
                                "to stane znovu, řekněte to lektorovi."

    def test_pseudonyms_that_cannot_be_one(self):
        for typed, sentence in [("   ", "Type your pseudonym"), (None, "Type your pseudonym"),
                                ("x" * 65, "at most 64"), ("p\x0007", "letters, digits")]:
            self.refused(self.request("api/v1/join", {"pseudonym": typed}), 400, sentence)
        self.refused(self.request("api/v1/join", raw=b'"p07"'), 400, "Type your pseudonym")
        self.refused(self.request("api/v1/join", {"pseudonym": "p07"}, headers={"Origin": "https://evil.example"}),
                     403, "another site")
        assert self.site.live.participants == set()


class TestCap(WorkshopTest):
    options = Options(session="room-1", max_participants=2)

    def test_the_cap_on_participants_says_so_and_lets_those_in_come_back(self):
        self.join("p1")
        self.join("p2")
        response = self.request("api/v1/join", {"pseudonym": "p3"})
        assert response.code == 403 and "This workshop is full" in json.loads(response.body)["error"]
        assert "--max-participants" in json.loads(response.body)["error"]
        self.join("p1")  # one who joined before may join again


class TestJoinCode(WorkshopTest):
    options = Options(session="room-1", join_code=True)

    def test_a_join_code_is_needed_to_join_and_a_direct_link_leads_to_the_join_page(self):
        code = self.site.join_code
        assert code is not None and len(code) == 4
        for given in (None, "", "WRONG"):
            response = self.request("api/v1/join", {"pseudonym": "p07", "code": given})
            assert response.code == 403 and "join code" in json.loads(response.body)["error"]
        self.join("p07", code=f" {code.lower()} ")
        page = self.request(MODULE)
        assert page.code == 303 and page.headers["Location"] == f"../../?next={MODULE}"
        home = self.request(f"?next={MODULE}").body.decode()
        assert f'data-next="{MODULE}"' in home and 'id="code"' in home
        assert 'data-next=""' in self.request("?next=https://evil.example/").body.decode()


class TestPagesAndFiles(WorkshopTest):
    def test_security_headers_on_every_kind_of_response(self):
        for path in ("", "api/v1/modules", "logout", "assets/workshop.css", "dashboard"):
            response = self.request(path)
            assert response.headers["Content-Security-Policy"] == CSP, path
            assert response.headers["X-Content-Type-Options"] == "nosniff", path
            assert response.headers["Referrer-Policy"] == "no-referrer", path

    def test_odd_addresses_are_404_pages_and_no_traceback_reaches_the_terminal(self):
        for path in ("logout", "voila/files/x%00.png", "modules/x%00.png", "assets/%00", "assets/../kit.py",
                     "modules/..%2F..%2Froom.db", "%ff", "api/v1/answers/x", "modules/day%20two/plan.ipynb%00"):
            response = self.request(path)
            assert response.code == 404, path
            assert b"Traceback" not in response.body
        assert self.request("api/v1/answers").code == 405  # GET on a POST-only address
        assert self.request("api/v1/modules", {"x": 1}).code == 405
        assert [record.getMessage() for record in self.errors.records if record.levelno >= logging.ERROR] == []

    def test_only_images_that_participants_see_are_served(self):
        shown = self.request("modules/day%20one/img/shown.png")
        assert shown.code == 200 and shown.headers["Content-Type"] == "image/png"
        assert shown.body.endswith(b"shown.png")
        for hidden in ("trainer-only.png", "unused.png", "in-case.svg"):
            assert self.request(f"modules/day%20one/img/{hidden}").code == 404, hidden
        assert self.request("modules/room.db").code == 404

    def test_the_players_files_are_served_with_an_etag_to_check_again(self):
        from kit.player import STATIC_DIR

        script = self.request("static/player.js")
        assert script.code == 200 and script.headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert script.body == (STATIC_DIR / "player.js").read_bytes()
        again = self.request("static/player.js", headers={"If-None-Match": script.headers["Etag"]})
        assert again.code == 304 and again.body == b""
        assert self.request("static/nothing.js").code == 404
        assert self.request("assets/dashboard.js").code == 200

    def test_the_join_page_before_joining_asks_for_the_pseudonym_only(self):
        page = self.request("")
        html = page.body.decode()
        assert page.code == 200 and 'id="pseudonym"' in html and 'id="code"' not in html
        assert "modules/" not in html  # the modules come after joining
        assert "<script>" not in html and "style=" not in html and 'src="assets/join.js"' in html


class TestDashboard(WorkshopTest):
    def test_the_dashboard_needs_the_token(self):
        for path in ("dashboard", "dashboard?token=", "dashboard?token=wrong", "dashboard/events?token=x"):
            response = self.request(path)
            assert response.code == 403, path
            assert "This page is for the trainer" in response.body.decode()
        page = self.request(f"dashboard?token={self.site.token}")
        assert page.code == 200 and f'data-events="dashboard/events?token={self.site.token}"' in page.body.decode()

    def test_the_dashboard_shows_answers_stored_before_the_server_started(self):
        with open_store(self.site.store.where) as store:
            store.add(Response("older-room", "p9", "first-words", "a", _now()))
        from kit.workshop.server import open_site

        site = open_site(self.site.workshop, self.site.store, self.site.db, Options(session="older-room"),
                         lambda text: None)
        try:
            assert site.live.participants == {"p9"}
            assert site.live.view(False).modules[0].exercises[0].answered == 1
        finally:
            site.recorder.close()

    def test_answers_are_pushed_to_the_dashboard_as_they_arrive(self):
        events: list[str] = []
        chunks: list[bytes] = []

        def received(chunk: bytes) -> None:
            chunks.append(chunk)
            text = b"".join(chunks).decode()
            events[:] = [event for event in text.split("\n\n") if event.startswith("event: room")]
            self.stop()

        self.http_client.fetch(self.get_url(f"/dashboard/events?token={self.site.token}&key=1"),
                               streaming_callback=received, request_timeout=30, raise_error=False)
        self.wait(condition=lambda: len(events) >= 1, timeout=10)
        assert 'data-exercise="first-words" data-answered="0"' in events[0]
        cookie = self.join("p07")
        assert self.answer(cookie, "first-words", "b").code == 200
        self.wait(condition=lambda: len(events) >= 2, timeout=10)
        assert 'data-exercise="first-words" data-answered="1"' in events[1]
        assert 'data-joined="1"' in events[1] and 'class="key"' in events[1]


def _now() -> Any:
    from datetime import datetime, timezone

    return datetime(2026, 11, 24, 9, 30, tzinfo=timezone.utc)
