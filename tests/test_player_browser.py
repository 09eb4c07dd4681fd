"""The player in a real Chromium: every type answered by script and by keyboard alone, axe-core finds
nothing before or after answering, attempts survive a reload and download as JSON Lines kit reads.

Self-study pages are opened from file:// as readers open the built book; workshop pages are served with
a small stand-in for the answer API of DESIGN §12 (join, answers), scoring with kit.scoring.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.models import parse_exercise
from kit.notebook import read_module
from kit.player import STATIC_DIR, render_module_page
from kit.scoring import score
from kit.scoring.session import format_number
from tests.chromium import AXE, axe_violations, chromium
from tests.player_exercises import ANSWERS, EXERCISES, write_module

pytestmark = pytest.mark.slow

BY_ID = {data["id"]: parse_exercise(data) for data in EXERCISES}


def expected(exercise_id: str, answer: Any) -> dict[str, Any]:
    result = score(BY_ID[exercise_id], answer)

    def number(value: float | None) -> float | None:
        return None if value is None else float(format_number(value))

    return {"status": result.status, "score": number(result.score) if result.status == "scored" else None,
            "max_score": number(result.max_score)}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A folder with the module as a self-study and a workshop page, and the player's static files."""
    root = tmp_path_factory.mktemp("player site")
    module = read_module(write_module(root / "Night shift ő.ipynb"))
    shutil.copytree(STATIC_DIR, root / "static")
    (root / "pages").mkdir()
    for mode in ("self-study", "workshop"):
        html = render_module_page(module, mode=mode, api_base="../api/v1/", static_base="../static/",
                                  book_key="player-test")
        (root / "pages" / f"{mode}.html").write_text(html, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as found:
        yield found


@pytest.fixture
def page(browser) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    opened.errors = []  # type: ignore[attr-defined]
    opened.warnings = []  # type: ignore[attr-defined]
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.on("console", lambda message: opened.warnings.append(message.text) if message.type == "warning" else None)
    yield opened
    context.close()


def open_self_study(page: Any, site: Path) -> None:
    page.goto((site / "pages" / "self-study.html").as_uri())
    page.wait_for_function("Boolean(window.kit && window.kit.submit)")


def shown(page: Any, exercise_id: str) -> dict[str, Any]:
    line = page.locator(f"[data-kit-exercise='{exercise_id}'] [data-kit-result] .kit-score")
    status = line.get_attribute("data-kit-status")
    value = line.get_attribute("data-kit-score")
    return {"status": status, "score": None if value is None else float(value)}


# ------------------------------------------------------------------ self-study, by script


@pytest.mark.parametrize("width", [360, 1280])
def test_self_study_page_has_no_axe_violation_before_or_after_answering(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_self_study(page, site)
    assert axe_violations(page) == []
    for exercise_id, answer in ANSWERS.items():
        result = page.evaluate("([id, answer]) => window.kit.submit(id, answer)", [exercise_id, answer])
        want = expected(exercise_id, answer)
        assert {key: result[key] for key in want} == want, exercise_id
        assert shown(page, exercise_id) == {"status": want["status"], "score": want["score"]}
    assert axe_violations(page) == []
    assert page.errors == []


def test_feedback_and_rubric_self_check_follow_the_answer(page, site):
    open_self_study(page, site)
    result = page.evaluate("window.kit.submit('pl-single', 'c')")
    assert result["feedback"] == ["FEEDBACK-gamma-xq"]
    assert "FEEDBACK-gamma-xq" in page.locator("[data-kit-exercise='pl-single'] [data-kit-result]").inner_text()
    result = page.evaluate("window.kit.submit('pl-free', 'Facts.')")
    assert result == {"status": "pending", "score": None, "max_score": 5, "feedback": []}
    checks = page.locator("[data-kit-exercise='pl-free'] .kit-self-check input[type=checkbox]")
    assert checks.count() == 2
    checks.first.check()
    checks.nth(1).check()
    assert shown(page, "pl-free")["status"] == "pending"  # ticking the self-check never scores
    path = page.evaluate("window.kit.submit('pl-scenario', ['n1-2'])")
    assert path["feedback"] == ["FEEDBACK-hang-xq"] and path["score"] == 0
    assert "OUTCOME-lost-xq" in page.locator("[data-kit-exercise='pl-scenario'] [data-kit-result]").inner_text()


def test_answers_the_controls_cannot_express_are_invalid_and_unknown_ids_reject(page, site):
    open_self_study(page, site)
    for exercise_id, answer in (("pl-likert", {"s1": 9}), ("pl-ordering", ["i1"]), ("pl-scenario", ["n1-1"]),
                                ("pl-single", "zz"), ("pl-case", {"nope": "x"})):
        result = page.evaluate("([id, answer]) => window.kit.submit(id, answer)", [exercise_id, answer])
        assert result["status"] == "invalid" and result["score"] is None, exercise_id
        assert result["max_score"] == expected(exercise_id, answer)["max_score"]
    message = page.evaluate("window.kit.submit('no-such-id', 'a').then(() => 'resolved', e => e.message)")
    assert "no-such-id" in message


def test_attempts_survive_a_reload_and_unreadable_ones_are_skipped(page, site):
    open_self_study(page, site)
    page.evaluate("localStorage.clear()")
    page.evaluate("window.kit.submit('pl-single', 'b')")
    page.evaluate("window.kit.submit('pl-single', 'a')")
    page.reload()
    page.wait_for_function("Boolean(window.kit && window.kit.attempts)")
    attempts = page.evaluate("window.kit.attempts()")
    assert [attempt["answer"] for attempt in attempts] == ["b", "a"]
    assert shown(page, "pl-single")["score"] == 0  # the latest attempt is shown again
    assert page.locator("[data-kit-exercise='pl-single'] input[value=a]").is_checked()
    key = page.evaluate("Object.keys(localStorage).find(k => k.endsWith(':attempts'))")
    assert "player-test" in key
    page.evaluate("""key => {
        const good = JSON.parse(localStorage.getItem(key));
        localStorage.setItem(key, JSON.stringify([{bad: 1}, 'text', good[1], {...good[0], submitted_at: 'soon'}]));
    }""", key)
    page.reload()
    page.wait_for_function("Boolean(window.kit && window.kit.attempts)")
    assert [attempt["answer"] for attempt in page.evaluate("window.kit.attempts()")] == ["a"]
    assert len([text for text in page.warnings if "cannot be read" in text]) == 3
    page.evaluate("key => localStorage.setItem(key, '{not json')", key)
    page.reload()
    page.wait_for_function("Boolean(window.kit && window.kit.attempts)")
    assert page.evaluate("window.kit.attempts()") == []
    assert page.locator("[data-kit-exercise]").count() == len(EXERCISES)
    assert page.errors == []


def test_download_is_read_by_kit_score_and_kit_store_import(page, site, tmp_path):
    open_self_study(page, site)
    page.evaluate("localStorage.clear()")
    page.reload()
    page.wait_for_function("Boolean(window.kit && window.kit.submit)")
    for exercise_id, answer in ANSWERS.items():
        page.evaluate("([id, answer]) => window.kit.submit(id, answer)", [exercise_id, answer])
    page.get_by_role("button", name="Download my answers").click()
    assert "pseudonym" in page.locator(".kit-study-message").inner_text()  # asked before the first download
    assert page.evaluate("document.activeElement.id") == "kit-study-pseudonym"
    page.get_by_label("Your pseudonym").fill("Zsófi Č")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my answers").click()
    answers = tmp_path / "answers.jsonl"
    download.value.save_as(answers)
    records = [json.loads(line) for line in answers.read_text(encoding="utf-8").splitlines()]
    assert {record["participant"] for record in records} == {"Zsófi Č"}
    assert {record["session"] for record in records} == {"self-study"}
    module = site / "Night shift ő.ipynb"
    done = CliRunner().invoke(main, ["score", str(answers), "--book", str(module)])
    assert done.exit_code == 0, done.output
    rows = {row["exercise"]: row for row in csv.DictReader(io.StringIO(done.stdout))}
    for exercise_id, answer in ANSWERS.items():
        want = expected(exercise_id, answer)
        assert rows[exercise_id]["status"] == want["status"]
        assert rows[exercise_id]["score"] == ("" if want["score"] is None else format_number(want["score"]))
    stored = CliRunner().invoke(main, ["store", "import", str(answers), "--db", str(tmp_path / "answers.db")])
    assert stored.exit_code == 0, stored.output
    assert page.locator("[data-kit-saved]").inner_text().endswith(str(len(ANSWERS)))


def test_a_broken_exercise_shows_a_message_and_the_rest_works(page, site, tmp_path):
    html = (site / "pages" / "self-study.html").read_text(encoding="utf-8")
    start = html.index('<script type="application/json" data-kit-data>{"id": "pl-multiple"')
    broken = html[:start] + '<script type="application/json" data-kit-data>{"id": "pl-multiple", oops' + \
        html[html.index("</script>", start):]
    (site / "pages" / "broken.html").write_text(broken, encoding="utf-8")
    page.goto((site / "pages" / "broken.html").as_uri())
    page.wait_for_function("Boolean(window.kit && window.kit.submit)")
    assert "cannot be shown here" in page.locator("[data-kit-exercise='pl-multiple']").inner_text()
    assert page.evaluate("window.kit.submit('pl-single', 'b')")["score"] == 1
    assert axe_violations(page) == []


# ------------------------------------------------------------------ by keyboard alone


def tab_to(page: Any, selector: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def submit_by_keyboard(page: Any, exercise_id: str) -> None:
    tab_to(page, f"[data-kit-exercise='{exercise_id}'] [data-kit-action=submit]")
    page.keyboard.press("Enter")
    # the focus moves to Try again, which replaced Submit
    page.wait_for_function(f"document.activeElement.matches(\"[data-kit-exercise='{exercise_id}'] "
                           "[data-kit-action=retry]\")")


def test_every_type_can_be_answered_by_keyboard_alone(page, site):
    open_self_study(page, site)
    page.evaluate("localStorage.clear()")
    page.reload()
    page.wait_for_function("Boolean(window.kit && window.kit.submit)")
    keys = page.keyboard
    tab_to(page, "[data-kit-exercise='pl-single'] input")
    keys.press("ArrowDown")
    keys.press("ArrowDown")  # the third option
    submit_by_keyboard(page, "pl-single")
    tab_to(page, "[data-kit-exercise='pl-multiple'] input[value=o1]")
    keys.press("Space")
    tab_to(page, "[data-kit-exercise='pl-multiple'] input[value=o2]")
    keys.press("Space")
    submit_by_keyboard(page, "pl-multiple")
    first = "[data-kit-exercise='pl-ordering'] li:first-child [data-kit-move=down]"
    tab_to(page, first)
    moved = page.evaluate("document.activeElement.closest('li').dataset.kitItem")
    keys.press("Enter")
    assert page.evaluate("document.activeElement.closest('li').dataset.kitItem") == moved  # focus kept
    assert page.evaluate("document.activeElement.dataset.kitMove") == "down"
    announced = page.locator("[data-kit-exercise='pl-ordering'] [data-kit-announce]").inner_text()
    assert "2" in announced and "4" in announced
    submit_by_keyboard(page, "pl-ordering")
    tab_to(page, "[data-kit-exercise='pl-matching'] select")
    keys.press("ArrowDown")
    submit_by_keyboard(page, "pl-matching")
    tab_to(page, "[data-kit-exercise='pl-free'] textarea")
    keys.type("Facts first, then consent.")
    submit_by_keyboard(page, "pl-free")
    tab_to(page, "[data-kit-exercise='pl-case'] textarea")
    keys.type("She is alone.")
    submit_by_keyboard(page, "pl-case")
    tab_to(page, "[data-kit-exercise='pl-likert'] input")
    keys.press("Space")
    tab_to(page, "[data-kit-exercise='pl-likert'] [data-kit-statement=s2] input")
    keys.press("ArrowRight")
    submit_by_keyboard(page, "pl-likert")
    tab_to(page, "[data-kit-exercise='pl-scenario'] [data-kit-choice='n1-1']")
    keys.press("Enter")
    tab_to(page, "[data-kit-exercise='pl-scenario'] [data-kit-choice='n2-1']")
    keys.press("Enter")
    submit_by_keyboard(page, "pl-scenario")
    answers = {attempt["exercise"]: attempt["answer"] for attempt in page.evaluate("window.kit.attempts()")}
    assert answers["pl-single"] == "c"
    assert answers["pl-multiple"] == ["o1", "o2"]
    assert len(answers["pl-ordering"]) == 4 and answers["pl-ordering"][1] == moved
    assert len(answers["pl-matching"]) == 1
    assert answers["pl-free"] == "Facts first, then consent."
    assert answers["pl-case"] == {"problem": "She is alone."}
    assert set(answers["pl-likert"]) == {"s1", "s2"}
    assert answers["pl-scenario"] == ["n1-1", "n2-1"]
    assert shown(page, "pl-scenario") == {"status": "scored", "score": 1.0}
    assert shown(page, "pl-multiple") == {"status": "scored", "score": 2.0}


# ------------------------------------------------------------------ workshop, against a stand-in API


class StandInAPI(http.server.BaseHTTPRequestHandler):
    """The answer API of DESIGN §12, as small as the player needs: a cookie from join, scored answers."""

    root: Path
    received: list[dict[str, Any]]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.root / self.path.lstrip("/").split("?")[0]
        if self.path == "/axe.min.js":
            path = AXE
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        kind = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}.get(path.suffix, "text/plain")
        self.send_response(200)
        self.send_header("Content-Type", kind + "; charset=utf-8")
        self.send_header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                         "frame-ancestors 'none'")
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append({"path": self.path, "body": body, "type": self.headers["Content-Type"]})
        if self.path.endswith("/join"):
            self.reply(200, {"pseudonym": body["pseudonym"]}, cookie="kit=ok; HttpOnly; SameSite=Strict; Path=/")
        elif "kit=ok" not in (self.headers.get("Cookie") or ""):
            self.reply(401, {"error": "Join the workshop first."})
        elif body["answer"] == "refuse-me":
            self.reply(400, {"error": "The server refused this answer."})
        elif body["exercise"] not in BY_ID:
            self.reply(404, {"error": f"No exercise '{body['exercise']}' here."})
        else:
            exercise = BY_ID[body["exercise"]]
            want = expected(exercise.id, body["answer"])
            feedback = [option.feedback for option in getattr(exercise, "options", []) if option.id in
                        (body["answer"] if isinstance(body["answer"], list) else [body["answer"]]) and option.feedback]
            self.reply(200, {**want, "feedback": feedback})

    def reply(self, status: int, data: dict[str, Any], cookie: str | None = None) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if cookie:
            self.send_header("Set-Cookie", cookie)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def api(site) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []
    handler = type("Handler", (StandInAPI,), {"root": site, "received": received})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", received
    server.shutdown()
    server.server_close()


def test_workshop_page_joins_then_answers_through_the_api(page, api):
    base, received = api
    page.goto(base + "pages/workshop.html")
    page.wait_for_function("Boolean(window.kit && window.kit.submit)")
    assert axe_violations(page, base + "axe.min.js") == []
    page.locator("[data-kit-exercise='pl-single'] input[value=c]").check()
    page.locator("[data-kit-exercise='pl-single'] [data-kit-action=submit]").click()
    pseudonym = page.get_by_label("Your pseudonym")
    pseudonym.wait_for()
    assert page.evaluate("document.activeElement.id") == "kit-pl-single-pseudonym"
    assert axe_violations(page, base + "axe.min.js") == []  # the join form too
    pseudonym.fill("Bence")
    page.get_by_role("button", name="Join").click()
    page.locator("[data-kit-exercise='pl-single'] .kit-score").wait_for()
    assert shown(page, "pl-single") == {"status": "scored", "score": 0.3725}
    assert [entry["path"] for entry in received] == ["/api/v1/answers", "/api/v1/join", "/api/v1/answers"]
    assert received[-1]["body"] == {"exercise": "pl-single", "answer": "c"}
    assert received[-1]["type"] == "application/json"
    for exercise_id, answer in ANSWERS.items():
        result = page.evaluate("([id, answer]) => window.kit.submit(id, answer)", [exercise_id, answer])
        want = expected(exercise_id, answer)
        assert {key: result[key] for key in want} == want
    attempts = page.evaluate("window.kit.attempts()")
    assert [attempt["exercise"] for attempt in attempts] == ["pl-single", *ANSWERS]
    assert {attempt["participant"] for attempt in attempts} == {"Bence"}
    refused = page.evaluate("window.kit.submit('pl-free', 'refuse-me').then(() => 'resolved', e => e.message)")
    assert refused == "The server refused this answer."
    assert refused in page.locator("[data-kit-exercise='pl-free'] [data-kit-result]").inner_text()
    assert len(page.evaluate("window.kit.attempts()")) == len(attempts)  # a refused answer is no attempt
    assert axe_violations(page, base + "axe.min.js") == []
    assert page.errors == []
