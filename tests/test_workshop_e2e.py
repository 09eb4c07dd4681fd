"""Live workshop mode end to end: a real ``kit workshop serve``, the player, Debian's Chromium on a phone.

A participant joins with a pseudonym in a 360×740 viewport and answers every type of exercise with
taps and typing, a scenario from its start to an ending included; the answers are in the store and
score right. Before an exercise is answered, nothing the browser received (the page, the API's
replies) holds any of its secrets; the notebooks cannot be downloaded. The trainer's dashboard
refuses a visitor without the token and shows the room live, pushed by the server.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import nbformat
import pytest

from tests.chromium import chromium
from tests.conftest import module_notebook
from tests.player_exercises import EXERCISES as PLAYER_EXERCISES
from tests.player_exercises import module_cells as player_module_cells

pytestmark = pytest.mark.slow

SESSION = "e2e-szeged-2026"
MODULE_FILE = "Krízis modul č.ipynb"  # spaces and non-ASCII letters in the name, as trainers write them

# the player's exercises of every type, under ids of their own
EXERCISES: list[dict[str, Any]] = [{**data, "id": "ws-" + data["id"].removeprefix("pl-")} for data in PLAYER_EXERCISES]

# what the browser must not receive before the exercise is answered (DESIGN §8)
SECRETS = {
    "ws-single": ["FEEDBACK-alpha-xq", "FEEDBACK-beta-xq", "FEEDBACK-gamma-xq", "37.25"],
    "ws-multiple": ["FEEDBACK-one-xq", "FEEDBACK-three-xq", "58.5", "41.5", "23.75"],
    "ws-free": ["RUBRIC-facts-xq", "RUBRIC-consent-xq"],
    "ws-case": ["RUBRIC-cover-xq"],
    "ws-scenario": ["FEEDBACK-greet-xq", "FEEDBACK-hang-xq", "FEEDBACK-listen-xq", "hiddencompetency",
                    "othercompetency", "OUTCOME-safe-xq", "OUTCOME-lost-xq"],
}
# what the browser must never receive, not even after answering
NEVER = ["FACILITATOR-", "TAGGED-xq", "RAW-xq", "%%exercise", "rubric", "correct"]

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?")
FREE_TEXT = 'Facts first, then consent. <script>alert("xq")</script> & "quotes"'


class WorkshopServer:
    """``kit workshop serve`` in a process of its own, on a free loopback port."""

    def __init__(self, modules: Path, db: Path, log: Path, session: str = SESSION, extra_env: dict | None = None,
                 extra_args: list[str] | None = None):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("KIT_", "JPY_"))}
        env.update(extra_env or {})
        kit = Path(sys.executable).with_name("kit")
        self.log = log
        self.lines: list[str] = []
        with open(log, "w", encoding="utf-8") as errors:
            self.process = subprocess.Popen(
                [str(kit), "workshop", "serve", str(modules), "--db", str(db), "--session", session, "--port", "0",
                 *(extra_args or [])],
                stdout=subprocess.PIPE, stderr=errors, text=True, env=env, cwd=modules.parent,
            )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        deadline = time.monotonic() + 90
        while not any(line.startswith("Press Ctrl+C") for line in self.lines):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the workshop server did not start:\n" + "\n".join(self.lines)
                                   + log.read_text(encoding="utf-8"))
            time.sleep(0.1)
        self.base = self._after("Participants open:").split()[0].rstrip("/")
        self.dashboard = self._after("Trainer's dashboard:").split()[0]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def _after(self, label: str) -> str:
        return next(line.split(label, 1)[1].strip() for line in self.lines if label in line)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the server stores what is waiting, then stops
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("workshop")
    modules = folder / "modules"
    modules.mkdir()
    nbformat.write(module_notebook(*player_module_cells(EXERCISES), title="Night shift"), modules / MODULE_FILE)
    db = folder / "room.db"
    # a trainer's shell may carry these: the participants' pages must not care
    server = WorkshopServer(modules, db, folder / "server.log",
                            extra_env={"KIT_PARTICIPANT": "the-trainer", "KIT_EDITION": "facilitator"})
    try:
        yield {"server": server, "db": db, "modules": modules}
    finally:
        server.stop()
        log = (folder / "server.log").read_text(encoding="utf-8")
        assert "Traceback" not in log, log


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


PHONE = {"width": 360, "height": 740}


class Participant:
    """One phone: a browser context, its page, and everything the server sent to it."""

    def __init__(self, browser: Any, base: str):
        self.context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        self.page = self.context.new_page()
        self.base = base
        self.responses: list[Any] = []
        self.bodies: list[str] = []
        self.problems: list[str] = []
        self.page.on("response", self._keep)
        self.page.on("console", lambda message: self.problems.append(message.text)
                     if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))

    def _keep(self, response: Any) -> None:
        if response.url.startswith(self.base) and "/static/" not in response.url:
            self.responses.append(response)

    def received(self) -> str:
        """Every page and API reply the server sent so far (read once each)."""
        while self.responses:
            response = self.responses.pop(0)
            with contextlib.suppress(Exception):  # a redirect has no body to read
                self.bodies.append(response.text())
        return "\n".join(self.bodies)

    def join(self, pseudonym: str) -> None:
        self.page.goto(self.base + "/")
        self.page.get_by_label("Your pseudonym").fill(pseudonym)
        self.page.get_by_role("button", name="Join").click()
        self.page.get_by_role("link", name=re.compile("Night shift")).click()
        self.page.wait_for_url(re.compile(r"/modules/"))
        self.exercise("ws-scenario").wait_for()

    def exercise(self, exercise_id: str) -> Any:
        return self.page.locator(f'[data-kit-exercise="{exercise_id}"]')

    def submit(self, exercise_id: str) -> Any:
        exercise = self.exercise(exercise_id)
        exercise.locator('[data-kit-action="submit"]').click()
        return self.saved(exercise_id)

    def saved(self, exercise_id: str) -> Any:
        score = self.exercise(exercise_id).locator("[data-kit-result] .kit-score")
        score.wait_for(timeout=30_000)
        return score


def answer_in_browser(person: Participant, exercise_id: str) -> None:
    """Answer one exercise with taps and typing, as a participant on a phone would."""
    from playwright.sync_api import expect

    exercise = person.exercise(exercise_id)
    if exercise_id == "ws-single":
        exercise.get_by_label("Beta answer").check()
    elif exercise_id == "ws-multiple":
        for text in ("Counting tablets", "Giving away a pet"):
            exercise.get_by_label(text).check()
    elif exercise_id == "ws-ordering":
        for place, item in enumerate(["i1", "i2", "i3", "i4"]):
            order = [element.get_attribute("data-kit-item") for element in exercise.locator("[data-kit-item]").all()]
            for position in range(order.index(item), place, -1):
                exercise.locator(f'[data-kit-item="{item}"] [data-kit-move="up"]').click()
                expect(exercise.locator("[data-kit-item]").nth(position - 1)).to_have_attribute("data-kit-item", item)
    elif exercise_id == "ws-matching":
        for left, right in [("p1", "Supervision"), ("p2", "Case conference"), ("p3", "Case conference")]:
            exercise.locator(f'select[data-kit-left="{left}"]').select_option(label=right)
    elif exercise_id == "ws-free":
        exercise.locator("textarea").fill(FREE_TEXT)
    elif exercise_id == "ws-case":
        exercise.locator('[data-kit-dimension="problem"]').fill("He cannot end the calls.")
        exercise.locator('[data-kit-dimension="resources"]').fill("A sister in town.")
    elif exercise_id == "ws-likert":
        for statement, label in [("s1", "Agree"), ("s2", "Disagree")]:
            exercise.locator(f'[data-kit-statement="{statement}"]').get_by_label(label, exact=True).check()
    elif exercise_id == "ws-scenario":
        for text in ("Greet warmly", "Listen first"):
            exercise.get_by_role("button", name=text).click()
    person.submit(exercise_id)


def leaked(text: str, secrets: list[str]) -> list[str]:
    return [secret for secret in secrets if secret.lower() in text.lower()]


EXPECTED = {  # exercise → (answer stored, status, score) for the first participant
    "ws-single": ("b", "scored", "1"),
    "ws-multiple": (["o1", "o2"], "scored", "2"),
    "ws-ordering": (["i1", "i2", "i3", "i4"], "scored", "1"),
    "ws-matching": ({"p1": "p1", "p2": "p3", "p3": "p3"}, "scored", "2"),
    "ws-free": (FREE_TEXT, "pending", ""),
    "ws-case": ({"problem": "He cannot end the calls.", "resources": "A sister in town."}, "pending", ""),
    "ws-likert": ({"s1": 4, "s2": 2}, "recorded", ""),
    "ws-scenario": (["n1-1", "n2-1"], "scored", "1"),
}


def test_a_participant_answers_every_type_on_a_phone_and_nothing_leaks(room, browser):
    server = room["server"]
    anna = Participant(browser, server.base)
    try:
        anna.join("e2e-anna")
        assert anna.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
        everything = [secret for secrets in SECRETS.values() for secret in secrets]
        assert "Night shift" in anna.received()
        assert leaked(anna.received(), everything + NEVER) == []

        for data in EXERCISES:
            # before answering it, nothing of this exercise's key or feedback has reached the browser
            assert leaked(anna.received(), SECRETS.get(data["id"], []) + NEVER) == [], data["id"]
            answer_in_browser(anna, data["id"])

        received = anna.received()
        assert "FEEDBACK-beta-xq" in received and "OUTCOME-safe-xq" in received  # the check above can fail
        assert leaked(received, NEVER) == []
        assert "FEEDBACK-alpha-xq" not in received  # feedback of what was chosen only
        assert "FEEDBACK-beta-xq" in anna.exercise("ws-single").inner_text()
        assert anna.saved("ws-single").get_attribute("data-kit-status") == "scored"
        assert anna.saved("ws-free").get_attribute("data-kit-status") == "pending"
        assert "OUTCOME-safe-xq" in anna.exercise("ws-scenario").inner_text()
        assert anna.problems == []  # no script error, nothing the CSP refused

        anna.page.goto(server.base + "/")  # back to the modules: still joined
        assert anna.page.locator("#participant").inner_text() == "e2e-anna"
    finally:
        anna.context.close()

    from click.testing import CliRunner

    from kit.cli import main
    from kit.store import open_store

    with open_store(room["db"], create=False) as store:
        stored = {record.exercise: record for record in store.read_all()}
    assert set(stored) == set(EXPECTED)
    assert {record.session for record in stored.values()} == {SESSION}
    assert {record.participant for record in stored.values()} == {"e2e-anna"}
    assert {key: record.answer for key, record in stored.items()} == {key: value[0] for key, value in EXPECTED.items()}

    result = CliRunner().invoke(main, ["score", str(room["db"]), "--book", str(room["modules"])])
    assert result.exit_code == 0, result.output
    rows = {row["exercise"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert {key: (row["status"], row["score"]) for key, row in rows.items()} == {
        key: value[1:] for key, value in EXPECTED.items()}


def test_the_dashboard_refuses_without_the_token(room, browser):
    server = room["server"]
    bare = server.dashboard.split("?")[0]
    for url in (bare, bare + "?token=wrong", bare + "/events", bare + "/events?token=" + "x" * 32):
        status, body = fetch(url)
        assert status == 403, url
        assert "e2e-anna" not in body and "FEEDBACK" not in body
    page = browser.new_page()
    try:
        response = page.goto(bare)
        assert response is not None and response.status == 403
        assert "for the trainer" in page.inner_text("body")
    finally:
        page.close()


def test_the_dashboard_shows_the_room_live(room, browser):
    server = room["server"]
    status, html = fetch(server.dashboard)
    assert status == 200
    assert 'data-exercise="ws-free"' in html and 'data-answered="1"' in html
    # a participant's text is escaped, names stay hidden and the key unmarked unless the trainer asks
    assert "&lt;script&gt;alert(" in html and '<script>alert("xq")' not in html
    assert "e2e-anna" not in html and "✓" not in html and "Supervision →" not in html
    assert "e2e-anna" in fetch(server.dashboard + "&names=1")[1]
    assert "✓" in fetch(server.dashboard + "&key=1")[1]

    trainer = browser.new_page()
    bela = Participant(browser, server.base)
    problems: list[str] = []
    trainer.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    try:
        trainer.goto(server.dashboard)
        single = trainer.locator('[data-exercise="ws-single"]')
        assert single.get_attribute("data-answered") == "1"
        assert "Beta answer" in single.inner_text()
        bela.join("e2e-bela")
        # the dashboard hears of the join and then of the answer by itself, without a reload
        trainer.wait_for_function("""() => document.querySelector("[data-joined]").dataset.joined === "2" """,
                                  timeout=20_000)
        bela.exercise("ws-single").get_by_label("Alpha answer").check()
        bela.submit("ws-single")
        trainer.wait_for_function(
            """() => document.querySelector('[data-exercise="ws-single"]').dataset.answered === "2" """,
            timeout=20_000)
        rows = trainer.locator('[data-exercise="ws-single"] tr').all_inner_texts()
        assert any("Alpha answer" in row and "\t1\t" in row for row in rows), rows
        assert any("Beta answer" in row and "\t1\t" in row for row in rows), rows
        trainer.get_by_label("Mark the key").check()  # applies at once
        trainer.wait_for_url(re.compile(r"key=1"))
        assert trainer.locator('[data-exercise="ws-single"] tr.key').inner_text().count("Beta answer") == 1
        assert problems == [] and bela.problems == []
    finally:
        trainer.close()
        bela.context.close()


def test_a_direct_link_asks_for_the_pseudonym_at_the_first_submit(room, browser):
    server = room["server"]
    cyril = Participant(browser, server.base)
    try:
        cyril.page.goto(f"{server.base}/modules/{quote(MODULE_FILE)}")
        exercise = cyril.exercise("ws-single")
        exercise.get_by_label("Gamma answer").check()
        exercise.locator('[data-kit-action="submit"]').click()
        exercise.get_by_role("textbox").fill("e2e-cyril")  # the player's own join form, in the page
        exercise.get_by_role("button", name="Join").click()
        assert cyril.saved("ws-single").get_attribute("data-kit-score") == "0.3725"
        # the browser notes the first Submit's 401 (no cookie yet), which is what opened the join form
        assert [problem for problem in cyril.problems if "401" not in problem] == []
    finally:
        cyril.context.close()
    from kit.store import open_store

    with open_store(room["db"], create=False) as store:
        assert [(record.participant, record.answer) for record in store.read_all()
                if record.participant == "e2e-cyril"] == [("e2e-cyril", "c")]


@pytest.mark.parametrize("path", [
    "/modules/{module}.json", "/api/contents/{module}", "/files/{module}", "/voila/files/{module}", "/tree",
    "/{module}", "/modules/..%2F{module}", "/static/../{module}", "/assets/../../{module}", "/api/v1/modules/{module}",
    "/logout", "/voila/files/x%00.png",
])
def test_the_notebooks_cannot_be_downloaded(room, path):
    url = room["server"].base + path.format(module=quote(MODULE_FILE))
    status, body = fetch(url)
    assert leaked(body, [secret for secrets in SECRETS.values() for secret in secrets] + NEVER) == [], url
    assert status == 404, (url, status)
