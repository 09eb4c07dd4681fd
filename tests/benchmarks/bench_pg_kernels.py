"""Load on a PostgreSQL store written by kernels directly: 200 participants' kernels submitting at once.

(Through a JupyterHub's kit service instead: tests/benchmarks/bench_pg_load.py.)

    .venv/bin/python tests/benchmarks/bench_pg_kernels.py                     # 200 writers × 100 answers
    .venv/bin/python tests/benchmarks/bench_pg_kernels.py --writers 50 --answers 40
    .venv/bin/python tests/benchmarks/bench_pg_kernels.py --answers 10 --cold       # all connect at Submit

Starts a throw-away PostgreSQL server (tests/postgres.py), makes the store and its roles
(``kit store roles setup``) and one participant role, as a programme would, then starts the writers
(forked processes, so 200 of them fit in memory) and releases them together. Each writer submits its
answers the way the widget does: open the store by URL as the participant role (which may only add),
add one attempt, close; every tenth answer is submitted twice, as a double click would. Then checks,
as the superuser, that every answer is stored exactly once (none lost, none doubled, the doubles
refused), and prints the throughput and the latency of a submit (50th, 95th percentile and worst):
of every submit, of each kernel's first and of the later ones (a kernel's connection reused). A kernel
connects when it shows the exercises (kit.store.connect_ahead), as the widget does; ``--cold`` makes
every kernel connect at its first Submit instead, all 200 in the same instant.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.latency import spread  # noqa: E402 - after the path is set
from tests.postgres import throwaway_cluster  # noqa: E402

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)


def writer(url: str, number: int, answers: int, cold: bool, ready: multiprocessing.Queue,
           start: multiprocessing.Event, results: multiprocessing.Queue) -> None:
    """One participant's kernel: ``answers`` submits, each one store opened, one answer added, closed.

    First it shows its exercises, which connects to the store in the background as the widget does
    (kit.store.connect_ahead), unless ``cold``; the participant reads for longer than that takes.
    """
    import threading

    from kit.responses import Response
    from kit.store import connect_ahead, open_store

    if not cold:
        connect_ahead(url)
        for thread in threading.enumerate():
            if thread.name == "kit-store-connect":
                thread.join()
    ready.put(number)
    latencies: list[float] = []
    refused = 0
    start.wait()
    for n in range(answers):
        attempt = Response(f"session-{number % 10:02d}", f"p{number:03d}", f"exercise-{n % 20:02d}",
                           {"writer": number, "n": n}, T0 + timedelta(seconds=n))
        for _ in range(2 if n % 10 == 9 else 1):  # every tenth answer: a double click
            begun = time.perf_counter()
            with open_store(url) as store:
                stored = store.add(attempt)
            latencies.append(time.perf_counter() - begun)
            refused += not stored
    results.put((number, latencies, refused))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=200)
    parser.add_argument("--answers", type=int, default=100)
    parser.add_argument("--cold", action="store_true",
                        help="no connecting ahead: every kernel connects at its first Submit, all at once")
    args = parser.parse_args()
    # imports done once in the parent, shared by the forked writers
    from sqlalchemy import create_engine, text

    import kit.store.sql  # noqa: F401
    from kit.store import roles

    with throwaway_cluster({"max_connections": str(args.writers + 50)}) as cluster:
        admin = cluster.url(driver="postgresql")
        roles.setup(admin)
        roles.add(admin, "participant", "kernels")
        url = cluster.url("kernels", driver="postgresql")

        context = multiprocessing.get_context("fork")  # a plain script: forking shares the imports
        ready, start, results = context.Queue(), context.Event(), context.Queue()
        processes = [context.Process(target=writer, args=(url, n, args.answers, args.cold, ready, start, results))
                     for n in range(args.writers)]
        for process in processes:
            process.start()
        for _ in processes:
            ready.get(timeout=600)
        time.sleep(1.0)
        begun = time.perf_counter()
        start.set()
        outcomes = [results.get(timeout=1800) for _ in processes]
        elapsed = time.perf_counter() - begun
        for process in processes:
            process.join()
        failed = [process.exitcode for process in processes if process.exitcode != 0]

        engine = create_engine(cluster.url())
        with engine.connect() as connection:
            total, distinct = connection.execute(text(
                "SELECT count(*), count(DISTINCT (session, participant, exercise, answer)) FROM responses")).one()
            stored = {tuple(row) for row in connection.execute(text(
                "SELECT CAST(answer::jsonb ->> 'writer' AS int), CAST(answer::jsonb ->> 'n' AS int) FROM responses"))}
        engine.dispose()

    latencies = sorted(latency for _, own, _ in outcomes for latency in own)
    firsts = [own[0] for _, own, _ in outcomes]
    laters = [latency for _, own, _ in outcomes for latency in own[1:]]
    refused = sum(count for _, _, count in outcomes)
    expected = args.writers * args.answers
    doubles = args.writers * (args.answers // 10)
    missing = expected - len(stored & {(w, n) for w in range(args.writers) for n in range(args.answers)})
    print(f"{args.writers} writers × {args.answers} answers ({doubles} submitted twice) in {elapsed:.1f} s: "
          f"{len(latencies) / elapsed:.0f} submits/s on {os.cpu_count()} cores")
    print(f"submit latency (open the store, add, close): {spread(latencies)}")
    print(f"  the first answer of each kernel ({'connecting then' if args.cold else 'connected ahead'}): "
          f"{spread(firsts)}")
    print(f"  the later answers (the kernel's connection reused): {spread(laters)}")
    print(f"(load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"stored {total} rows: {missing} answers lost, {total - distinct} stored twice, "
          f"{refused} of {doubles} double clicks refused as already stored")
    ok = not failed and total == expected == distinct and missing == 0 and refused == doubles
    print("OK" if ok else f"FAILED (writers that failed: {failed})")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
