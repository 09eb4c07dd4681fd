"""deploy/jupyterhub/jupyterhub_config.py: a server the hub stops takes its kernels with it.

A kernel runs in a session of its own, so a server that is killed because it was slow to shut its
kernels down (a busy machine) leaves them running. The spawner of the configuration notes the
server's descendants before the stop and ends those still alive after it. Here a stand-in server
ignores SIGINT (as if it were too slow) and has a stand-in kernel in a new session: both must be
gone when ``stop()`` returns. The end-to-end hub test (tests/test_jupyterhub.py) checks the same
for real servers and kernels.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest
from traitlets.config import Config

pytest.importorskip("jupyterhub", reason="the hub extra: pip install -e '.[hub]' (make test installs it)")

CONFIG = Path(__file__).resolve().parent.parent / "deploy" / "jupyterhub" / "jupyterhub_config.py"

SERVER = r"""
import signal, subprocess, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)  # too busy to shut down when asked
kernel = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True)
print(kernel.pid, flush=True)
time.sleep(600)
"""


def hub_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    """The configuration as the hub loads it (``get_config`` given by the loader)."""
    for name in list(os.environ):
        if name.startswith("KIT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("KIT_HUB_DATA", str(tmp_path / "hub"))
    config = Config()
    code = compile(CONFIG.read_text(encoding="utf-8"), str(CONFIG), "exec")
    exec(code, {"get_config": lambda: config, "__file__": str(CONFIG), "__name__": "jupyterhub_config"})
    return config


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"  # a zombie has ended


def test_a_stopped_server_takes_its_kernel_with_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = hub_config(tmp_path, monkeypatch)
    spawner_class: Any = config.JupyterHub.spawner_class
    spawner = spawner_class(interrupt_timeout=1, term_timeout=2, kill_timeout=2)
    server = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    kernel = int(server.stdout.readline())  # type: ignore[union-attr]
    spawner.proc, spawner.pid = server, server.pid
    try:
        assert alive(kernel)
        asyncio.run(spawner.stop())
        assert server.poll() is not None
        deadline = time.monotonic() + 5  # the kernel was killed: only the kernel table may lag
        while alive(kernel) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(kernel), "the kernel outlived its server"
    finally:
        for pid in (server.pid, kernel):
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        server.wait(timeout=10)
        if server.stdout:
            server.stdout.close()


def test_the_hub_waits_for_its_proxy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = hub_config(tmp_path, monkeypatch)
    proxy_class: Any = config.JupyterHub.proxy_class
    # a stand-in proxy that takes a moment to end after SIGTERM
    slow = subprocess.Popen([sys.executable, "-c",
                             "import signal, time\n"
                             "signal.signal(signal.SIGTERM, lambda *_: (time.sleep(0.5), exit(0)))\n"
                             "print('up', flush=True)\ntime.sleep(600)"], stdout=subprocess.PIPE, text=True)
    assert slow.stdout is not None and slow.stdout.readline() == "up\n"
    proxy = proxy_class(pid_file="")  # only stop() is exercised: no hub behind it
    proxy.proxy_process = slow
    try:
        proxy.stop()
        assert slow.poll() is not None, "stop() returned while the proxy was still running"
    finally:
        if slow.poll() is None:
            slow.kill()
            slow.wait()
        slow.stdout.close()
