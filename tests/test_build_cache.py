"""``kit build`` again redoes only what changed: executions counted, pages compared (DESIGN §7)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

import kit.build.execute
from kit.build import build_edition
from tests.conftest import ROOT, exercise_cell, module_notebook
from tests.exercises import sample_yaml

pytestmark = pytest.mark.slow
EDITION = "participant"
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="  # 1×1 PNG


def make_book(root: Path) -> Path:
    root.mkdir()
    shutil.copy(ROOT / "_config.yml", root)
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: exercises/alpha\n  - file: exercises/beta\n",
        encoding="utf-8")
    (root / "book").mkdir()
    (root / "book" / "intro.md").write_text("# Introduction\n\nPublic text.\n", encoding="utf-8")
    (root / "exercises").mkdir()
    for name, kind in (("alpha", "single"), ("beta", "ordering")):
        notebook = module_notebook(nbformat.v4.new_markdown_cell(f"# Module {name}\n\nFirst words."),
                                   exercise_cell(sample_yaml(kind)), title=f"Module {name}")
        nbformat.write(notebook, root / "exercises" / f"{name}.ipynb")
    return root


@pytest.fixture
def executions(monkeypatch) -> list[str]:
    """The folders of the notebooks that really ran in a kernel since the test began."""
    ran: list[str] = []
    real = kit.build.execute.execute_notebook

    def counting(notebook, folder, edition, shown, **options):
        ran.append(shown)
        return real(notebook, folder, edition, shown, **options)

    monkeypatch.setattr(kit.build.execute, "execute_notebook", counting)
    return ran


def build(root: Path) -> list[str]:
    said: list[str] = []
    build_edition(root, EDITION, say=said.append)
    return said


def site(root: Path) -> dict[str, bytes]:
    html = root / "_build" / EDITION / "html"
    return {path.relative_to(html).as_posix(): path.read_bytes() for path in sorted(html.rglob("*")) if path.is_file()}


def normalised(pages: dict[str, bytes]) -> dict[str, bytes]:
    """Without the ``?v=`` that Sphinx adds to myst-nb's stylesheet link only once the file exists in
    the output (so pages written by a later, incremental build have it): the same stylesheet either way."""
    return {name: re.sub(rb"(mystnb\.[0-9a-f]+\.css)\?v=[0-9a-f]+", rb"\1", page) for name, page in pages.items()}


def edit_markdown(path: Path, text: str) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    markdown = next(cell for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    markdown["source"] = "".join(markdown["source"]) + f"\n\n{text}"
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def test_a_rebuild_runs_only_the_notebooks_that_changed(tmp_path, executions):
    root = make_book(tmp_path / "book")
    build(root)
    assert sorted(executions) == ["exercises/alpha.ipynb", "exercises/beta.ipynb"]
    first = site(root)

    executions.clear()
    said = build(root)
    assert executions == []
    assert f"kit build: {EDITION}: nothing changed since the last build" in said
    assert site(root) == first

    executions.clear()
    edit_markdown(root / "exercises" / "beta.ipynb", "A sentence added later.")
    build(root)
    assert executions == ["exercises/beta.ipynb"]
    second = site(root)
    assert "A sentence added later." in second["exercises/beta.html"].decode()
    assert second["exercises/alpha.html"] == first["exercises/alpha.html"]

    # the incremental build made what a cold build of the same sources makes
    cold = tmp_path / "cold"
    shutil.copytree(root, cold, ignore=shutil.ignore_patterns("_build"))
    build(cold)
    assert normalised(site(cold)) == normalised(second)


def test_configuration_and_kit_block_invalidate_what_they_must(tmp_path, executions):
    root = make_book(tmp_path / "book")
    build(root)
    executions.clear()

    config = root / "_config.yml"
    renamed = config.read_text(encoding="utf-8").replace("Helping the helpers", "Renamed helpers", 1)
    config.write_text(renamed, encoding="utf-8")
    build(root)
    assert executions == []  # the title is not the kernels' business
    pages = site(root)
    assert all("Renamed helpers" in pages[page].decode() for page in ("book/intro.html", "exercises/alpha.html"))

    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: exercises/beta\n  - file: exercises/alpha\n",
        encoding="utf-8")
    build(root)
    assert executions == []
    intro = site(root)["book/intro.html"].decode()
    assert intro.index("exercises/beta.html") < intro.index("exercises/alpha.html")  # the new order everywhere

    config.write_text(config.read_text(encoding="utf-8") + "\nkit:\n  session: another-day\n", encoding="utf-8")
    build(root)
    assert sorted(executions) == ["exercises/alpha.ipynb", "exercises/beta.ipynb"]  # a kernel may read kit:


def test_images_detached_from_a_facilitator_cell_come_back_from_the_cache(tmp_path, executions):
    import base64

    root = make_book(tmp_path / "book")
    note = nbformat.v4.new_markdown_cell("Look: ![map](attachment:map.png)")
    note.metadata["tags"] = ["facilitator"]
    note["attachments"] = {"map.png": {"image/png": PIXEL}}
    alpha = nbformat.read(root / "exercises" / "alpha.ipynb", as_version=4)
    alpha.cells.append(note)
    nbformat.write(alpha, root / "exercises" / "alpha.ipynb")
    build_edition(root, "facilitator", say=lambda message: None)
    shutil.rmtree(root / "_build" / ".stage")  # every staged file is new to Sphinx: it reads every page
    edit_markdown(root / "exercises" / "beta.ipynb", "A sentence added later.")
    executions.clear()
    build_edition(root, "facilitator", say=lambda message: None)  # fails if the image is missing
    assert executions == ["exercises/beta.ipynb"]
    attached = list((root / "_build" / ".stage" / "facilitator" / "exercises" / "_attachments").iterdir())
    assert [path.read_bytes() for path in attached] == [base64.b64decode(PIXEL)]
    page = (root / "_build" / "facilitator" / "html" / "exercises" / "alpha.html").read_text(encoding="utf-8")
    assert "<img" in page
