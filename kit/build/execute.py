"""Execute staged notebooks in a real kernel, with the edition and the module's language set."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kit.errors import KitError


class ExecutionFailed(KitError):
    pass


def execute_notebook(notebook: Any, path: Path, edition: str, shown: str, timeout: int = 600) -> None:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    language = notebook.metadata.get("kit", {}).get("language", "en")
    env = {**os.environ, "KIT_EDITION": edition, "KIT_LANGUAGE": language}
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        allow_errors=False,
    )
    try:
        client.execute(env=env)
    except CellExecutionError as error:
        raise ExecutionFailed(f"{shown}: a cell failed while building the {edition} edition:\n{error}") from None
