"""deploy/jupyterhub end to end: a real JupyterHub, its proxy, the kit service and one server per participant.

The hub runs deploy/jupyterhub/jupyterhub_config.py unchanged, on free loopback ports, with
NativeAuthenticator. It starts the kit service (``kit workshop serve --hub`` at /services/kit/),
which alone holds the response store. Participants come in two ways: two are added by the
``kit-admin`` service through the REST API (``KIT_HUB_API_TOKEN``), one signs up on the hub's
page, waits, is approved by a trainer (an administrator, logged in on the hub's pages) and logs in
with her password. She then goes to the hub as a browser does: the hub sends her to the service's
player pages (its OAuth hand-over), a module's page holds no secret text, and the page's Submit (the
answer API, with her hub login) stores her answer under her hub name.

Each participant then works through an exercise notebook in their own server, the way JupyterLab
does it: a session for the notebook (``POST /user/NAME/api/sessions``, which starts a kernel that
knows the notebook's path) and code sent over the kernel's websocket
(``/user/NAME/api/kernels/ID/channels``). The notebook as the hub gave it carries the participant
view only; its cells run, and every exercise is answered unattended with
``kit.ui.shown(ID).submit(...)``: the widget sends the answer to the service with the
participant's own hub token and shows the score the service returns. The participant then looks for
the key in their notebook, their kernel's environment and the service's pages, and finds none.

Every answer must be in the shared store under the participant's hub name and the hub's session: a
PostgreSQL store set up as deploy/jupyterhub/README.md says (``kit store migrate``,
``kit store roles setup``, an insert-only participant role for the service, a coordinator who
reads), and a SQLite file. Refused requests (no token, another user's name, an exercise not handed
out) store nothing; an answer of the wrong shape is stored as an ``invalid`` attempt.

Every process the run starts carries a marker in its environment (a unique ``KIT_SESSION``): the
hub is stopped gently, then whatever still carries the marker is killed, even when the test fails.

`make test` installs the proxy with `npm ci --prefix deploy/jupyterhub/node`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import suppress
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import nbformat
import pytest

from kit.build.leaks import catalog_secrets, normalise
from kit.catalog import load_catalog
from kit.models import Exercise
from kit.notebook import read_module
from kit.responses import Response
from kit.store import open_store

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PROXY = ROOT / "deploy" / "jupyterhub" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
EXERCISES = ROOT / "exercises"
BIN = Path(sys.executable).parent
# who does which module: the three languages, so that each kernel must find its notebook's language
PARTICIPANTS = {"anna": "first-slice.ipynb", "bela": "esetmegbeszeles.ipynb", "dora": "pripadova-konference.ipynb"}
SUBMIT_LABEL = {"en": "Submit", "hu": "Beküldés", "cs": "Odeslat"}
SIGNED_UP = "dora"  # the one who signs up on the page instead of being added by the service
PASSWORD = "kit-hub-Passw0rd-e2e"
OWN_WORK = "support-for-helpers.ipynb"  # anna's own version is in her home before her first start
TIMEOUT = 180.0
SERVICE = "/services/kit/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- the hub and the processes it starts ---------------------------------------------------------


def marked_processes(marker: str) -> list[int]:
    """Processes whose environment holds ``marker``: the hub, its proxy, the servers, their kernels."""
    needle = marker.encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environment = (entry / "environ").read_bytes()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if needle in environment.split(b"\0"):
            found.append(int(entry.name))
    return found


class Hub:
    def __init__(self, folder: Path, store: str):
        self.folder = folder
        self.session = f"hub-e2e-{uuid.uuid4().hex[:12]}"
        self.marker = f"KIT_SESSION={self.session}"
        self.token = uuid.uuid4().hex + uuid.uuid4().hex
        self.port = free_port()
        self.service_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.store = store
        self.log = folder / "jupyterhub.log"
        self.process: subprocess.Popen[bytes] | None = None

    def environment(self) -> dict[str, str]:
        environment = {key: value for key, value in os.environ.items()
                       if not key.startswith(("KIT_", "JUPYTERHUB_", "JPY_"))}
        environment.update(
            KIT_DB=self.store, KIT_SESSION=self.session, KIT_HUB_DATA=str(self.folder / "hub"),
            KIT_HUB_HOME=str(self.folder / "home"), KIT_HUB_PORT=str(self.port),
            KIT_HUB_INTERNAL_PORT=str(free_port()), KIT_HUB_PROXY_API_PORT=str(free_port()),
            KIT_HUB_API_TOKEN=self.token, KIT_HUB_ADMINS="trainer", KIT_HUB_TRAINERS="trainer",
            KIT_HUB_SERVICE_PORT=str(self.service_port),
        )
        return environment

    def start(self) -> None:
        (self.folder / "hub").mkdir(parents=True)
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(CONFIG)], cwd=self.folder / "hub",
                                            env=self.environment(), stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        self.wait_until(lambda: self.answers("/hub/api/"), "the hub to answer")
        self.wait_until(lambda: self.answers(f"{SERVICE}api/v1/modules"), "the kit service to answer")

    def answers(self, path: str) -> bool:
        import requests

        try:
            return requests.get(self.url + path, timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def wait_until(self, ready: Callable[[], Any], what: str, timeout: float = TIMEOUT) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                self.fail(f"the hub stopped (exit code {self.process.returncode}) while waiting for {what}")
            result = ready()
            if result:
                return result
            time.sleep(0.5)
        self.fail(f"waited {timeout:.0f} s for {what}")

    def fail(self, message: str) -> None:
        tail = self.log.read_text(encoding="utf-8", errors="replace")[-6000:] if self.log.exists() else ""
        pytest.fail(f"{message}\n--- end of the hub's log ---\n{tail}", pytrace=False)

    def stop(self) -> list[int]:
        """Stop the hub (it stops the servers and the proxy), then kill what is left; the pids killed."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                # servers get 30 s to end their kernels, then SIGTERM and SIGKILL (jupyterhub_config.py)
                self.process.wait(timeout=150)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        left = marked_processes(self.marker)
        for pid in left:
            with suppress(ProcessLookupError):  # ended by itself meanwhile
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while marked_processes(self.marker) and time.monotonic() < deadline:
            time.sleep(0.2)
        return left

    # -- the REST API ------------------------------------------------------------------------------

    def api(self, method: str, path: str, token: str | None = None, expect: tuple[int, ...] = (200,),
            **options: Any) -> Any:
        import requests

        headers = {"Authorization": f"token {token or self.token}"}
        response = requests.request(method, self.url + path, headers=headers, timeout=60, **options)
        if response.status_code not in expect:
            self.fail(f"{method} {path}: {response.status_code} {response.text[:500]}")
        return response.json() if response.content else None

    def start_server(self, name: str) -> None:
        self.api("POST", f"/hub/api/users/{name}/server", expect=(201, 202))

    def server_ready(self, name: str) -> bool:
        server = self.api("GET", f"/hub/api/users/{name}")["servers"].get("", {})
        return bool(server.get("ready"))

    def user_token(self, name: str) -> str:
        body = {"scopes": [f"access:servers!user={name}", "access:services!service=kit"],
                "note": "tests/test_jupyterhub.py", "expires_in": 900}
        return self.api("POST", f"/hub/api/users/{name}/tokens", json=body, expect=(200, 201))["token"]


@pytest.fixture
def hub_factory(tmp_path: Path) -> Iterator[Callable[[str], Hub]]:
    assert shutil.which("node"), "node is needed for JupyterHub's proxy (Debian: apt-get install nodejs)"
    assert PROXY.exists(), "run: npm ci --prefix deploy/jupyterhub/node (make test does)"
    assert (BIN / "jupyterhub-singleuser").exists(), "install the hub extra: pip install -e '.[hub]' (make test does)"
    hubs: list[Hub] = []

    def make(store: str) -> Hub:
        hub = Hub(tmp_path, store)
        hubs.append(hub)
        hub.start()
        return hub

    yield make
    for hub in hubs:
        left = hub.stop()
        assert not marked_processes(hub.marker), f"processes of the hub are still running: {left}"
        # a restart of the hub (a new session, README) must stop every server and kernel by itself
        assert not left, f"the hub left processes behind when it stopped: {left}"


# -- participants ------------------------------------------------------------------------------


class Browser:
    """One person at the hub's pages, with cookies, as a web browser sends the forms."""

    def __init__(self, hub: Hub):
        import requests

        self.hub = hub
        self.session = requests.Session()

    def get(self, path: str) -> Any:
        return self.session.get(self.hub.url + path, allow_redirects=False, timeout=30)

    def post(self, path: str, **form: str) -> Any:
        self.get(path)  # sets the _xsrf cookie that the form sends back
        xsrf = self.session.cookies.get("_xsrf", "", path="/hub/")
        return self.session.post(self.hub.url + path, data={**form, "_xsrf": xsrf}, allow_redirects=False, timeout=30)

    def sign_up(self, name: str) -> None:
        signed = self.post("/hub/signup", username=name, signup_password=PASSWORD,
                           signup_password_confirmation=PASSWORD)
        assert signed.status_code == 200, signed.text[:500]

    def log_in(self, name: str, password: str = PASSWORD) -> Any:
        return self.post("/hub/login", username=name, password=password)


def sign_up_and_log_in(hub: Hub, name: str) -> tuple[Browser, Browser]:
    """NativeAuthenticator as people meet it: sign up, wait until a trainer approves, log in; both browsers."""
    participant, trainer = Browser(hub), Browser(hub)
    participant.sign_up(name)
    early = participant.log_in(name)
    assert early.status_code == 200 and "has not been authorized" in early.text, early.text[:500]

    trainer.sign_up("trainer")  # named in KIT_HUB_ADMINS: approved as they sign up
    assert trainer.log_in("trainer").status_code == 302
    waiting = trainer.get("/hub/authorize")
    assert waiting.status_code == 200 and name in waiting.text, waiting.status_code
    assert trainer.get(f"/hub/authorize/{name}").status_code == 302

    wrong = participant.log_in(name, PASSWORD + "x")
    assert wrong.status_code == 200 and "Invalid username or password" in wrong.text
    assert participant.log_in(name).status_code == 302
    home = participant.get("/hub/home")
    assert home.status_code == 200 and name in home.text, home.status_code
    return participant, trainer


def secrets_of(notebook_name: str) -> dict[str, str]:
    found = catalog_secrets(load_catalog([EXERCISES / notebook_name]))
    assert found  # else "no secret shown" would prove nothing
    return found


def shown_secrets(text: str, secrets: dict[str, str]) -> list[str]:
    shown = normalise(text)
    return [origin for secret, origin in secrets.items() if secret in shown]


def answers_in_the_player(browser: Browser, hub: Hub, name: str, notebook_name: str) -> str:
    """The start page after login: the service's module list (the hub's OAuth hand-over on the way), a
    module's page without code or key, and its Submit; the id of the exercise answered."""
    start = browser.session.get(f"{hub.url}/", timeout=60)
    assert start.status_code == 200 and start.url == f"{hub.url}{SERVICE}", (start.status_code, start.url)
    module = read_module(EXERCISES / notebook_name)
    listed = browser.session.get(f"{hub.url}{SERVICE}api/v1/modules", timeout=60).json()["modules"]
    assert listed and all(entry["url"] in start.text for entry in listed), start.text[:500]
    url = next(entry["url"] for entry in listed if module.valid_exercises[0].id in entry["exercises"])
    page = browser.session.get(f"{hub.url}{SERVICE}{url}", timeout=60)
    assert page.status_code == 200 and "data-kit-exercise" in page.text, page.status_code
    assert "%%exercise" not in page.text and not shown_secrets(page.text, secrets_of(notebook_name))
    exercise = module.valid_exercises[0]
    submitted = browser.session.post(f"{hub.url}{SERVICE}api/v1/answers", timeout=60,
                                     json={"exercise": exercise.id, "answer": an_answer(exercise)},
                                     headers={"Origin": hub.url})
    assert submitted.status_code == 200 and submitted.json()["status"] in ("scored", "pending", "recorded"), \
        submitted.text
    return exercise.id


def an_answer(exercise: Exercise) -> Any:
    """A valid answer of the exercise's shape (DESIGN §4), whatever it scores."""
    kind = exercise.type
    if kind == "single-choice":
        return exercise.options[0].id
    if kind == "multiple-choice":
        return [exercise.options[0].id]
    if kind == "ordering":
        return [item.id for item in exercise.items]
    if kind == "matching":
        return {pair.id: pair.id for pair in exercise.pairs}
    if kind == "free-text":
        return "Answered in a JupyterHub server."
    if kind == "case-discussion":
        return {exercise.dimension_ids[0]: "Answered in a JupyterHub server."}
    if kind == "likert":
        return {statement.id: 1 for statement in exercise.statements}
    if kind == "scenario":
        path, node = [], exercise.node_by_id[exercise.start]
        while node.choices:
            path.append(node.choices[0].id)
            node = exercise.node_by_id[node.choices[0].goto]
        return path
    raise AssertionError(f"no answer for type {kind}")


class Kernel:
    """A kernel of a participant's server, driven over its websocket (Jupyter messaging, JSON frames)."""

    def __init__(self, hub: Hub, name: str, token: str, notebook: str):
        import websocket

        body = {"path": notebook, "name": notebook, "type": "notebook", "kernel": {"name": "python3"}}
        session = hub.api("POST", f"/user/{name}/api/sessions", token=token, json=body, expect=(201,))
        self.kernel_id = session["kernel"]["id"]
        url = f"ws://127.0.0.1:{hub.port}/user/{name}/api/kernels/{self.kernel_id}/channels"
        self.socket = websocket.create_connection(url, header=[f"Authorization: token {token}"], timeout=TIMEOUT)
        self.session = uuid.uuid4().hex

    def run(self, code: str) -> dict[str, Any]:
        """Run code; its status, printed text, error and the MIME types it displayed."""
        msg_id = uuid.uuid4().hex
        self.socket.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test", "session": self.session,
                       "date": datetime.now(timezone.utc).isoformat(), "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        result: dict[str, Any] = {"status": None, "text": "", "error": "", "displayed": []}
        idle = False
        while result["status"] is None or not idle:
            message = json.loads(self.socket.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "execute_reply":
                result["status"] = content["status"]
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "stream":
                result["text"] += content["text"]
            elif kind == "error":
                result["error"] = f"{content['ename']}: {content['evalue']}"
            elif kind in ("display_data", "execute_result"):
                result["displayed"] += list(content["data"])
        return result

    def close(self) -> None:
        self.socket.close()


def work_through(hub: Hub, name: str, notebook_name: str) -> list[str]:
    """Run the notebook the hub gave ``name`` in their own kernel, answer every exercise through the
    service, look for the key in the notebook and the kernel; the ids answered."""
    token = hub.user_token(name)
    given = hub.api("GET", f"/user/{name}/api/contents/{notebook_name}", token=token)["content"]
    assert not any("facilitator" in cell["metadata"].get("tags", []) for cell in given["cells"])
    exercise_cells = [cell for cell in given["cells"] if cell["source"].startswith("%%exercise")]
    assert exercise_cells and all(cell["metadata"]["jupyter"]["source_hidden"] for cell in exercise_cells)
    # the notebook holds the participant view only: no feedback, rubric or trainers' text, no key
    assert not shown_secrets(json.dumps(given, ensure_ascii=False), secrets_of(notebook_name))
    assert not re.search(r"^\s*(correct|weight|score|rubric|facilitator):", "\n".join(
        cell["source"] for cell in exercise_cells), re.MULTILINE)

    module = read_module(EXERCISES / notebook_name)
    answers = {exercise.id: an_answer(exercise) for exercise in module.valid_exercises}
    kernel = Kernel(hub, name, token, notebook_name)
    try:
        for cell in given["cells"]:
            if cell["cell_type"] != "code":
                continue
            ran = kernel.run(cell["source"])
            assert ran["status"] == "ok", (name, cell["source"][:80], ran)
            if cell["source"].startswith("%%exercise"):
                assert "application/vnd.jupyter.widget-view+json" in ran["displayed"], (name, ran)
        first = next(iter(answers))
        ran = kernel.run(
            "import json, os\nfrom kit.ui import shown\n"
            f"for exercise_id, answer in json.loads({json.dumps(json.dumps(answers))}).items():\n"
            "    widget = shown(exercise_id)\n"
            "    assert widget.submit(answer), (exercise_id, widget.message.value)\n"
            "    assert widget.result.status in ('scored', 'pending', 'recorded'), widget.outcome.value\n"
            f"print(shown({first!r}).submit_button.description)\n"
            "print(os.environ['KIT_PARTICIPANT'])\n"
            f"print(shown({first!r}).result.max_score is not None)\n"
        )
        assert ran["status"] == "ok", (name, ran)
        language = module.meta.language
        assert ran["text"].split() == [SUBMIT_LABEL[language], name, "True"], ran
        # the kernel's environment: no store, no credentials, nothing of the key
        environment = kernel.run("import json, os\nprint(json.dumps(dict(os.environ)))")
        seen = json.loads(environment["text"])
        assert "KIT_DB" not in seen and not [value for value in seen.values() if "postgresql" in value
                                              or "responses.db" in value or "programme.db" in value]
        assert not shown_secrets(environment["text"], secrets_of(notebook_name))
        # the service from the kernel: pages of the participant view, no dashboard
        looked = kernel.run(
            "import json, os, urllib.request, urllib.error\n"
            "base, token = os.environ['KIT_SERVICE_URL'], os.environ['JUPYTERHUB_API_TOKEN']\n"
            "def fetch(path):\n"
            "    request = urllib.request.Request(base + path, headers={'Authorization': 'token ' + token})\n"
            "    try:\n"
            "        with urllib.request.urlopen(request, timeout=60) as response:\n"
            "            return response.status, response.read().decode()\n"
            "    except urllib.error.HTTPError as error:\n"
            "        return error.code, error.read().decode()\n"
            "modules = json.loads(fetch('api/v1/modules')[1])['modules']\n"
            "pages = [fetch(module['url']) for module in modules]\n"
            "print(json.dumps({'pages': pages, 'dashboard': fetch('dashboard')[0]}))\n"
        )
        assert looked["status"] == "ok", looked
        found = json.loads(looked["text"])
        assert found["dashboard"] == 403
        assert [status for status, _ in found["pages"]] == [200] * len(found["pages"])
        every = catalog_secrets(load_catalog([EXERCISES]))
        assert not shown_secrets(" ".join(text for _, text in found["pages"]), every)
    finally:
        kernel.close()
    return list(answers)


def refused(hub: Hub, token: str | None, body: Any, status: int) -> None:
    """A request the service refuses: ``status`` and one sentence."""
    import requests

    headers = {"Authorization": f"token {token}"} if token else {}
    response = requests.post(f"{hub.url}{SERVICE}api/v1/answers", json=body, headers=headers, timeout=60)
    assert response.status_code == status, (response.status_code, response.text[:300])
    sentence = response.json()["error"]
    assert sentence.endswith(".") and sentence.count(". ") == 0, sentence


# -- the store ------------------------------------------------------------------------------------


def kit_store(*arguments: str) -> None:
    done = subprocess.run([str(BIN / "kit"), "store", *arguments], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, (arguments, done.stderr)


@pytest.fixture(params=["postgresql", "sqlite"])
def programme_store(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str, Callable[[str], None]]:
    """(what the kit service writes with, what a coordinator reads with, how a session is given to the service)."""
    if request.param == "sqlite":
        return str(tmp_path / "programme.db"), str(tmp_path / "programme.db"), lambda session: None
    cluster = request.getfixturevalue("postgres_cluster")
    suffix = uuid.uuid4().hex[:8]
    database, service_role, coordinator = f"hub_{suffix}", f"hub_{suffix}", f"coordinator_{suffix}"
    owner = cluster.create_database(database)
    kit_store("migrate", "--db", owner)
    kit_store("roles", "setup", "--db", owner)
    # the service is the workshop's trainer: it adds and reads the answers of its session only
    kit_store("roles", "add", "trainer", service_role, "--db", owner)
    kit_store("roles", "add", "coordinator", coordinator, "--db", owner)
    # plain postgresql:// URLs, as the README has the IT person write them
    return (cluster.url(user=service_role, database=database, driver="postgresql"),
            cluster.url(user=coordinator, database=database, driver="postgresql"),
            lambda session: kit_store("roles", "assign", session, service_role, "--db", owner))


# -- the test ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_participants_of_a_hub_answer_through_the_kit_service(tmp_path: Path, hub_factory: Callable[[str], Hub],
                                                             programme_store: tuple[str, str, Callable[[str], None]]
                                                             ) -> None:
    store, reader, assign = programme_store
    own_work = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("anna's own notes")])
    (tmp_path / "home" / "anna").mkdir(parents=True)
    nbformat.write(own_work, tmp_path / "home" / "anna" / OWN_WORK)

    hub = hub_factory(store)
    assign(hub.session)
    browser, trainer = sign_up_and_log_in(hub, SIGNED_UP)
    for name in PARTICIPANTS:
        if name != SIGNED_UP:
            hub.api("POST", f"/hub/api/users/{name}", expect=(201,))
    for name in PARTICIPANTS:
        hub.start_server(name)
    for name in PARTICIPANTS:
        hub.wait_until(lambda name=name: hub.server_ready(name), f"the server of {name}")
    # the hub, its proxy, the service and three servers carry the marker by which the fixture cleans up
    assert len(marked_processes(hub.marker)) >= 6
    # the one who logged in with her password reaches her JupyterLab (the hub's OAuth hand-over)
    lab = browser.session.get(f"{hub.url}/user/{SIGNED_UP}/lab", timeout=60)
    assert lab.status_code == 200 and lab.url.endswith(f"/user/{SIGNED_UP}/lab"), (lab.status_code, lab.url)
    # the workshop's JupyterLab settings (deploy/jupyterhub/jupyter-config) reached her server
    page = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                lab.text, re.DOTALL).group(1))
    assert page["extensionManager"]["name"] == "read-only"
    assert "@jupyterlab/apputils-extension:announcements" in page["disabledExtensions"]
    expected = {(hub.session, SIGNED_UP, answers_in_the_player(browser, hub, SIGNED_UP, PARTICIPANTS[SIGNED_UP]))}
    # a participant is no trainer: the dashboard refuses her; the trainer (hub group kit-trainers) sees the room
    assert browser.session.get(f"{hub.url}{SERVICE}dashboard", timeout=60).status_code == 403
    room = trainer.session.get(f"{hub.url}{SERVICE}dashboard", timeout=60)
    assert room.status_code == 200 and room.url == f"{hub.url}{SERVICE}dashboard", (room.status_code, room.url)
    assert read_module(EXERCISES / PARTICIPANTS[SIGNED_UP]).title in room.text

    for name, notebook_name in PARTICIPANTS.items():
        expected |= {(hub.session, name, exercise_id) for exercise_id in work_through(hub, name, notebook_name)}

    # bad input: nothing stored, one sentence each; a wrong shape is an invalid attempt
    anna = hub.user_token("anna")
    exercise = read_module(EXERCISES / PARTICIPANTS["anna"]).valid_exercises[0]
    refused(hub, None, {"exercise": exercise.id, "answer": an_answer(exercise)}, 401)
    refused(hub, "not-a-token", {"exercise": exercise.id, "answer": an_answer(exercise)}, 401)
    refused(hub, hub.token, {"exercise": exercise.id, "answer": an_answer(exercise)}, 401)  # a service, no person
    refused(hub, anna, {"exercise": exercise.id, "answer": an_answer(exercise), "participant": "bela"}, 403)
    refused(hub, anna, {"exercise": "not-handed-out", "answer": "a"}, 404)
    import requests

    wrong = requests.post(f"{hub.url}{SERVICE}api/v1/answers", headers={"Authorization": f"token {anna}"},
                          json={"exercise": exercise.id, "answer": {"not": "this shape"}}, timeout=60)
    assert wrong.status_code == 200 and wrong.json()["status"] == "invalid", wrong.text
    # whom the service takes a token for (a widget asks when it is shown)
    me = requests.get(f"{hub.url}{SERVICE}api/v1/participant", headers={"Authorization": f"token {anna}"}, timeout=60)
    assert me.status_code == 200 and me.json() == {"participant": "anna", "session": hub.session}, me.text
    assert requests.get(f"{hub.url}{SERVICE}api/v1/participant", timeout=60).status_code == 401

    homes = {name: sorted(path.name for path in (tmp_path / "home" / name).glob("*.ipynb")) for name in PARTICIPANTS}
    every_module = sorted(path.name for path in EXERCISES.glob("*.ipynb"))
    assert homes == dict.fromkeys(PARTICIPANTS, every_module)
    assert nbformat.read(tmp_path / "home" / "anna" / OWN_WORK, as_version=4).cells[0].source == "anna's own notes"

    with open_store(reader, create=False) as opened:
        records = list(opened.read_all())
    assert all(isinstance(record, Response) for record in records), records
    assert {(r.session, r.participant, r.exercise) for r in records} == expected
    invalid = [r for r in records if r.answer == {"not": "this shape"}]
    assert [(r.participant, r.exercise) for r in invalid] == [("anna", exercise.id)]
    # every widget answer, the page's one (dora answered it in JupyterLab too) and the invalid attempt
    assert len(records) == len(expected) + 2 >= 3 * 3 + 2
