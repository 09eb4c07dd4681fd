"""``import kit`` stays light: no widgets, pandas, jinja2 or Babel until they are used (STYLE.md)."""

from __future__ import annotations

import subprocess
import sys


def test_import_kit_loads_no_heavy_dependency():
    code = (
        "import sys, kit, kit.models, kit.scoring, kit.cli; "
        "heavy = [m for m in ('ipywidgets', 'pandas', 'jinja2', 'nbclient', 'sphinx', 'babel') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def loaded_by_command(arguments: list[str], watched: tuple[str, ...], cwd: str | None = None) -> list[str]:
    """Which of ``watched`` a whole ``kit ARGUMENTS`` process has imported by the time it exits."""
    code = (
        "import atexit, sys\n"
        f"watched = {watched!r}\n"
        "def report(): print('LOADED:' + ','.join(m for m in watched if m in sys.modules), file=sys.stderr)\n"
        "atexit.register(report)\n"
        f"sys.argv = ['kit', *{arguments!r}]\n"
        "from kit.cli import run\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=cwd)
    marker = [line for line in done.stderr.splitlines() if line.startswith("LOADED:")]
    assert marker, done.stderr
    return [name for name in marker[-1].removeprefix("LOADED:").split(",") if name]


HEAVY = ("nbformat", "jsonschema", "rfc3987_syntax", "pandas", "jinja2", "sqlalchemy", "nbclient", "ipywidgets")


def test_help_loads_neither_models_nor_heavy_dependencies():
    assert loaded_by_command(["--help"], (*HEAVY, "pydantic", "yaml")) == []


def test_check_reads_notebooks_without_nbformat(tmp_path):
    from tests.conftest import ROOT

    loaded = loaded_by_command(["check", str(ROOT / "exercises" / "first-slice.ipynb")], (*HEAVY, "pydantic"))
    assert loaded == ["pydantic"]  # the models, and nothing heavier


def test_check_of_a_folder_reads_notebooks_without_nbformat():
    from tests.conftest import ROOT

    assert loaded_by_command(["check", str(ROOT / "exercises")], HEAVY) == []
