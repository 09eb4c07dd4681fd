"""JupyterHub for a training programme: every participant's notebook server, kit as the hub's service.

Start it from the kit's virtual environment (the participants' servers and kernels run there too):

    .venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

The answers go through the hub's service "kit" (`kit workshop serve --hub`, started and stopped by
the hub at /services/kit/): it knows each participant by their hub account, stores the answer
through its one connection pool, scores it with the full exercise and answers with the score and
feedback. The participants' notebooks carry the participant view of each exercise only (no key, no
feedback, no rubric, no trainers' notes) and their kernels no database credentials.

Everything is set by environment variables (defaults in brackets):

  KIT_DB                  the response store the kit service writes to: a file path (SQLite) or a
                          postgresql:// URL with the insert-only participant role [$KIT_HUB_DATA/responses.db]
  KIT_SESSION             the session name answers are filed under, e.g. bekes-2026-11-24 [workshop-<today>]
  KIT_HUB_DATA            the hub's own files: its user database, cookie secret, pid files [working directory]
  KIT_HUB_HOME            the folder holding one home folder per participant [$KIT_HUB_DATA/home]
  KIT_HUB_EXERCISES       the exercise notebooks copied into every new home and served by the kit service
                          [exercises/ of this repository]
  KIT_HUB_START           what a participant sees after logging in: "player" (the kit service's pages of the
                          modules, no code) or "lab" (JupyterLab) [player; JupyterLab stays at /user/NAME/lab]
  KIT_HUB_IP              the address participants connect to [127.0.0.1: put a TLS proxy in front]
  KIT_HUB_PORT            the port participants connect to [8000]
  KIT_HUB_INTERNAL_PORT   the hub's own port, on 127.0.0.1 [8081]
  KIT_HUB_PROXY_API_PORT  the proxy's control port, on 127.0.0.1 [8001]
  KIT_HUB_SERVICE_PORT    the kit service's port, on 127.0.0.1 [10101]
  KIT_HUB_PROXY           the configurable-http-proxy program [deploy/jupyterhub/node/node_modules/.bin/...]
  KIT_HUB_DB_URL          the hub's user database [sqlite:///$KIT_HUB_DATA/jupyterhub.sqlite]
  KIT_HUB_ADMINS          user names (comma-separated) that are hub administrators [none]
  KIT_HUB_TRAINERS        user names (comma-separated) put in the hub group kit-trainers: they see the kit
                          service's dashboard at /services/kit/dashboard [none; administrators see it too]
  KIT_HUB_API_TOKEN       a secret for scripts: with it the service "kit-admin" may add users, start and stop
                          their servers and make tokens through the REST API [unset: no such service]
  KIT_HUB_OPEN_SIGNUP     "1": anyone who signs up may log in at once [0: an administrator approves each one]
  KIT_HUB_AUTH            "native" (user name and password, approved by an administrator), "lti" (login from
                          Moodle with LTI 1.3, see KIT_LTI_* in deploy/jupyterhub/README.md) or "dummy"
                          (ANY password works: tests and rehearsals on 127.0.0.1 only) [native]

Each participant's hub user name is their pseudonym in the store. Their server (JupyterLab) runs as
the account that runs the hub (JupyterHub's SimpleLocalProcessSpawner): participants are not isolated
from each other's files. deploy/jupyterhub/README.md says what that means.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import subprocess
import sys
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any

log = logging.getLogger("JupyterHub")  # the hub's own log

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent.parent
VENV_BIN = Path(sys.executable).parent  # the kit's venv: the hub, the servers and the kernels share it
BUNDLED_PROXY = HERE / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
JUPYTER_CONFIG = HERE / "jupyter-config"  # the participants' JupyterLab settings
SERVICE = "kit"  # the hub's service that takes the answers (kit workshop serve --hub)
TRAINERS_GROUP = "kit-trainers"


def setting(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def port(name: str, default: int) -> int:
    text = setting(name, str(default))
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise SystemExit(f"jupyterhub_config.py: {name}={text!r} is not a port number; give a number 1-65535")
    return int(text)


def is_loopback(address: str) -> bool:
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


# -- participants' notebooks ---------------------------------------------------------------------


def participant_copy(source: Path, target: Path) -> None:
    """Write an exercise notebook for a participant: the participant view only (DESIGN §8).

    Cells tagged for trainers and raw cells are left out, and so are the ``{facilitator}`` blocks of
    Markdown cells; each ``%%exercise`` cell keeps the YAML of the exercise's participant view (no
    key, feedback, scores, rubric or trainers' notes), from which the widget draws its controls.
    A cell whose exercise is not valid keeps only its magic line and id: nothing of it leaks.
    """
    import nbformat

    from kit.player.page import participant_markdown

    notebook = nbformat.read(source, as_version=4)
    cells = []
    for cell in notebook.cells:
        if "facilitator" in cell.get("metadata", {}).get("tags", []) or cell.cell_type == "raw":
            continue
        if cell.cell_type == "markdown":
            cell.source = participant_markdown(cell.source)
        elif cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None  # outputs may show what the kernel knew
            cell.source = participant_cell(cell.source)
            if cell.source.startswith("%%exercise"):  # folded: the widget below it is what one works with
                cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        cells.append(cell)
    notebook.cells = cells
    partial = target.with_name(f".{target.name}.partial")
    try:
        nbformat.write(notebook, partial)
        os.replace(partial, target)  # a half-written notebook never takes the name
    finally:
        partial.unlink(missing_ok=True)


def participant_cell(source: str) -> str:
    """A code cell as a participant gets it: an exercise cell as its participant view, others unchanged."""
    import yaml

    from kit.errors import ExerciseInvalid
    from kit.models import parse_exercise
    from kit.participant_view import participant_view
    from kit.yamlcell import MAGIC, CellYAMLError, is_exercise_cell, load_cell

    if not is_exercise_cell(source):
        return source
    try:
        data = load_cell(source)
        view = participant_view(data, parse_exercise(data))
    except (CellYAMLError, ExerciseInvalid):
        found = next((line.split(":", 1)[1].strip() for line in source.splitlines() if line.startswith("id:")), "")
        return f"{MAGIC}\nid: {found}\n" if found else f"{MAGIC}\n"
    return f"{MAGIC}\n" + yaml.safe_dump(view, allow_unicode=True, sort_keys=False, width=100)


def give_exercises(home: Path, exercises: Path) -> list[Path]:
    """Copy every exercise notebook that the home does not have yet; never touch one that is there."""
    home.mkdir(parents=True, exist_ok=True)
    given = []
    for source in sorted(exercises.glob("*.ipynb")):
        target = home / source.name
        if target.exists():
            continue  # the participant's own work, or a notebook they renamed back
        try:
            participant_copy(source, target)
        except Exception:  # one unreadable notebook must not keep a participant out, nor leak its key
            log.exception("could not give %s to %s; left out", source, home)
            continue
        given.append(target)
    return given


def pre_spawn_hook(spawner: Any) -> None:
    exercises = exercises_folder()
    if not exercises.is_dir():
        spawner.log.warning("KIT_HUB_EXERCISES=%s is not a folder: %s gets no exercise notebooks",
                            exercises, spawner.user.name)
        return
    given = give_exercises(Path(spawner.home_dir), exercises)
    spawner.log.info("gave %s %d exercise notebook(s) from %s", spawner.user.name, len(given), exercises)


def exercises_folder() -> Path:
    return Path(setting("KIT_HUB_EXERCISES", str(REPOSITORY / "exercises"))).resolve()


def session_name() -> str:
    return setting("KIT_SESSION", f"workshop-{date.today().isoformat()}")


def start_kind() -> str:
    """"player": the kit service's pages of the modules; "lab": JupyterLab."""
    kind = setting("KIT_HUB_START", "player")
    if kind not in ("player", "lab"):
        raise SystemExit(f"jupyterhub_config.py: KIT_HUB_START={kind!r} is not known; use player or lab")
    return kind


def service_url() -> str:
    return f"http://127.0.0.1:{port('KIT_HUB_SERVICE_PORT', 10101)}"


def participant_environment() -> dict[str, Any]:
    """What every participant's server (and so every kernel) gets: where to send answers, no credentials."""
    return {
        # the kit service's answer API, reached directly on the loopback; the participant's own
        # JUPYTERHUB_API_TOKEN says who sends the answer
        "KIT_SERVICE_URL": f"{service_url()}/services/{SERVICE}/",
        "KIT_SESSION": session_name(),
        # shown above the exercises; the service files answers under the hub name whatever this says
        "KIT_PARTICIPANT": lambda spawner: spawner.user.name,
        # the kit's venv first, so that a terminal finds `kit` and `python` with the kit installed
        "PATH": os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", os.defpath)]),
        # JupyterLab for a workshop: no news or update pop-ups, no installing extensions into the shared venv
        "JUPYTER_CONFIG_PATH": str(JUPYTER_CONFIG),
    }


def kit_service(data: Path) -> dict[str, Any]:
    """The hub's service that takes the answers: started and stopped with the hub, its OAuth without a
    confirmation page (it is part of the workshop, not a third party)."""
    return {
        "name": SERVICE,
        "url": service_url(),
        "command": [str(VENV_BIN / "kit"), "workshop", "serve", "--hub", str(exercises_folder())],
        "oauth_no_confirm": True,
        "environment": {
            "KIT_DB": setting("KIT_DB", str(data / "responses.db")),
            "KIT_SESSION": session_name(),
            "KIT_TRAINER_GROUPS": TRAINERS_GROUP,
            "PATH": os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", os.defpath)]),
        },
    }


# -- stopping: nothing left behind ---------------------------------------------------------------


def end_processes(processes: list[Any], grace: float) -> None:
    """Ask the processes to end (SIGTERM), wait up to ``grace`` seconds, then kill what is left."""
    import psutil

    for process in processes:
        with suppress(psutil.NoSuchProcess):
            process.terminate()
    _, alive = psutil.wait_procs(processes, timeout=grace)
    for process in alive:
        with suppress(psutil.NoSuchProcess):
            process.kill()
    psutil.wait_procs(alive, timeout=grace)


def spawner_class() -> type:
    """The simple spawner, but a server it stops takes its kernels with it.

    A server given SIGINT shuts its kernels down itself; on a busy machine that can take longer
    than the spawner waits, and a server killed then leaves its kernels (which run in sessions of
    their own) behind. So the kernels are noted before the stop and ended after it.
    """
    import psutil
    from jupyterhub.spawner import SimpleLocalProcessSpawner

    class KitSpawner(SimpleLocalProcessSpawner):
        async def stop(self, now: bool = False) -> None:
            try:
                descendants = psutil.Process(self.pid).children(recursive=True) if self.pid else []
            except psutil.NoSuchProcess:
                descendants = []
            await super().stop(now=now)
            if descendants:
                await asyncio.to_thread(end_processes, descendants, self.term_timeout)

    return KitSpawner


def proxy_class() -> type:
    """configurable-http-proxy, but the hub waits for it to end when it stops (it only signals it)."""
    from jupyterhub.proxy import ConfigurableHTTPProxy

    class KitProxy(ConfigurableHTTPProxy):
        def stop(self) -> None:
            super().stop()
            with suppress(subprocess.TimeoutExpired):
                self.proxy_process.wait(timeout=10)
                return
            self.proxy_process.kill()
            self.proxy_process.wait(timeout=10)

    return KitProxy


# -- the configuration ---------------------------------------------------------------------------


def configure(c: Any) -> None:
    data = Path(setting("KIT_HUB_DATA", os.getcwd())).resolve()
    home = Path(setting("KIT_HUB_HOME", str(data / "home"))).resolve()
    data.mkdir(parents=True, exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)
    ip = setting("KIT_HUB_IP", "127.0.0.1")

    # where participants connect, and the two internal ports (loopback only)
    c.JupyterHub.ip = ip
    c.JupyterHub.port = port("KIT_HUB_PORT", 8000)
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = port("KIT_HUB_INTERNAL_PORT", 8081)
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port('KIT_HUB_PROXY_API_PORT', 8001)}"
    proxy = setting("KIT_HUB_PROXY", str(BUNDLED_PROXY) if BUNDLED_PROXY.exists() else "configurable-http-proxy")
    c.JupyterHub.proxy_class = proxy_class()
    c.ConfigurableHTTPProxy.command = [proxy]

    # the hub's own state, in one folder
    c.JupyterHub.db_url = setting("KIT_HUB_DB_URL", f"sqlite:///{data / 'jupyterhub.sqlite'}")
    c.JupyterHub.cookie_secret_file = str(data / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(data / "jupyterhub.pid")
    c.ConfigurableHTTPProxy.pid_file = str(data / "jupyterhub-proxy.pid")

    configure_authentication(c, ip)
    configure_spawner(c, home)
    configure_services(c, data)


def configure_services(c: Any, data: Path) -> None:
    services = [kit_service(data)]
    roles: list[dict[str, Any]] = [
        # every participant may reach the kit service, in the browser (OAuth) and from their kernel
        {"name": "user", "scopes": ["self", f"access:services!service={SERVICE}"]},
        # the service asks the hub who is in the trainers' group
        {"name": "kit-service", "description": "Who is a trainer", "scopes": ["read:users:groups", "read:groups"],
         "services": [SERVICE]},
    ]
    token = setting("KIT_HUB_API_TOKEN")
    if token:
        # a service for the IT person's scripts and the tests: users, servers, tokens
        services.append({"name": "kit-admin", "api_token": token})
        roles.append({
            "name": "kit-admin",
            "description": "Add participants, start and stop their servers, make tokens",
            "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "read:hub", "admin:groups"],
            "services": ["kit-admin"],
        })
    c.JupyterHub.services = services
    c.JupyterHub.load_roles = roles
    trainers = [name.strip() for name in setting("KIT_HUB_TRAINERS").split(",") if name.strip()]
    c.JupyterHub.load_groups = {TRAINERS_GROUP: {"users": trainers}}
    if start_kind() == "player":
        c.JupyterHub.default_url = f"/services/{SERVICE}/"


def configure_authentication(c: Any, ip: str) -> None:
    c.Authenticator.admin_users = {name.strip() for name in setting("KIT_HUB_ADMINS").split(",") if name.strip()}
    kind = setting("KIT_HUB_AUTH", "native")
    if kind == "native":
        c.JupyterHub.authenticator_class = native_authenticator_class()
        # NativeAuthenticator lets only approved accounts log in: nobody else needs allowing
        c.Authenticator.allow_all = True
        c.NativeAuthenticator.open_signup = setting("KIT_HUB_OPEN_SIGNUP", "0") == "1"
        c.NativeAuthenticator.minimum_password_length = 10
        c.NativeAuthenticator.check_common_password = True
        c.NativeAuthenticator.allowed_failed_logins = 5
        c.NativeAuthenticator.seconds_before_next_try = 300
        return
    if kind == "dummy":
        if not is_loopback(ip):
            raise SystemExit("jupyterhub_config.py: KIT_HUB_AUTH=dummy lets anyone in with any password; it runs "
                             f"only on 127.0.0.1, not on KIT_HUB_IP={ip}. Use KIT_HUB_AUTH=native.")
        log.warning("KIT_HUB_AUTH=dummy: ANY user name and password log in. For tests and rehearsals only.")
        c.JupyterHub.authenticator_class = "dummy"
        c.Authenticator.allow_all = True
        return
    if kind == "lti":
        configure_lti(c)
        return
    raise SystemExit(f"jupyterhub_config.py: KIT_HUB_AUTH={kind!r} is not known; use native or lti "
                     "(or dummy for tests)")


LTI_SETTINGS = {  # environment variable → (LTI13Authenticator setting, what it is)
    "KIT_LTI_ISSUER": ("issuer", "the Moodle site's address, e.g. https://moodle.example.org"),
    "KIT_LTI_CLIENT_ID": ("client_id", "the Client ID Moodle showed when the tool was registered"),
    "KIT_LTI_AUTHORIZE_URL": ("authorize_url", "Moodle's authentication request URL, "
                                               "e.g. https://moodle.example.org/mod/lti/auth.php"),
    "KIT_LTI_JWKS_URL": ("jwks_endpoint", "Moodle's public keyset URL, e.g. "
                                          "https://moodle.example.org/mod/lti/certs.php"),
}


def configure_lti(c: Any) -> None:
    """Login from a Moodle course (LTI 1.3): Moodle names the person, the hub trusts Moodle's signature."""
    missing = [name for name in LTI_SETTINGS if not setting(name)]
    if missing:
        raise SystemExit("jupyterhub_config.py: KIT_HUB_AUTH=lti needs " + ", ".join(
            f"{name} ({LTI_SETTINGS[name][1]})" for name in missing))
    c.JupyterHub.authenticator_class = "ltiauthenticator.lti13.auth.LTI13Authenticator"
    for name, (option, _) in LTI_SETTINGS.items():
        value = setting(name)
        setattr(c.LTI13Authenticator, option, [value] if option == "client_id" else value)
    # the hub name (and so the pseudonym): Moodle's opaque user id unless another claim is named
    c.LTI13Authenticator.username_key = setting("KIT_LTI_USERNAME_KEY", "sub")
    c.Authenticator.allow_all = True  # whoever Moodle sends from the course may come in


def native_authenticator_class() -> type:
    """NativeAuthenticator; its login page times the login with the statsd client JupyterHub 6 dropped,
    so that one call gets a timer that does nothing."""
    from nativeauthenticator import NativeAuthenticator
    from nativeauthenticator.handlers import LoginHandler

    class NoTimer:
        def start(self) -> NoTimer:
            return self

        def stop(self, send: bool = True) -> None:
            pass

    class NoStatsd:
        def timer(self, name: str) -> NoTimer:
            return NoTimer()

    if not hasattr(LoginHandler, "statsd"):
        LoginHandler.statsd = NoStatsd()
    return NativeAuthenticator


def configure_spawner(c: Any, home: Path) -> None:
    # every participant's server is a process of the hub's account, with a home of its own
    c.JupyterHub.spawner_class = spawner_class()
    c.SimpleLocalProcessSpawner.home_dir_template = str(home / "{username}")
    c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
    if start_kind() == "lab":
        c.Spawner.default_url = "/lab"
    c.Spawner.environment = participant_environment()
    # the participant's token in the kernel reaches their server and the kit service, nothing else
    c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server",
                                     f"access:services!service={SERVICE}"]
    c.Spawner.pre_spawn_hook = pre_spawn_hook
    # the first start of JupyterLab on a slow machine takes a while
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 120
    # a server shutting down its kernels on a busy machine gets time before SIGTERM and SIGKILL
    c.LocalProcessSpawner.interrupt_timeout = 30
    c.LocalProcessSpawner.term_timeout = 10
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # as in CI containers; a real service runs the hub as an account of its own (README)
        log.warning("the hub runs as root: so do the participants' servers. Run it as an ordinary account.")
        c.Spawner.args = ["--ServerApp.allow_root=True"]


configure(get_config())  # type: ignore[name-defined] # noqa: F821 - given by JupyterHub's config loader
