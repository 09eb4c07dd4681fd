"""What ``kit build`` keeps under ``_build/.cache/`` so that a rebuild redoes only what changed.

- Executed notebooks, by content: the key of a notebook hashes its source bytes, the files its
  code names by relative path (data, another module), the edition, the ``kit:`` block of
  ``_config.yml`` and the environment its kernel runs in (kit's own files, the Python and kernel it
  runs, the installed distributions). The same key makes the same executed notebook, so only
  notebooks with a new key run. A fresh clone has no cache and builds cold.
- The Sphinx settings of an edition (its staged ``_config.yml`` and ``_toc.yml``, kit's files): when
  they change, Sphinx's own incremental state is dropped and every page is read again.
- The digest of the last staged book that built cleanly: when the staged book is the same again,
  Jupyter Book does not run at all and ``_build/<edition>/html`` is already its output.

Any edition name works: everything is keyed and named by it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import site
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kit.build.sync import tree_files

CACHE = ".cache"
SUFFIX = ".ipynb"
FILES = ".files"  # what preparing a notebook wrote beside it (a facilitator cell's images)
_QUOTED = re.compile(r"""(["'])([^"'\\\n]{1,300})\1""")
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}$")


@dataclass
class BuildCache:
    """The cache of one edition under ``build`` (the book's ``_build`` folder)."""

    build: Path
    edition: str
    environment: str
    config_block: str
    used: set[str] = field(default_factory=set)

    @classmethod
    def open(cls, root: Path, edition: str) -> BuildCache:
        return cls(root / "_build", edition, kernel_environment(), json.dumps(kit_block(root), sort_keys=True))

    @property
    def folder(self) -> Path:
        return self.build / CACHE / "executed" / self.edition

    # -- executed notebooks ----------------------------------------------------------------------

    def key(self, source: bytes, reads: list[Path] = ()) -> str:  # type: ignore[assignment]
        """The key of a notebook's source and of the files it reads (see referenced_files)."""
        digest = hashlib.sha256()
        for part in (self.edition, self.environment, self.config_block):
            digest.update(part.encode("utf-8") + b"\0")
        for path in reads:
            digest.update(f"{path.name}:{_file_digest(path)}".encode("utf-8", "surrogateescape") + b"\0")
        digest.update(source)
        return digest.hexdigest()

    def get(self, key: str) -> tuple[bytes, dict[str, bytes]] | None:
        """The executed notebook of ``key`` and the files made beside it (name -> content), if kept."""
        self.used.add(key)
        try:
            executed = (self.folder / f"{key}{SUFFIX}").read_bytes()
            files = self.folder / f"{key}{FILES}"
            made = {path.name: path.read_bytes() for path in sorted(files.iterdir())} if files.is_dir() else {}
        except OSError:
            return None
        return executed, made

    def put(self, key: str, executed: bytes, made: dict[str, bytes]) -> None:
        self.used.add(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        if made:
            files = self.folder / f"{key}{FILES}"
            shutil.rmtree(files, ignore_errors=True)
            files.mkdir()
            for name, content in made.items():
                (files / name).write_bytes(content)
        temporary = self.folder / f".{key}.kit-tmp"
        temporary.write_bytes(executed)
        temporary.replace(self.folder / f"{key}{SUFFIX}")  # last: an entry without it is no entry

    def prune(self) -> None:
        """Forget the executed notebooks this build did not use (edited or removed since)."""
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name.split(".")[0] not in self.used:
                    if path.is_dir():
                        shutil.rmtree(path)
                    else:
                        path.unlink()

    # -- Sphinx state and the last clean build ---------------------------------------------------

    def reset_sphinx_if_settings_changed(self, stage: Path, sphinx_state: Path) -> None:
        """Drop Sphinx's incremental state when the configuration, the contents or kit changed."""
        settings = _digest([self.environment, *(_read(stage / name) for name in ("_config.yml", "_toc.yml"))])
        stamp = self._stamp("sphinx")
        if _read(stamp) != settings:
            shutil.rmtree(sphinx_state, ignore_errors=True)
            self._write(stamp, settings)

    def reset_sphinx(self, sphinx_state: Path) -> None:
        """After a failed Jupyter Book run: Sphinx would not warn again about pages it has read."""
        shutil.rmtree(sphinx_state, ignore_errors=True)
        self._stamp("sphinx").unlink(missing_ok=True)

    def site_digest(self, stage: Path, checks: str) -> str:
        """The staged book, kit and the checks run on it, in one hash."""
        files = [f"{relative}:{_file_digest(path)}" for relative, path in tree_files(stage).items()]
        return _digest([self.edition, self.environment, checks, *files])

    def built_from(self, digest: str, html: Path) -> bool:
        """True when ``html`` is what a clean build of exactly this staged book made."""
        return (html / "index.html").is_file() and _read(self._stamp("site")) == digest

    def remember_site(self, digest: str | None) -> None:
        """Record the staged book that just built cleanly (None: forget, a build is under way)."""
        if digest is None:
            self._stamp("site").unlink(missing_ok=True)
        else:
            self._write(self._stamp("site"), digest)

    def _stamp(self, kind: str) -> Path:
        return self.build / CACHE / f"{self.edition}.{kind}"

    @staticmethod
    def _write(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def referenced_files(source: bytes, folder: Path, top: Path) -> list[Path]:
    """Files under ``top`` that the notebook's code cells name by a relative path in quotes.

    ``load_responses("data/answers.jsonl")`` or ``analyse(book="../exercises/m.ipynb")``: what a
    notebook reads beside it changes its output as much as its own cells do, so it is in the key.
    """
    try:
        cells = json.loads(source).get("cells", [])
    except (ValueError, AttributeError):
        return []
    top = top.resolve()
    found: set[Path] = set()
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        text = cell.get("source", "")
        text = "".join(text) if isinstance(text, list) else str(text)
        for _, name in _QUOTED.findall(text):
            if "/" in name or _SUFFIX.search(name):
                path = (folder / name).resolve()
                if path.is_relative_to(top) and path.is_file():
                    found.add(path)
    return sorted(found)


def kit_block(root: Path) -> Any:
    """The ``kit:`` block of the book's _config.yml: a kernel may read it (the session, the store)."""
    import yaml

    try:
        config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return None
    return config.get("kit") if isinstance(config, dict) else None


@lru_cache(maxsize=1)
def kernel_environment() -> str:
    """A hash of what a build kernel runs: kit's files, Python, the kernel command, the distributions."""
    from importlib.metadata import distributions

    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    import kit

    package = Path(kit.__file__).parent
    # the environment, not the spelling of its interpreter (kit's script says python3, a test python)
    parts = [kit.__version__, sys.prefix, os.path.realpath(sys.executable), sys.version]
    parts += [f"{path.relative_to(package).as_posix()}:{_file_digest(path)}"
              for path in sorted(package.rglob("*")) if path.is_file() and "__pycache__" not in path.parts]
    try:
        command = KernelSpecManager().get_kernel_spec("python3").argv
        # "python" stays as it is: jupyter_client runs it as this interpreter
        parts += [os.path.realpath(part) if os.path.isabs(part) else part for part in command]
    except NoSuchKernel:
        parts.append("no python3 kernel")
    # the installed distributions, not what the working folder happens to hold (sys.path[0])
    installed = distributions(path=site.getsitepackages())
    parts += sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in installed)
    return _digest(parts)


def _digest(parts: list[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def _file_digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None
