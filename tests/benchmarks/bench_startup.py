"""What a trainer waits for: whole ``kit`` processes timed from outside, each beside its baseline.

    .venv/bin/python tests/benchmarks/bench_startup.py                  # every row, medians of 5
    .venv/bin/python tests/benchmarks/bench_startup.py --skip-build --skip-million
    .venv/bin/python tests/benchmarks/bench_startup.py --build-runs 2   # builds take minutes each

Every row runs a fresh process (nothing warm but the OS file cache) and reports the median of the
runs: wall time, CPU time (user + system, the process and the children it waited for, such as
kernels and Jupyter Book) and peak memory. Baselines run in the same session, on the same data:
``python -c pass``; ``json.load`` of the same notebooks; a ``json.loads`` loop over the same
responses; a full build for the incremental ones. Targets (issue 17): kit --help <= 0.1 s, kit check
of one notebook <= 0.3 s, kit score <= 3x its JSON loop, a build after one changed notebook <= 20 %
and with nothing changed <= 10 % of a full build. The build copies the repository's book into a
temporary folder; nothing in the working tree changes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_score import generate, write_book  # noqa: E402 - after the path is set

BIN = Path(sys.executable).parent
KIT = str(BIN / "kit")
PYTHON = sys.executable
BOOK_PARTS = ("_config.yml", "_toc.yml", "book", "exercises", "_static", "images", "references.bib")


def run(command: list[str], cwd: Path = ROOT) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MB) of one whole process and the children it waited for."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: kit score may say a lot
        begun = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - begun
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):  # kit score and check exit 1 for rejected lines, by design
            errors.seek(0)
            said = errors.read().decode(errors="replace")
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{said[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, tuple[float, float, float], str, tuple[float, float, float] | None]] = []

    def add(self, name: str, figures: tuple[float, float, float], baseline_name: str = "",
            baseline: tuple[float, float, float] | None = None) -> None:
        self.rows.append((name, figures, baseline_name, baseline))
        print(self.line(self.rows[-1]), flush=True)

    @staticmethod
    def line(row: tuple) -> str:
        name, (wall, cpu, memory), baseline_name, baseline = row
        text = f"| {name} | {wall:.2f} s | {cpu:.2f} s | {memory:.0f} MB |"
        if baseline is None:
            return text + " | | |"
        return (text + f" {baseline_name}: {baseline[0]:.2f} s wall, {baseline[1]:.2f} s CPU"
                f" | {wall / baseline[0]:.2f}× | {cpu / baseline[1]:.2f}× |")

    def print(self) -> None:
        print("\n| measure | wall (median) | CPU (median) | peak memory | baseline (same run) | wall ratio "
              "| CPU ratio |")
        print("|---|---|---|---|---|---|---|")
        for row in self.rows:
            print(self.line(row))


def median_of(runs: int, measure: Callable[[], tuple[float, float, float]]) -> tuple[float, float, float]:
    results = [measure() for _ in range(runs)]
    return tuple(statistics.median(r[i] for r in results) for i in range(3))  # type: ignore[return-value]


def startup_rows(table: Table, runs: int) -> None:
    empty = median_of(runs, lambda: run([PYTHON, "-c", "pass"]))
    table.add("`python -c pass`", empty)
    table.add("`kit --help`", median_of(runs, lambda: run([KIT, "--help"])), "python -c pass", empty)
    one = "exercises/first-slice.ipynb"
    table.add("`kit check exercises/first-slice.ipynb`", median_of(runs, lambda: run([KIT, "check", one])),
              "python -c pass", empty)
    load_all = median_of(runs, lambda: run(
        [PYTHON, "-c", "import json, glob; [json.load(open(p)) for p in glob.glob('exercises/*.ipynb')]"]))
    table.add("`kit check exercises/`", median_of(runs, lambda: run([KIT, "check", "exercises"])),
              "json.load of the same notebooks", load_all)


def score_rows(table: Table, runs: int, sizes: list[int], folder: Path) -> None:
    book = write_book(folder)
    for size in sizes:
        responses = folder / f"responses-{size}.jsonl"
        generate(responses, size)
        parse = [PYTHON, "-c", f"import json; [json.loads(line) for line in open({str(responses)!r}, 'rb')]"]
        command = [KIT, "score", str(responses), "--book", str(book), "-o", str(folder / "scores.csv")]
        loop = median_of(runs, lambda parse=parse: run(parse))
        table.add(f"`kit score` {size:,} answers", median_of(runs, lambda command=command: run(command)),
                  "json.loads loop", loop)


def build_rows(table: Table, runs: int, folder: Path) -> None:
    full, unchanged, one = [], [], []
    for number in range(runs):
        root = folder / f"book-{number}"
        for part in BOOK_PARTS:
            source = ROOT / part
            if source.is_dir():
                shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints"))
            elif source.exists():
                root.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, root / part)
        full.append(run([KIT, "build"], cwd=root))
        unchanged.append(run([KIT, "build"], cwd=root))
        _edit(root / "exercises" / "support-for-helpers.ipynb", f"A sentence added by the benchmark, run {number}.")
        one.append(run([KIT, "build"], cwd=root))
        shutil.rmtree(root)
    middle = [tuple(statistics.median(r[i] for r in rows) for i in range(3)) for rows in (full, unchanged, one)]
    table.add("`kit build` (every edition, cold)", middle[0])  # type: ignore[arg-type]
    table.add("`kit build` with nothing changed", middle[1], "full build", middle[0])  # type: ignore[arg-type]
    table.add("`kit build` after editing one notebook", middle[2], "full build", middle[0])  # type: ignore[arg-type]


def _edit(path: Path, sentence: str) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    markdown = next(cell for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    markdown["source"] = "".join(markdown["source"]) + f"\n\n{sentence}"
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per row (median); default 5")
    parser.add_argument("--build-runs", type=int, default=5, help="runs of the build rows; default 5")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--skip-million", action="store_true", help="score 100k answers only")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {sys.version.split()[0]}", flush=True)
    table = Table()
    startup_rows(table, args.runs)
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as temporary:
        folder = Path(temporary)
        score_rows(table, args.runs, [100_000] if args.skip_million else [100_000, 1_000_000], folder)
        if not args.skip_build:
            build_rows(table, args.build_runs, folder)
    table.print()
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
