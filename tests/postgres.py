"""A throw-away PostgreSQL cluster for tests: a real server on a free loopback port, removed afterwards.

    with throwaway_cluster() as cluster:
        url = cluster.url()                       # postgresql+psycopg://postgres@127.0.0.1:PORT/kit
        cluster.psql("CREATE ROLE anna LOGIN")    # as the superuser, in database kit
        cluster.url(user="anna", database="kit")

It uses the server binaries of Debian's ``postgresql`` package (``/usr/lib/postgresql/<N>/bin``, or
``KIT_PG_BIN``). ``initdb`` refuses to run as root, so when the tests run as root the cluster is
made and run as the ``postgres`` OS user, in a temporary folder that user owns; the unix socket
sits in that folder too, so nothing touches /var/run/postgresql or a system cluster.

Authentication is ``trust`` on loopback only: the role named in a URL is the role one gets, so
tests check what each role may do (its privileges and row-level security), not passwords. A
password in a URL is accepted and ignored. Durability is off (``fsync=off``): the data are thrown
away anyway, and it makes the tests and benchmarks fast.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "postgres"
DATABASE = "kit"
OS_USER = "postgres"  # who runs initdb and the server when the tests run as root
START_ATTEMPTS = 3  # a free port may be taken between finding it and the server binding it


class ClusterUnavailable(RuntimeError):
    """The server binaries are missing or the cluster cannot start; says how to fix it."""


class PsqlError(subprocess.CalledProcessError):
    """psql failed; the message is the server's (``.stderr``), so a failing test shows it."""

    def __str__(self) -> str:
        return f"psql failed ({self.returncode}): {(self.stderr or '').strip()}"


@dataclass
class Cluster:
    bindir: Path
    folder: Path  # the temporary folder: data/, the socket and the log
    port: int
    host: str = "127.0.0.1"
    run_as: str | None = None  # the OS user running the server (None: the current user)

    @property
    def datadir(self) -> Path:
        return self.folder / "data"

    @property
    def socket_dir(self) -> Path:
        return self.folder

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    def url(self, user: str = SUPERUSER, database: str = DATABASE, password: str | None = None,
            driver: str = "postgresql+psycopg") -> str:
        """A SQLAlchemy URL for ``user`` on ``database`` (``driver="postgresql"`` for a plain libpq URL)."""
        credentials = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
        return f"{driver}://{credentials}@{self.host}:{self.port}/{quote(database, safe='')}"

    def psql(self, sql: str, user: str = SUPERUSER, database: str = DATABASE, check: bool = True) -> str:
        """Run SQL with psql (tuples only, unaligned, stops at the first error); its standard output.

        With ``check`` (the default) an error raises PsqlError (a CalledProcessError) with psql's message.
        """
        command = [str(self.bindir / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                   "-h", self.host, "-p", str(self.port), "-U", user, "-d", database, "-c", sql]
        result = subprocess.run(command, capture_output=True, text=True, env=_client_env(), check=False)
        if check and result.returncode != 0:
            raise PsqlError(result.returncode, command, result.stdout, result.stderr)
        return result.stdout.strip()

    def create_database(self, name: str, owner: str = SUPERUSER) -> str:
        """A new empty database (for a test that wants its own); its URL as the superuser."""
        self.psql(f'CREATE DATABASE "{name}" OWNER "{owner}"', database="postgres")
        return self.url(database=name)

    def drop_database(self, name: str) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', database="postgres")


@contextmanager
def fresh_database(cluster: Cluster, prefix: str = "t") -> Iterator[str]:
    """A new empty database on ``cluster`` for one test; its name (dropped afterwards)."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    cluster.create_database(name)
    try:
        yield name
    finally:
        cluster.drop_database(name)


def find_bindir() -> Path:
    """The folder of initdb and pg_ctl: KIT_PG_BIN, else the newest /usr/lib/postgresql/*/bin, else PATH."""
    configured = os.environ.get("KIT_PG_BIN", "").strip()
    candidates = [Path(configured)] if configured else []
    candidates += sorted((Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")),
                         key=lambda p: _version(p.parent.name), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise ClusterUnavailable("no PostgreSQL server binaries (initdb, pg_ctl) found: install Debian's "
                             "'postgresql' package (make system-deps) or set KIT_PG_BIN to their folder")


@contextmanager
def throwaway_cluster(settings: dict[str, str] | None = None) -> Iterator[Cluster]:
    """A fresh cluster with a database ``kit``, stopped and deleted on exit.

    ``settings`` are extra server settings (``{"max_connections": "500"}``).
    """
    bindir = find_bindir()
    run_as = OS_USER if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="kit-pg-"))
    try:
        if run_as:
            account = pwd.getpwnam(run_as)
            os.chown(folder, account.pw_uid, account.pw_gid)
        _run([str(bindir / "initdb"), "-D", str(folder / "data"), "-U", SUPERUSER, "--auth=trust",
              "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions", "--no-sync"], run_as, folder)
        cluster = _start(bindir, folder, run_as, settings or {})
        try:
            cluster.psql(f'CREATE DATABASE "{DATABASE}"', database="postgres")
            yield cluster
        finally:
            _run([str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "-w", "stop"],
                 run_as, folder, check=False)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _start(bindir: Path, folder: Path, run_as: str | None, settings: dict[str, str]) -> Cluster:
    base = {"listen_addresses": "127.0.0.1", "unix_socket_directories": str(folder), "fsync": "off",
            "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "300",
            "shared_buffers": "128MB", "log_min_messages": "warning"}
    error = ""
    for _ in range(START_ATTEMPTS):
        port = _free_port()
        options = " ".join(f"-c {key}={value}" for key, value in {**base, **settings, "port": str(port)}.items())
        result = _run([str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "server.log"),
                       "-o", options, "-w", "-t", "60", "start"], run_as, folder, check=False)
        if result.returncode == 0:
            cluster = Cluster(bindir, folder, port, run_as=run_as)
            _wait_ready(cluster)
            return cluster
        error = result.stderr.strip() or result.stdout.strip()
        with suppress(OSError):
            error += "\n" + (folder / "server.log").read_text(encoding="utf-8", errors="replace")[-2000:]
    raise ClusterUnavailable(f"the throw-away PostgreSQL server did not start: {error}")


def _wait_ready(cluster: Cluster, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        result = subprocess.run([str(cluster.bindir / "pg_isready"), "-h", cluster.host, "-p", str(cluster.port)],
                                capture_output=True, text=True, env=_client_env(), check=False)
        if result.returncode == 0:
            return
        if time.monotonic() > deadline:
            raise ClusterUnavailable(f"the throw-away PostgreSQL server is not ready: {result.stdout.strip()}")
        time.sleep(0.1)


def _run(command: Sequence[str], run_as: str | None, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    account = pwd.getpwnam(run_as) if run_as else None
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    if account:
        env["HOME"] = account.pw_dir
    result = subprocess.run(
        list(command), capture_output=True, text=True, cwd=cwd, env=env, check=False,
        user=account.pw_uid if account else None, group=account.pw_gid if account else None,
        extra_groups=[] if account else None,
    )
    if check and result.returncode != 0:
        raise ClusterUnavailable(f"{Path(command[0]).name} failed ({result.returncode}): "
                                 f"{result.stderr.strip() or result.stdout.strip()}")
    return result


def _client_env() -> dict[str, str]:
    """psql without the caller's PG* settings (PGPASSWORD, PGSERVICE…) leaking in."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.setdefault("LANG", "C.UTF-8")
    return env


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _version(name: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in name.split("."))
    except ValueError:
        return (0,)
