"""Copy the book into a staging folder and make one edition's notebooks from it.

The participant edition loses every facilitator-tagged cell and the YAML of every exercise cell
(the key is in it); exercise outputs are made by executing the staged notebooks with the edition
set, so that only that edition's view of each exercise ends up in the build.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from kit.build.sync import copy_if_changed, remove_others, tree_files, write_if_changed
from kit.yamlcell import is_exercise_cell

_SAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")  # ASCII: Markdown links percent-encode the rest
ATTACHMENTS = "_attachments"  # beside a staged notebook: its facilitator cells' images


def toc_files(toc: Any) -> list[str]:
    """Every ``file:`` and ``root:`` entry of a Jupyter Book table of contents."""
    found: list[str] = []
    if isinstance(toc, dict):
        for key, value in toc.items():
            if key in ("file", "root") and isinstance(value, str):
                found.append(value)
            else:
                found += toc_files(value)
    elif isinstance(toc, list):
        for value in toc:
            found += toc_files(value)
    return found


def book_files(root: Path, toc: Any) -> dict[str, Path]:
    """Relative path → source file, for every file of the book that a build stages."""
    top_level = {Path(entry).parts[0] for entry in toc_files(toc) if len(Path(entry).parts) > 1}
    wanted: dict[str, Path] = {}
    for name in sorted(top_level | {"book", "exercises", "_static", "images"}):
        if (root / name).is_dir():
            wanted.update({f"{name}/{relative}": path for relative, path in tree_files(root / name).items()})
    if (root / "references.bib").exists():
        wanted["references.bib"] = root / "references.bib"
    for entry in toc_files(toc):
        if len(Path(entry).parts) == 1:
            wanted.update({source.name: source for source in root.glob(entry + ".*")})
    return wanted


def stage_sources(root: Path, sources: Path) -> Path:
    """A verbatim copy of the book in ``sources``: where build kernels run, so that a notebook that
    reads a file beside it (data, another module) finds it as written, whatever edition is built."""
    wanted = book_files(root, _read_toc(root))
    wanted["_config.yml"] = root / "_config.yml"  # the kit: block a kernel may read
    for relative, source in wanted.items():
        copy_if_changed(source, sources / relative)
    remove_others(sources, wanted)
    return sources


def stage_book(root: Path, stage: Path, edition: str) -> list[Path]:
    """Make ``stage`` hold the book's sources for ``edition``; return where its notebooks go.

    Staged files that did not change are left as they are, so that Sphinx rebuilds only what did;
    notebooks are not copied here: kit.build.execute writes each one, executed, in its place.
    """
    stage.mkdir(parents=True, exist_ok=True)
    toc = _read_toc(root)
    wanted = book_files(root, toc)
    notebooks = sorted((PurePosixPath(relative) for relative in wanted if relative.endswith(".ipynb")), key=Path)
    for relative, source in wanted.items():
        if not relative.endswith(".ipynb"):
            copy_if_changed(source, stage / relative)
    write_if_changed(stage / "_toc.yml", _toc_text(toc, notebooks).encode("utf-8"))
    write_if_changed(stage / "_config.yml", _config_text(root, edition).encode("utf-8"))
    # images detached from facilitator cells are written with their notebook (kit.build.execute)
    made = [relative for relative in tree_files(stage) if ATTACHMENTS in PurePosixPath(relative).parts[:-1]]
    remove_others(stage, [*wanted, *made, "_toc.yml", "_config.yml"])
    return [stage / notebook for notebook in notebooks]


def _read_toc(root: Path) -> Any:
    return yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))


def _toc_text(toc: Any, notebooks: list[PurePosixPath]) -> str:
    """The table of contents, with every exercise module that it does not list yet added to it.

    An editor who drops a module into exercises/ sees it in both editions without editing _toc.yml.
    """
    listed = {str(Path(entry).with_suffix("")) for entry in toc_files(toc)}
    missing = [
        str(notebook.with_suffix(""))
        for notebook in notebooks
        if notebook.parent == PurePosixPath("exercises") and str(notebook.with_suffix("")) not in listed
    ]
    if missing:
        chapters = _chapters_holding(toc, "exercises/")
        if chapters is None:
            toc.setdefault("parts", []).append({"caption": "Workshop modules", "chapters": []})
            chapters = toc["parts"][-1]["chapters"]
        chapters += [{"file": entry} for entry in missing]
    return yaml.safe_dump(toc, allow_unicode=True, sort_keys=False)


def _chapters_holding(toc: Any, prefix: str) -> list | None:
    """The first list of toc entries that holds a file under ``prefix``."""
    if isinstance(toc, list):
        if any(isinstance(e, dict) and str(e.get("file", "")).startswith(prefix) for e in toc):
            return toc
        for value in toc:
            found = _chapters_holding(value, prefix)
            if found is not None:
                return found
    elif isinstance(toc, dict):
        for value in toc.values():
            found = _chapters_holding(value, prefix)
            if found is not None:
                return found
    return None


def _config_text(root: Path, edition: str) -> str:
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    sphinx = config.setdefault("sphinx", {})
    sphinx_config = sphinx.setdefault("config", {}) or {}
    sphinx["config"] = sphinx_config
    sphinx_config["kit_edition"] = edition
    # the sources would show what the build leaves out: never copy them into the site
    sphinx_config["html_copy_source"] = False
    sphinx_config["html_show_sourcelink"] = False
    # merge (not replace) the theme options that Jupyter Book derives from the html: section
    sphinx["recursive_update"] = True
    sphinx_config.setdefault("html_theme_options", {})["use_download_button"] = False
    labels = {"facilitator": "Facilitator edition", "self-study": "Self-study edition"}
    label = labels.get(edition, "Participant edition")
    config["title"] = f"{config.get('title', 'Handbook')} · {label}"
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    config.setdefault("html", {})["use_download_button"] = False
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def prepare_notebook(notebook: Any, edition: str, path: Path | None = None) -> None:
    """Before execution: drop trainer-only cells from the participant edition; hide set-up cells.

    A module without a heading of its own gets one from ``metadata.kit`` (title and objectives), so
    that it has a title in the book's navigation. ``path`` is the staged notebook: the images attached
    to a facilitator cell are written beside it (a box's content cannot see attachments).
    """
    _ensure_title(notebook)
    from kit.i18n import translator

    _ = translator(notebook.metadata.get("kit", {}).get("language", "en"))
    cells = []
    for cell in notebook.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "facilitator" in tags:
            if edition != "facilitator":
                continue
            if cell.cell_type == "markdown":
                if path is not None:
                    _detach_images(cell, path.parent, f"{path.stem}-{len(cells) + 1}")
                # the same box as a {facilitator} block of a MyST page
                cell.source = f"::::{{facilitator}} {_('For facilitators')}\n{cell.source}\n::::"
        if cell.cell_type == "code":
            source = cell.source
            if is_exercise_cell(source):
                _add_tag(cell, "remove-input")
            elif source.strip().startswith(("%load_ext kit", "%reload_ext kit")):
                _add_tag(cell, "remove-cell")
        cells.append(cell)
    notebook.cells = cells


def _detach_images(cell: Any, folder: Path, prefix: str) -> None:
    """Write a Markdown cell's attachments beside the notebook and point its ``attachment:`` links there.

    MyST-NB resolves ``attachment:NAME`` only in a cell's own top-level text; inside the facilitator
    box the image would be missing (and the build, with warnings as errors, would fail).
    """
    attachments = cell.get("attachments") or {}
    if not isinstance(attachments, dict):
        return
    target = folder / ATTACHMENTS
    for name, bundle in attachments.items():
        mime, data = next(((m, d) for m, d in (bundle or {}).items() if m.startswith("image/")), (None, None))
        if mime is None or not isinstance(data, str):
            continue
        suffix = mimetypes.guess_extension(mime) or ""
        file_name = _SAFE_NAME.sub("-", f"{prefix}-{Path(str(name)).stem}") + suffix
        target.mkdir(exist_ok=True)
        (target / file_name).write_bytes(base64.b64decode(data))
        cell.source = cell.source.replace(f"attachment:{name}", f"{ATTACHMENTS}/{file_name}")
    cell.pop("attachments", None)


def seal_notebook(notebook: Any, edition: str) -> None:
    """After execution: outside the facilitator edition, replace each exercise's YAML with its id only.

    (The self-study edition's pages carry what the player needs; the notebook never travels.)
    """
    if edition == "facilitator":
        return
    from kit.yamlcell import guess_id

    for cell in notebook.cells:
        if cell.cell_type == "code" and is_exercise_cell(cell.source):
            cell.source = f"%%exercise\n# {guess_id(cell.source)}: the definition is kept out of this edition"
    notebook.metadata.pop("widgets", None)


def _add_tag(cell: Any, tag: str) -> None:
    tags = cell.setdefault("metadata", {}).setdefault("tags", [])
    if tag not in tags:
        tags.append(tag)


def _ensure_title(notebook: Any) -> None:
    import nbformat

    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("# "):
            return
        if cell.cell_type == "code" and is_exercise_cell(cell.source):
            break
    from kit.i18n import translator

    meta = notebook.metadata.get("kit", {})
    _ = translator(meta.get("language", "en"))
    lines = [f"# {meta.get('title') or _('Workshop module')}"]
    if meta.get("objectives"):
        lines += ["", f"**{_('Learning objectives')}**", ""]
        lines += [f"- {objective}" for objective in meta["objectives"]]
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell("\n".join(lines)))
