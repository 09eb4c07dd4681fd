"""Benchmark ``kit score`` against a plain JSON parse of the same file.

    .venv/bin/python tests/benchmarks/bench_score.py            # 100,000 responses
    .venv/bin/python tests/benchmarks/bench_score.py --n 1000000

Writes the exercises of tests/data/sample.yaml (one of every type) into a temporary notebook,
generates N responses across them (several sessions, repeated attempts, mixed time zones, a few
malformed lines and invalid answers), then prints, in one run:

- the time Python needs merely to parse the file: ``[json.loads(line) for line in handle]``;
- the time of ``kit score`` called in-process (the click command, imports already warm);
- the time and peak resident memory of ``kit score`` run as a command (a fresh process).

Target (issue #4): in-process at most 3 × the parse time for 100,000 responses, growing linearly to
1,000,000 responses with a peak memory under 1 GB.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "sample.yaml"
PARTICIPANTS_PER_SESSION = 20
WORDS = ("client", "safety", "plan", "called", "consent", "worker", "signal", "family", "risk", "next")


def write_book(folder: Path) -> Path:
    """A notebook holding every exercise of tests/data/sample.yaml."""
    import nbformat
    import yaml

    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kit"] = {"title": "Benchmark", "language": "en", "objectives": ["Speed"]}
    notebook.cells = [nbformat.v4.new_code_cell("%load_ext kit")] + [
        nbformat.v4.new_code_cell("%%exercise\n" + yaml.safe_dump(item, allow_unicode=True, sort_keys=False))
        for item in data.values()
    ]
    path = folder / "bench.ipynb"
    nbformat.write(notebook, path)
    return path


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def answer_for(exercise: str, rng: random.Random) -> Any:
    """A plausible answer to one sample exercise; about 2 % are of a wrong shape."""
    broken = rng.random() < 0.02
    if exercise == "first-words":
        return "d" if broken else rng.choices("abc", weights=(2, 6, 2))[0]
    if exercise == "risk-words":
        chosen = [o for o in "abcd" if rng.random() < 0.55]
        return [*chosen, "a", "a"] if broken else chosen
    if exercise == "plan-parts":
        return [o for o in ("signs", "contacts", "means", "promise", "secret") if rng.random() < 0.5] + (
            ["plan"] if broken else [])
    if exercise == "call-order":
        order = ["contact", "problem", "feelings", "options", "plan"]
        for _ in range(rng.randint(0, 3)):
            i, j = rng.randrange(5), rng.randrange(5)
            order[i], order[j] = order[j], order[i]
        return order[:-1] if broken else order
    if exercise == "support-match":
        ids = ["sup", "peer", "fam", "coach"]
        answer = {left: (left if rng.random() < 0.7 else rng.choice(ids)) for left in ids if rng.random() < 0.95}
        return {**answer, "x": "sup"} if broken else answer
    if exercise == "handover":
        return 42 if broken else _words(rng, rng.randint(20, 80))
    if exercise == "stuck":
        return {d: _words(rng, rng.randint(5, 30)) for d in ("problem", "client", "limits") if rng.random() < 0.9}
    if exercise == "after-shift":
        return {"talk": rng.randint(1, 5), "replay": 6 if broken else rng.randint(1, 5)}
    if exercise == "night":
        path = rng.choice([["open-1", "ask"], ["open-1", "reassure"], ["open-2", "ask"], ["open-2", "reassure"],
                           ["open-3"]])
        return path[:1] if broken and len(path) > 1 else path
    raise ValueError(exercise)


EXERCISES = ("first-words", "risk-words", "plan-parts", "call-order", "support-match", "handover", "stuck",
             "after-shift", "night")
ZONES = ((1, "+01:00"), (2, "+02:00"), (0, "Z"))


def generate(path: Path, n: int, seed: int = 4) -> int:
    """Write about ``n`` response lines; return the number of sessions."""
    rng = random.Random(seed)
    written = session = 0
    with open(path, "w", encoding="utf-8") as handle:
        while written < n:
            session += 1
            name = f"town-{session:05d}-2026-11-24"
            lines = []
            for p in range(PARTICIPANTS_PER_SESSION):
                participant = f"p{p:02d}" if p % 5 else f"Résztvevő {p:02d}"
                for exercise in EXERCISES:
                    for _attempt in range(rng.choices((1, 2, 3), weights=(75, 20, 5))[0]):
                        hours, zone = rng.choice(ZONES)
                        minute = rng.randrange(8 * 60, 16 * 60)
                        fraction = f".{rng.randrange(1000):03d}" if rng.random() < 0.3 else ""
                        stamp = f"2026-11-24T{minute // 60 - 1 + hours:02d}:{minute % 60:02d}:{rng.randrange(60):02d}"
                        record = {"session": name, "participant": participant, "exercise": exercise,
                                  "answer": answer_for(exercise, rng), "submitted_at": stamp + fraction + zone}
                        lines.append(record)
            rng.shuffle(lines)
            for record in lines:
                if written >= n:
                    break
                roll = rng.random()
                # malformed responses stay valid JSON, so that the plain parse can read every line
                if roll < 0.0003:
                    text = json.dumps([record["session"], record["participant"]])  # not an object
                elif roll < 0.0006:
                    text = json.dumps({k: v for k, v in record.items() if k != "answer"})  # a key missing
                elif roll < 0.001:
                    text = json.dumps({**record, "submitted_at": record["submitted_at"][:19]})  # no time zone
                else:
                    text = json.dumps(record, ensure_ascii=rng.random() < 0.5)
                handle.write(text + "\n")
                written += 1
    return session


def time_parse(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of a plain parse of every line."""
    start, cpu = time.perf_counter(), time.process_time()
    with open(path, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    elapsed = time.perf_counter() - start, time.process_time() - cpu
    del records
    return elapsed


def time_in_process(responses: Path, book: Path, output: Path) -> tuple[float, float]:
    from kit.cli import main

    def call(source: Path) -> None:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.suppress(SystemExit):
            main.main(["score", str(source), "--book", str(book), "-o", str(output)], standalone_mode=False)

    warm = responses.with_name("warm.jsonl")
    with open(responses, encoding="utf-8") as source, open(warm, "w", encoding="utf-8") as target:
        target.writelines(itertools.islice(source, 200))
    call(warm)  # imports and the catalog code paths, so that only the work itself is timed
    start, cpu = time.perf_counter(), time.process_time()
    call(responses)
    return time.perf_counter() - start, time.process_time() - cpu


def time_command(responses: Path, book: Path, output: Path) -> tuple[float, float, float]:
    """Wall time, CPU time and peak RSS (MB) of ``kit score`` as a fresh process."""
    kit = Path(sys.executable).with_name("kit")
    command = [str(kit), "score", str(responses), "--book", str(book), "-o", str(output)]
    messages = output.with_suffix(".stderr.txt")
    with open(messages, "wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    summary = messages.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    print("  kit score said: " + (summary[-1] if summary else "(nothing)"))
    # ru_maxrss is in kilobytes on Linux
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of response lines (default 100000)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    parser.add_argument("--no-command", action="store_true", help="skip the run as a separate process")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kit-bench-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        book = write_book(folder)
        responses = folder / "responses.jsonl"
        start = time.perf_counter()
        sessions = generate(responses, args.n, args.seed)
        size = responses.stat().st_size / 1e6
        print(f"generated {args.n:,} responses ({size:.1f} MB, {sessions} sessions, {len(EXERCISES)} exercises) "
              f"in {time.perf_counter() - start:.1f} s")
        if not args.no_command:
            command_time, command_cpu, peak = time_command(responses, book, folder / "scores-command.csv")
        parse, parse_cpu = time_parse(responses)
        in_process, in_process_cpu = time_in_process(responses, book, folder / "scores.csv")
        # CPU seconds are printed too: on a busy machine they are the steadier comparison
        print("                                wall s   × parse    CPU s   × parse")
        print(f"json.loads of every line      {parse:7.2f}             {parse_cpu:7.2f}")
        print(f"kit score, in-process         {in_process:7.2f}   {in_process / parse:5.1f}   "
              f"{in_process_cpu:7.2f}   {in_process_cpu / parse_cpu:5.1f}   {args.n / in_process:,.0f} responses/s")
        if not args.no_command:
            print(f"kit score, as a command       {command_time:7.2f}   {command_time / parse:5.1f}   "
                  f"{command_cpu:7.2f}   {command_cpu / parse_cpu:5.1f}   peak RSS {peak:,.0f} MB "
                  "(process start and imports included)")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"(this process, parse list and in-process run included: peak RSS {own:,.0f} MB)")


if __name__ == "__main__":
    main()
