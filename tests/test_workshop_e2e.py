"""Live workshop mode end to end: a real ``kit workshop serve``, a real Voilà, a real Chromium.

Participants join with a pseudonym and answer every type of exercise in the browser, a scenario
from its start to an ending included; the answers are in the store and score right. Before an
exercise is answered, neither the page source nor any message the browser received holds any of
its secrets; the notebooks cannot be downloaded. The trainer's dashboard refuses a visitor without
the token and shows the room live to the trainer.
"""

from __future__ import annotations

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
import yaml

from tests.conftest import exercise_cell, module_notebook

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
SESSION = "e2e-szeged-2026"
MODULE_FILE = "Krízis modul č.ipynb"  # spaces and non-ASCII letters in the name, as trainers write them

EXERCISES: list[dict[str, Any]] = [
    {"id": "ws-single", "type": "single-choice", "title": "The first sentence", "prompt": "What do you say first?",
     "options": [{"text": "Alpha answer", "feedback": "FEEDBACK-alpha-xq"},
                 {"text": "Beta answer", "correct": True, "feedback": "FEEDBACK-beta-xq"},
                 {"text": "Gamma answer", "weight": 37.25, "feedback": "FEEDBACK-gamma-xq"}],
     "facilitator": {"notes": "FACILITATOR-notes-xq", "debrief": ["FACILITATOR-debrief-xq"]}},
    {"id": "ws-multiple", "type": "multiple-choice", "title": "Risk signs", "prompt": "Which are risk signs?",
     "points": 2,
     "options": [{"id": "o1", "text": "Counting tablets", "weight": 58.5, "feedback": "FEEDBACK-one-xq"},
                 {"id": "o2", "text": "Giving away a pet", "weight": 41.5},
                 {"id": "o3", "text": "Asking opening hours", "weight": -23.75, "feedback": "FEEDBACK-three-xq"}]},
    {"id": "ws-ordering", "type": "ordering", "title": "Stages", "prompt": "Put the stages in order.",
     "items": [{"id": "i1", "text": "Contact"}, {"id": "i2", "text": "Problem"}, {"id": "i3", "text": "Feelings"},
               {"id": "i4", "text": "Plan"}]},
    {"id": "ws-matching", "type": "matching", "title": "Forms of support", "prompt": "Match them.", "points": 3,
     "pairs": [{"id": "p1", "left": "Outside reflection", "right": "Supervision"},
               {"id": "p2", "left": "Colleagues on a case", "right": "Case discussion"},
               {"id": "p3", "left": "Family and professionals", "right": "Case conference"}]},
    {"id": "ws-free", "type": "free-text", "title": "A handover", "prompt": "Write the handover.", "min_words": 5,
     "rubric": [{"id": "facts", "criterion": "RUBRIC-facts-xq", "points": 3},
                {"id": "consent", "criterion": "RUBRIC-consent-xq", "points": 2}]},
    {"id": "ws-case", "type": "case-discussion", "title": "A stuck case", "case": "A client calls every morning.",
     "prompt": "Reflect.", "rubric": [{"id": "cover", "criterion": "RUBRIC-cover-xq", "points": 4}]},
    {"id": "ws-likert", "type": "likert", "title": "After the shift", "prompt": "Agree?",
     "statements": [{"id": "s1", "text": "I can talk it through."},
                    {"id": "s2", "text": "I replay calls.", "reverse": True}]},
    {"id": "ws-scenario", "type": "scenario", "title": "A night call", "start": "n1", "nodes": [
        {"id": "n1", "text": "Hello?", "speaker": "Caller", "choices": [
            {"text": "Greet warmly", "goto": "n2", "score": {"hiddencompetency": 7}, "feedback": "FEEDBACK-greet-xq"},
            {"text": "Hang up", "goto": "end-lost", "score": {"hiddencompetency": -3},
             "feedback": "FEEDBACK-hang-xq"}]},
        {"id": "n2", "text": "I need someone to listen.", "choices": [
            {"text": "Listen first", "goto": "end-safe", "score": {"othercompetency": 5},
             "feedback": "FEEDBACK-listen-xq"}]},
        {"id": "end-safe", "text": "Thank you.", "outcome": "OUTCOME-safe-xq"},
        {"id": "end-lost", "text": "Silence.", "outcome": "OUTCOME-lost-xq"}]},
]

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


def module_cells() -> list[Any]:
    cells = [nbformat.v4.new_markdown_cell("# Night shift\n\nA module for the room.\n\n"
                                           ":::{facilitator}\nTAGGED-xq in a MyST block\n:::")]
    tagged = nbformat.v4.new_markdown_cell("TAGGED-xq: the trainer's plan for the day.")
    tagged.metadata["tags"] = ["facilitator"]
    cells += [tagged, nbformat.v4.new_raw_cell("::RAW-xq:: GIFT kept verbatim {=right ~wrong}")]
    return cells + [exercise_cell(yaml.safe_dump(data, allow_unicode=True, sort_keys=False)) for data in EXERCISES]


class WorkshopServer:
    """``kit workshop serve`` in a process of its own, on a free loopback port."""

    def __init__(self, modules: Path, db: Path, log: Path, session: str = SESSION, extra_env: dict | None = None):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("KIT_", "JPY_"))}
        env.update(extra_env or {})
        kit = Path(sys.executable).with_name("kit")
        self.log = log
        self.lines: list[str] = []
        with open(log, "w", encoding="utf-8") as errors:
            self.process = subprocess.Popen(
                [str(kit), "workshop", "serve", str(modules), "--db", str(db), "--session", session, "--port", "0"],
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
            self.process.send_signal(signal.SIGTERM)  # Voilà shuts its kernels down on SIGTERM
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
    nbformat.write(module_notebook(*module_cells(), title="Night shift"), modules / MODULE_FILE)
    db = folder / "room.db"
    # a trainer's shell may carry these: the participants' kernels must not
    server = WorkshopServer(modules, db, folder / "server.log",
                            extra_env={"KIT_PARTICIPANT": "the-trainer", "KIT_EDITION": "facilitator"})
    try:
        yield {"server": server, "db": db, "modules": modules}
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Participant:
    """One browser context: the page, and everything the server sent to it (page source, socket frames)."""

    def __init__(self, browser: Any, base: str):
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.base = base
        self.frames: list[str] = []
        self.documents: list[Any] = []
        self.page.on("websocket", self._watch)
        self.page.on("response", lambda response: self.documents.append(response)
                     if "/voila/render/" in response.url else None)

    def _watch(self, socket: Any) -> None:
        def received(payload: Any) -> None:
            self.frames.append(payload if isinstance(payload, str) else payload.decode("utf-8", "replace"))

        socket.on("framereceived", received)

    def join(self, pseudonym: str) -> None:
        self.page.goto(self.base + "/")
        self.page.fill("#pseudonym", pseudonym)
        self.page.get_by_role("button", name=re.compile("Night shift")).click()
        self.page.wait_for_url(re.compile(r"/voila/render/"), timeout=60_000)
        last = self.page.locator(".kit-exercise-widget").nth(len(EXERCISES) - 1)
        last.get_by_role("button").first.wait_for(timeout=120_000)  # a scenario's first choice: no Submit yet

    def source(self) -> str:
        return "".join(response.text() for response in self.documents)

    def received(self) -> str:
        """Every message received so far, without the times in their headers (a time such as
        09:41:37.25… holds digits that look like a weight)."""
        return TIMESTAMP.sub("<time>", "\n".join(self.frames))

    def widget(self, exercise_id: str) -> Any:
        title = next(data["title"] for data in EXERCISES if data["id"] == exercise_id)
        return self.page.locator(".kit-exercise-widget", has_text=title)

    def submit(self, exercise_id: str) -> Any:
        widget = self.widget(exercise_id)
        widget.get_by_role("button", name="Submit").click()
        return self.saved(exercise_id)

    def saved(self, exercise_id: str) -> Any:
        outcome = self.widget(exercise_id).locator(".kit-ok")
        outcome.wait_for(timeout=30_000)
        return outcome


def answer_in_browser(person: Participant, exercise_id: str) -> None:
    """Answer one exercise with the mouse and keyboard, as a participant would."""
    from playwright.sync_api import expect

    widget = person.widget(exercise_id)
    if exercise_id == "ws-single":
        widget.locator(".widget-radio-box label", has_text="Beta answer").click()
    elif exercise_id == "ws-multiple":
        for text in ("Counting tablets", "Giving away a pet"):
            widget.get_by_role("checkbox", name=text, exact=True).check()  # named by its option
    elif exercise_id == "ws-ordering":
        rows = widget.locator(".widget-hbox", has=person.page.locator("button[title^='Move up: ']"))
        for place, text in enumerate(["Contact", "Problem", "Feelings", "Plan"]):
            current = [row.split("\n")[-1].strip() for row in rows.all_inner_texts()]
            for position in range(current.index(text), place, -1):
                rows.nth(position).get_by_role("button", name=f"Move up: {text}").click()
                expect(rows.nth(position - 1)).to_contain_text(text)
    elif exercise_id == "ws-matching":
        for position, right in enumerate(["Supervision", "Case conference", "Case conference"]):
            widget.locator("select").nth(position).select_option(label=right)
    elif exercise_id == "ws-free":
        widget.locator("textarea").fill(FREE_TEXT)
    elif exercise_id == "ws-case":
        fields = widget.locator("textarea")
        fields.nth(0).fill("He cannot end the calls.")
        fields.nth(5).fill("A sister in town.")
    elif exercise_id == "ws-likert":
        for position, label in enumerate(["Agree", "Disagree"]):
            widget.locator(".widget-radio").nth(position).get_by_role("radio", name=label, exact=True).check()
    if exercise_id == "ws-scenario":
        for text in ("Greet warmly", "Listen first"):
            widget.get_by_role("button", name=text, exact=True).click()  # each choice names itself
        person.saved(exercise_id)  # a scenario saves itself at its ending
    else:
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


def test_a_participant_answers_every_type_in_the_browser_and_nothing_leaks(room, browser):
    server = room["server"]
    anna = Participant(browser, server.base)
    try:
        anna.join("e2e-anna")
        source = anna.source()
        assert "Night shift" in source and "kit-back" in source  # the page itself, with the way back
        everything = [secret for secrets in SECRETS.values() for secret in secrets]
        assert leaked(source, everything + NEVER) == []
        assert leaked(anna.received(), everything + NEVER) == []  # the widgets as they arrived
        assert "cdn.jsdelivr.net" not in source and "cdnjs" not in source  # works in a room without internet
        assert anna.widget("ws-single").get_by_text("Answering as e2e-anna").count() == 1

        for data in EXERCISES:
            # before answering it, nothing of this exercise's key or feedback has reached the browser
            assert leaked(anna.received(), SECRETS.get(data["id"], []) + NEVER) == [], data["id"]
            answer_in_browser(anna, data["id"])

        received = anna.received()
        assert "FEEDBACK-beta-xq" in received and "OUTCOME-safe-xq" in received  # the check above can fail
        assert leaked(received, NEVER) == []
        assert "FEEDBACK-alpha-xq" not in received  # feedback of what was chosen only
        assert "Your score: 1 of 1 point." in anna.widget("ws-single").inner_text()
        assert "Waiting for the trainer" in anna.widget("ws-free").inner_text()

        anna.page.goto(server.base + "/")  # back to the modules: the pseudonym is remembered
        assert anna.page.input_value("#pseudonym") == "e2e-anna"
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
    for url in (bare, bare + "?token=wrong", bare + "/room", bare + "/room?token=" + "x" * 32):
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
    # a participant's text is escaped, and names stay hidden unless the trainer asks
    assert "&lt;script&gt;alert(" in html and '<script>alert("xq")' not in html
    assert "e2e-anna" not in html
    assert "e2e-anna" in fetch(server.dashboard + "&names=1")[1]

    trainer = browser.new_page()
    bela = Participant(browser, server.base)
    try:
        trainer.goto(server.dashboard)
        open_pages = trainer.locator("[data-open-pages]")
        assert open_pages.get_attribute("data-open-pages") == "0"  # Anna's page shut its kernel down
        single = trainer.locator('[data-exercise="ws-single"]')
        assert single.get_attribute("data-answered") == "1"
        assert "Beta answer" in single.inner_text()
        bela.join("e2e-bela")
        bela.widget("ws-single").locator(".widget-radio-box label", has_text="Alpha answer").click()
        bela.submit("ws-single")
        # the dashboard catches up by itself, without a reload
        trainer.wait_for_function(
            """() => document.querySelector('[data-exercise="ws-single"]').dataset.answered === "2" """,
            timeout=20_000)
        rows = trainer.locator('[data-exercise="ws-single"] tr').all_inner_texts()
        assert any("Alpha answer" in row and "\t1\t" in row for row in rows), rows
        assert any("Beta answer" in row and "\t1\t" in row for row in rows), rows
        assert open_pages.get_attribute("data-open-pages") == "1"
        bela.page.close(run_before_unload=True)  # as closing the tab does: the kernel goes
        trainer.wait_for_function(
            """() => document.querySelector("[data-open-pages]").dataset.openPages === "0" """, timeout=20_000)
    finally:
        trainer.close()
        bela.context.close()


@pytest.mark.parametrize("path", [
    "/voila/files/{module}", "/voila/api/contents/{module}", "/voila/api/contents", "/voila/tree",
    "/api/contents/{module}", "/files/{module}", "/tree", "/nbconvert/html/{module}", "/notebooks/{module}",
    "/api/kernels", "/api/sessions", "/api/terminals", "/terminals/1", "/lab", "/voila/static/../{module}",
    "/voila/templates/lab/static/../../../../{module}", "/voila/render/{module}.json", "/voila/files/..%2F{module}",
])
def test_the_notebooks_cannot_be_downloaded(room, path):
    url = room["server"].base + path.format(module=quote(MODULE_FILE))
    status, body = fetch(url)
    assert leaked(body, [secret for secrets in SECRETS.values() for secret in secrets] + NEVER) == [], url
    assert status in (403, 404) or (status == 200 and "Join the workshop" in body), (url, status)
