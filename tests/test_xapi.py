"""``kit store export --format xapi``: one valid xAPI 1.0.3 statement per attempt, to a file or an LRS.

Statements are validated with ralph's xAPI models (ralph-malph, a maintained LRS and xAPI library);
the LRS is a local HTTP server that refuses the first request, so that the retry is exercised.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner

from kit.catalog import load_catalog
from kit.cli import main
from kit.interchange.xapi import LrsError, post_statements
from kit.responses import Response
from kit.scoring.rules import score
from kit.store import open_store
from tests.conftest import ROOT

SAMPLE = ROOT / "book" / "data" / "first-slice-responses.jsonl"
MODULE = ROOT / "exercises" / "first-slice.ipynb"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "answers.db"
    CliRunner().invoke(main, ["store", "import", str(SAMPLE), "--db", str(path)])
    return path


def export(store: Path, *extra: str) -> Any:
    return CliRunner().invoke(main, ["store", "export", "--db", str(store), "--format", "xapi", "--book",
                                     str(MODULE), *extra])


def test_one_valid_statement_per_attempt(store: Path) -> None:
    from ralph.models.xapi.base.statements import BaseXapiStatement

    result = export(store, "--home-page", "https://kepzes.example.org")
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.stdout.splitlines()]
    with open_store(str(store), create=False) as opened:
        attempts = [record for record in opened.read_all() if isinstance(record, Response)]
    assert len(found) == len(attempts) > 100
    exercises = load_catalog([MODULE]).exercises
    for statement, attempt in zip(found, attempts, strict=True):
        BaseXapiStatement(**statement)  # raises when the statement is not valid xAPI
        assert statement["actor"]["account"] == {"homePage": "https://kepzes.example.org",
                                                 "name": attempt.participant}
        assert statement["object"]["id"].endswith("/" + attempt.exercise)
        expected = score(exercises[attempt.exercise], attempt.answer)
        if expected.status == "scored":
            assert statement["result"]["score"]["raw"] == round(expected.score, 4)
            assert statement["result"]["score"]["max"] == expected.max_score
        else:
            assert "score" not in statement["result"]
        verb = "completed" if exercises[attempt.exercise].type == "scenario" else "answered"
        assert statement["verb"]["id"].endswith("/" + verb)
    # nothing of the key: no correct response pattern, no feedback
    assert "correctResponsesPattern" not in result.stdout and "feedback" not in result.stdout
    # the same store exported again gives the same statement ids (an LRS stores each attempt once)
    assert [json.loads(line)["id"] for line in export(store).stdout.splitlines()] == [s["id"] for s in found]


class LRS(BaseHTTPRequestHandler):
    received: ClassVar[list[list[dict[str, Any]]]] = []
    answers: ClassVar[list[int]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        code = LRS.answers.pop(0) if LRS.answers else 200
        if code == 200:
            assert self.headers["X-Experience-API-Version"] == "1.0.3"
            LRS.received.append(json.loads(body))
        self.send_response(code)
        self.end_headers()
        self.wfile.write(b"[]" if code == 200 else b"no")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def lrs() -> Iterator[str]:
    LRS.received, LRS.answers = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), LRS)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/xapi/"
    finally:
        server.shutdown()
        server.server_close()


def test_posted_in_batches_and_sent_again_after_a_server_error(lrs: str) -> None:
    LRS.answers = [503]
    waited: list[float] = []
    items = [{"id": str(number)} for number in range(250)]
    assert post_statements(items, lrs, batch=100, wait=waited.append) == 250
    assert [len(batch) for batch in LRS.received] == [100, 100, 50]
    assert waited == [1]


def test_a_refusing_lrs_stops_the_export_with_one_line(lrs: str, store: Path) -> None:
    LRS.answers = [400]
    result = export(store, "--lrs", lrs)
    assert result.exit_code == 2
    assert f"{lrs}statements answered 400: no" in result.stderr and "Traceback" not in result.output
    with pytest.raises(LrsError, match="tried 2 times"):
        LRS.answers = [503, 503]
        post_statements([{"id": "x"}], lrs, retries=1, wait=lambda seconds: None)


def test_the_cli_posts_to_the_lrs(lrs: str, store: Path) -> None:
    result = export(store, "--lrs", lrs)
    assert result.exit_code == 0, result.output
    assert sum(len(batch) for batch in LRS.received) == len(SAMPLE.read_text().splitlines()) - 1  # one rejected
