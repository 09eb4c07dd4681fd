"""Time the inputs that once took quadratic time or memory (issue 16), at growing sizes.

    .venv/bin/python tests/benchmarks/bench_hostile.py            # sizes 1x, 2x, 4x
    .venv/bin/python tests/benchmarks/bench_hostile.py --scale 8   # up to 8x

Prints, per case and size, the seconds taken and the ratio to the previous size: a ratio near 2 when
the size doubles is linear, near 4 quadratic. Nothing is asserted (the test suite counts steps
instead, tests/test_hostile_authoring.py); before the fix, the street pattern over 48 KB took 35 s,
2,000 broken gotos 97 s and 5,000 $CATEGORY: lines 960 MB.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from kit.anonymity import find_personal_data
from kit.cli import main
from kit.jsonline import decode_line


def _scan(pattern: str) -> Callable[[int], object]:
    return lambda n: list(find_personal_data(pattern * n))


def _gotos(n: int) -> object:
    nodes = "".join(f"- id: node-{i}\n  text: t\n  choices:\n  - text: c\n    goto: nod-{i}\n" for i in range(n))
    body = "id: many-gotos\ntype: scenario\ntitle: T\nstart: node-0\nnodes:\n" + nodes
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": source}
             for source in ("%load_ext kit", "%%exercise\n" + body)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.ipynb"
        path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 4}))
        return CliRunner().invoke(main, ["check", str(path)]).exit_code


def _categories(n: int) -> object:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "q.gift"
        source.write_text("".join(f"$CATEGORY: c{i}\n" for i in range(n)) + "::T:: Q {=a ~b}\n")
        return CliRunner().invoke(main, ["import", str(source), "-o", str(Path(folder) / "q.ipynb")]).exit_code


def _deep_line(n: int) -> object:
    raw = b'{"answer": ' + b"[" * n + b"]" * n + b"}"
    try:
        return decode_line(raw)
    except ValueError as error:
        return error


CASES: dict[str, tuple[int, Callable[[int], object]]] = {
    "street pattern, 'Aa ' x N": (8000, _scan("Aa ")),
    "birth number / hyphen, 'A-' x N": (12000, _scan("A-")),
    "dotted words, 'A.' x N": (12000, _scan("A.")),
    "kit check, N broken gotos": (500, _gotos),
    "kit import, N $CATEGORY: lines": (1250, _categories),
    "JSON line nested N deep": (250_000, _deep_line),
}


def main_(scale: int) -> None:
    sizes = [1 << k for k in range(scale.bit_length()) if 1 << k <= scale]
    print(f"{'case':40} {'size':>9} {'seconds':>9} {'ratio':>7}")
    for name, (base, run) in CASES.items():
        previous = None
        for factor in sizes:
            size = base * factor
            start = time.perf_counter()
            run(size)
            seconds = time.perf_counter() - start
            ratio = f"{seconds / previous:7.2f}" if previous else ""
            print(f"{name:40} {size:9d} {seconds:9.3f} {ratio:>7}")
            previous = seconds


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", type=int, default=4, help="the largest size as a multiple of the first")
    main_(parser.parse_args().scale)
