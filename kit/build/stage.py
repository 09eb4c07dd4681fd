"""Copy the book into a staging folder and make one edition's notebooks from it.

The participant edition loses every facilitator-tagged cell and the YAML of every exercise cell
(the key is in it); exercise outputs are made by executing the staged notebooks with the edition
set, so that only that edition's view of each exercise ends up in the build.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from kit.yamlcell import is_exercise_cell

IGNORED = shutil.ignore_patterns("_build", ".ipynb_checkpoints", "__pycache__", ".*")


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


def stage_book(root: Path, stage: Path, edition: str) -> list[Path]:
    """Copy the book's sources to ``stage``; return the staged notebooks."""
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    top_level = {Path(entry).parts[0] for entry in toc_files(toc) if len(Path(entry).parts) > 1}
    for name in sorted(top_level | {"book", "exercises", "_static", "images"}):
        if (root / name).is_dir():
            shutil.copytree(root / name, stage / name, ignore=IGNORED)
    if (root / "references.bib").exists():
        shutil.copy2(root / "references.bib", stage / "references.bib")
    _write_toc(toc, stage)
    for entry in toc_files(toc):
        if len(Path(entry).parts) == 1:
            for source in root.glob(entry + ".*"):
                shutil.copy2(source, stage / source.name)
    _write_config(root, stage, edition)
    return sorted(stage.rglob("*.ipynb"))


def _write_toc(toc: Any, stage: Path) -> None:
    """The table of contents, with every exercise module that it does not list yet added to it.

    An editor who drops a module into exercises/ sees it in both editions without editing _toc.yml.
    """
    listed = {str(Path(entry).with_suffix("")) for entry in toc_files(toc)}
    missing = [
        str(path.relative_to(stage).with_suffix(""))
        for path in sorted((stage / "exercises").glob("*.ipynb"))
        if str(path.relative_to(stage).with_suffix("")) not in listed
    ]
    if missing:
        chapters = _chapters_holding(toc, "exercises/")
        if chapters is None:
            toc.setdefault("parts", []).append({"caption": "Workshop modules", "chapters": []})
            chapters = toc["parts"][-1]["chapters"]
        chapters += [{"file": entry} for entry in missing]
    (stage / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")


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


def _write_config(root: Path, stage: Path, edition: str) -> None:
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
    (stage / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")


def prepare_notebook(notebook: Any, edition: str) -> None:
    """Before execution: drop trainer-only cells from the participant edition; hide set-up cells.

    A module without a heading of its own gets one from ``metadata.kit`` (title and objectives), so
    that it has a title in the book's navigation.
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
