"""Execute staged notebooks in a real kernel, with the edition and the module's language set.

A notebook whose source, edition and kernel environment were executed before comes from the
build cache (kit/build/cache.py) instead: a rebuild runs only the notebooks that changed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kit.build.cache import BuildCache, referenced_files
from kit.build.stage import ATTACHMENTS
from kit.build.sync import write_if_changed
from kit.errors import KitError

# jsonschema checks the "iri" format with rfc3987_syntax, which builds an Earley grammar when it is
# imported (about a second of CPU in every process that imports nbformat). The notebook schemas use
# no such format, so kit's build processes go without it: a None entry makes its import fail quietly.
WITHOUT_IRI_CHECKER = "import sys; sys.modules.setdefault('rfc3987_syntax', None)"


class ExecutionFailed(KitError):
    pass


def without_iri_checker() -> None:
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]


def run_notebook(sources: Path, staged: Path, edition: str, shown: str, cache: BuildCache,
                 say: Callable[[str], None]) -> bool:
    """Write the executed notebook ``shown`` of the verbatim copy ``sources`` (kit.build.stage) to
    ``staged``; True when it had to run (not in the cache). Its kernel runs beside the source."""
    source = sources / shown
    content = source.read_bytes()
    key = cache.key(content, referenced_files(content, source.parent, sources))
    cached = cache.get(key)
    ran = cached is None
    if cached is None:
        say(f"kit build: {edition}: running {shown}")
        cached = _executed(content, source.parent, staged.name, edition, shown)
        cache.put(key, *cached)
    executed, made = cached
    write_if_changed(staged, executed)
    for name, data in made.items():
        write_if_changed(staged.parent / ATTACHMENTS / name, data)
    return ran


def _executed(content: bytes, folder: Path, name: str, edition: str, shown: str) -> tuple[bytes, dict[str, bytes]]:
    """The executed notebook, and the files its preparation wrote beside it (kit.build.stage)."""
    without_iri_checker()
    import nbformat

    from kit.build.stage import prepare_notebook, seal_notebook

    notebook = nbformat.reads(content.decode("utf-8"), as_version=4)
    with tempfile.TemporaryDirectory(prefix="kit-prepare-") as scratch:
        prepare_notebook(notebook, edition, Path(scratch) / name)
        beside = Path(scratch) / ATTACHMENTS
        made = {path.name: path.read_bytes() for path in sorted(beside.iterdir())} if beside.is_dir() else {}
    execute_notebook(notebook, folder, edition, shown)
    seal_notebook(notebook, edition)
    text = nbformat.writes(notebook)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8"), made


def execute_notebook(notebook: Any, folder: Path, edition: str, shown: str, timeout: int = 600) -> None:
    """Run every cell of ``notebook`` in a new kernel working in ``folder``."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from traitlets.config import Config

    language = notebook.metadata.get("kit", {}).get("language", "en")
    env = {**os.environ, "KIT_EDITION": edition, "KIT_LANGUAGE": language}
    with tempfile.TemporaryDirectory(prefix="kit-kernel-") as sockets:
        # Unix sockets instead of TCP: nothing listens on the network, and ipykernel has no reason
        # to warn "Kernel is running over TCP without encryption" once per notebook
        config = Config({"KernelManager": {"transport": "ipc", "ip": str(Path(sockets) / "kernel")}})
        client = NotebookClient(
            notebook,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(folder)}},
            allow_errors=False,
            config=config,
        )
        try:
            client.execute(env=env)
        except CellExecutionError as error:
            raise ExecutionFailed(
                f"{shown}: a cell failed while building the {edition} edition:\n{error}") from None
