"""The participants' kernels: which Python runs them, and what they run besides the module."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

KERNEL_NAME = "kit-workshop"
KERNELSPEC = {"name": KERNEL_NAME, "display_name": "Python (kit workshop)", "language": "python"}
# the last cell of every participant copy (kit.workshop.modules)
WARM_UP_CELL = "%%capture\nfrom kit.workshop.kernel import warm_up\nwarm_up()"


def write_kernelspec(folder: Path) -> Path:
    """A kernel spec under ``folder``/kernels; returns ``folder``, for JUPYTER_PATH.

    The kernels run the Python that runs the server (where kit is installed, whatever a "python3"
    kernel of the trainer's account points to) and log errors only: otherwise every page opened
    adds a warning about unencrypted local connections to the trainer's terminal.
    """
    spec = folder / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}", "--IPKernelApp.log_level=ERROR"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": KERNELSPEC["display_name"],
                                                  "language": "python"}, indent=1), encoding="utf-8")
    return folder


def warm_up() -> None:
    """Open the store once while the page loads, so that the first Submit is as quick as the others.

    The first store opened in a process loads the database layer (about half a second). A store
    that cannot be opened is left for Submit to report, with what to do, and the answer kept.
    """
    with contextlib.suppress(Exception):
        from kit.store import open_store

        with open_store(None, create=True):
            pass
