"""The widget on a hub with the kit service: the answer goes to the service, its reply is shown."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from kit.participant_view import keyless_exercise, participant_view
from kit.ui import Identity, exercise_widget
from kit.ui.service import Service
from tests.exercises import sample, sample_data


class FakeService:
    """Stands in for the kit service: notes each request, answers with the reply it is given."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str], Any]] = []
        self.introductions: list[tuple[str, dict[str, str]]] = []
        self.status, self.reply = 200, {}
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                owner.requests.append((self.path, dict(self.headers), body))
                data = json.dumps(owner.reply).encode()
                self.send_response(owner.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                owner.introductions.append((self.path, dict(self.headers)))
                data = json.dumps({"participant": "anna", "session": "s1"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/services/kit/"


@pytest.fixture
def service() -> Iterator[FakeService]:
    fake = FakeService()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def keyless_widget(service: FakeService, name: str = "single") -> Any:
    exercise = keyless_exercise(participant_view(sample_data()[name], sample(name)))
    return exercise_widget(exercise, "en", identity=Identity(participant="anna", session="s1"), db=None,
                           service=Service(service.url, "the-users-token"))


def test_the_answer_goes_to_the_service_with_the_users_token_and_its_reply_is_shown(service):
    service.reply = {"status": "scored", "score": 1, "max_score": 1, "feedback": ["Right: call the duty line."]}
    widget = keyless_widget(service)
    chosen = sample("single").options[0].id

    assert widget.submit(chosen) is True

    [(path, headers, body)] = service.requests
    assert path == "/services/kit/api/v1/answers" and body == {"exercise": sample("single").id, "answer": chosen}
    assert headers["Authorization"] == "token the-users-token" and headers["Content-Type"] == "application/json"
    assert widget.result.status == "scored" and widget.result.score == 1
    assert "Your score: 1 of 1 point." in widget.outcome.value and "Right: call the duty line." in widget.outcome.value
    assert widget.submit_button.layout.display == "none"  # Try again instead


def test_a_refusal_shows_the_services_sentence_and_keeps_the_answer(service):
    service.status, service.reply = 404, {"error": "There is no such exercise in this workshop; reload the page."}
    widget = keyless_widget(service)

    assert widget.submit(sample("single").options[1].id) is False

    assert "There is no such exercise in this workshop" in widget.message.value
    assert widget.saved is None and widget.submit_button.disabled is False
    assert widget.body.answer() == sample("single").options[1].id


def test_a_service_that_does_not_answer_is_named(service):
    widget = keyless_widget(service)
    widget.service = Service("http://127.0.0.1:9/services/kit/", "t")  # nothing listens on the discard port

    assert widget.submit(sample("single").options[0].id) is False
    assert "did not answer" in widget.message.value and "127.0.0.1:9" in widget.message.value


def test_a_widget_shown_makes_itself_known_to_the_service_once_per_kernel(service):
    """The service checks the token with the hub when the notebook opens, not at the room's first Submit."""
    widgets = [keyless_widget(service, name) for name in ("single", "ordering", "single")]
    for thread in threading.enumerate():
        if thread.name == "kit-service-introduce":
            thread.join(timeout=30)
    assert [(path, headers["Authorization"]) for path, headers in service.introductions] == [
        ("/services/kit/api/v1/participant", "token the-users-token")]
    assert service.requests == [] and all(widget.saved is None for widget in widgets)


def test_the_service_is_found_in_the_environment(monkeypatch):
    monkeypatch.delenv("KIT_SERVICE_URL", raising=False)
    assert Service.from_environment() is None
    monkeypatch.setenv("KIT_SERVICE_URL", "http://127.0.0.1:10101/services/kit")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "abc")
    assert Service.from_environment() == Service("http://127.0.0.1:10101/services/kit/", "abc")
