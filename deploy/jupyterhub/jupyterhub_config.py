"""JupyterHub for a training programme: every participant's notebook server, one shared response store.

Start it from the kit's virtual environment (the participants' servers and kernels run there too):

    .venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Everything is set by environment variables (defaults in brackets):

  KIT_DB                  the response store every participant's kernel writes to: a file path (SQLite)
                          or a postgresql:// URL with the insert-only participant role [$KIT_HUB_DATA/responses.db]
  KIT_SESSION             the session name answers are filed under, e.g. bekes-2026-11-24
                          [unset: each participant types it above the first exercise]
  KIT_HUB_DATA            the hub's own files: its user database, cookie secret, pid files [working directory]
  KIT_HUB_HOME            the folder holding one home folder per participant [$KIT_HUB_DATA/home]
  KIT_HUB_EXERCISES       the exercise notebooks copied into every new home [exercises/ of this repository]
  KIT_HUB_START           what a participant sees after logging in: "voila" (the notebooks as pages of forms,
                          no code) or "lab" (JupyterLab) [voila; JupyterLab stays at /user/NAME/lab]
  KIT_HUB_IP              the address participants connect to [127.0.0.1: put a TLS proxy in front]
  KIT_HUB_PORT            the port participants connect to [8000]
  KIT_HUB_INTERNAL_PORT   the hub's own port, on 127.0.0.1 [8081]
  KIT_HUB_PROXY_API_PORT  the proxy's control port, on 127.0.0.1 [8001]
  KIT_HUB_PROXY           the configurable-http-proxy program [deploy/jupyterhub/node/node_modules/.bin/...]
  KIT_HUB_DB_URL          the hub's user database [sqlite:///$KIT_HUB_DATA/jupyterhub.sqlite]
  KIT_HUB_ADMINS          user names (comma-separated) that are hub administrators, e.g. the trainers [none]
  KIT_HUB_API_TOKEN       a secret for scripts: with it the service "kit-admin" may add users, start and stop
                          their servers and make tokens through the REST API [unset: no such service]
  KIT_HUB_OPEN_SIGNUP     "1": anyone who signs up may log in at once [0: an administrator approves each one]
  KIT_HUB_AUTH            "native" (user name and password, approved by an administrator) or "dummy"
                          (ANY password works: tests and rehearsals on 127.0.0.1 only) [native]

Each participant logs in with a user name that is also their pseudonym in the store (KIT_PARTICIPANT).
Their server (JupyterLab and Voilà) runs as the account that runs the hub (JupyterHub's
SimpleLocalProcessSpawner): participants are not isolated from each other. deploy/jupyterhub/README.md
says what that means.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import shutil
import subprocess
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

log = logging.getLogger("JupyterHub")  # the hub's own log

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent.parent
VENV_BIN = Path(sys.executable).parent  # the kit's venv: the hub, the servers and the kernels share it
BUNDLED_PROXY = HERE / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
JUPYTER_CONFIG = HERE / "jupyter-config"  # the participants' JupyterLab settings


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
    """Write an exercise notebook for a participant: trainer-only cells left out, the YAML of each
    exercise folded away (the widget below it is what a participant works with)."""
    import nbformat

    from kit.yamlcell import is_exercise_cell

    notebook = nbformat.read(source, as_version=4)
    cells = []
    for cell in notebook.cells:
        if "facilitator" in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "code" and is_exercise_cell(cell.source):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        cells.append(cell)
    notebook.cells = cells
    partial = target.with_name(f".{target.name}.partial")
    try:
        nbformat.write(notebook, partial)
        os.replace(partial, target)  # a half-written notebook never takes the name
    finally:
        partial.unlink(missing_ok=True)


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
        except Exception:  # one unreadable notebook must not keep a participant out of the workshop
            log.exception("could not give %s to %s; copying it unchanged", source, home)
            shutil.copyfile(source, target)
        given.append(target)
    return given


def pre_spawn_hook(spawner: Any) -> None:
    exercises = Path(setting("KIT_HUB_EXERCISES", str(REPOSITORY / "exercises")))
    if not exercises.is_dir():
        spawner.log.warning("KIT_HUB_EXERCISES=%s is not a folder: %s gets no exercise notebooks",
                            exercises, spawner.user.name)
        return
    given = give_exercises(Path(spawner.home_dir), exercises)
    spawner.log.info("gave %s %d exercise notebook(s) from %s", spawner.user.name, len(given), exercises)


def start_page() -> str:
    """Voilà shows each module as a page of forms without code (and without the exercises' YAML)."""
    kind = setting("KIT_HUB_START", "voila")
    pages = {"voila": "/voila/tree", "lab": "/lab"}
    if kind not in pages:
        raise SystemExit(f"jupyterhub_config.py: KIT_HUB_START={kind!r} is not known; use voila or lab")
    return pages[kind]


def participant_environment(data: Path) -> dict[str, Any]:
    """What every participant's server (and so every kernel) gets: the store, the session, the pseudonym."""
    environment: dict[str, Any] = {
        "KIT_DB": setting("KIT_DB", str(data / "responses.db")),
        # the pseudonym is the hub user name (a callable is called with the spawner)
        "KIT_PARTICIPANT": lambda spawner: spawner.user.name,
        # the kit's venv first, so that a terminal finds `kit` and `python` with the kit installed
        "PATH": os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", os.defpath)]),
        # JupyterLab for a workshop: no news or update pop-ups, no installing extensions into the shared venv
        "JUPYTER_CONFIG_PATH": str(JUPYTER_CONFIG),
    }
    if setting("KIT_SESSION"):
        environment["KIT_SESSION"] = setting("KIT_SESSION")
    return environment


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
    configure_spawner(c, data, home)

    token = setting("KIT_HUB_API_TOKEN")
    if token:
        # a service for the IT person's scripts and the tests: users, servers, tokens
        c.JupyterHub.services = [{"name": "kit-admin", "api_token": token}]
        c.JupyterHub.load_roles = [{
            "name": "kit-admin",
            "description": "Add participants, start and stop their servers, make tokens",
            "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "read:hub"],
            "services": ["kit-admin"],
        }]


def configure_authentication(c: Any, ip: str) -> None:
    c.Authenticator.admin_users = {name.strip() for name in setting("KIT_HUB_ADMINS").split(",") if name.strip()}
    kind = setting("KIT_HUB_AUTH", "native")
    if kind == "native":
        c.JupyterHub.authenticator_class = "native"
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
    raise SystemExit(f"jupyterhub_config.py: KIT_HUB_AUTH={kind!r} is not known; use native (or dummy for tests)")


def configure_spawner(c: Any, data: Path, home: Path) -> None:
    # every participant's server is a process of the hub's account, with a home of its own
    c.JupyterHub.spawner_class = spawner_class()
    c.SimpleLocalProcessSpawner.home_dir_template = str(home / "{username}")
    c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
    c.Spawner.default_url = start_page()
    c.Spawner.environment = participant_environment(data)
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
