"""``kit check``: every problem of every notebook under the given paths, in one run."""

from __future__ import annotations

import os
from collections.abc import Iterable

from kit.catalog import load_catalog
from kit.errors import Problem


def check_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Problem]:
    catalog = load_catalog(paths)
    return sorted(catalog.problems, key=lambda problem: (problem.path, problem.cell))
