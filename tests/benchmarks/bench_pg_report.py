"""Benchmark ``kit report`` statistics over a programme's PostgreSQL store: SQL path against pandas.

    .venv/bin/python tests/benchmarks/bench_pg_report.py                       # 1,000,000 answers, 500 sessions
    .venv/bin/python tests/benchmarks/bench_pg_report.py --answers 100000 --sessions 50
    .venv/bin/python tests/benchmarks/bench_pg_report.py --full-report [--profile report.prof]

Starts a throw-away PostgreSQL server (tests/postgres.py), writes a book of twenty exercises (the
samples of tests/data/sample.yaml, each type twice or more), fills the store with COPY (every
session has 40 participants; each answers most exercises, one to four attempts each, some invalid,
mixed time zones, some ties), then measures, each in a fresh process (imports warm before the clock
starts; peak memory is the process's maximum resident set):

- ``sql statistics``: kit.store.aggregate.session_statistics, the item and test statistics of
  DESIGN §7 per session: the latest attempts picked by the database, streamed a session at a time;
- ``sql rows``: what ``kit report`` reads from the store: every session's scored latest attempts,
  a session at a time (kit.store.aggregate.StoreRows);
- ``sql report``: the whole ``kit report`` over the URL (HTML and CSV tables), as a coordinator runs it:
  the rows above, then kit.report's summaries and drawing of all 500 sessions into one page, a
  session at a time (kit.report.spool); ``--full-report`` measures only this one (``--profile``
  writes its cProfile, to find the hot spots);
- ``pandas``: every row loaded into a DataFrame (``pandas.read_sql``), the latest attempt picked with
  ``sort_values`` + ``drop_duplicates``, each distinct answer scored once, the same statistics.

Both statistics paths must give the same numbers; the script checks they do. Target (issue #10): the
report over one million answers in seconds, with memory that does not grow with the number of sessions.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.postgres import throwaway_cluster  # noqa: E402 - after the path is set
from tests.test_postgres_aggregate import ANSWERS, ZONES  # noqa: E402

PARTICIPANTS = 40
EXERCISES = 20


def write_book(folder: Path) -> Path:
    """EXERCISES exercises: the samples, each repeated under new ids (first-words-2, …)."""
    import nbformat
    import yaml

    samples = yaml.safe_load((ROOT / "tests" / "data" / "sample.yaml").read_text(encoding="utf-8"))
    cells = []
    for number in range(EXERCISES):
        item = dict(list(samples.values())[number % len(samples)])
        if number >= len(samples):
            item["id"] = f"{item['id']}-{number // len(samples) + 1}"
        cells.append(nbformat.v4.new_code_cell("%%exercise\n" + yaml.safe_dump(item, allow_unicode=True)))
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kit"] = {"title": "Benchmark", "language": "en", "objectives": ["Speed"]}
    notebook.cells = [nbformat.v4.new_code_cell("%load_ext kit"), *cells]
    path = folder / "bench.ipynb"
    nbformat.write(notebook, path)
    return path


def exercise_pools(book: Path) -> dict[str, list[object]]:
    """Answers to draw from, per exercise id of the book (a clone answers like its sample)."""
    from kit.catalog import load_catalog

    pools = {}
    for exercise_id in load_catalog([book]).exercises:
        base = next(name for name in ANSWERS if exercise_id == name or exercise_id.startswith(name + "-"))
        pools[exercise_id] = ANSWERS[base]
    return pools


def fill(url: str, book: Path, answers: int, sessions: int, seed: int = 10) -> int:
    """Create the store and COPY about ``answers`` attempts into it; the number written."""
    import psycopg

    from kit.store import open_store
    from kit.store.schema import canonical_json, utc_text

    with open_store(url):
        pass  # creates the schema at the newest revision
    pools = exercise_pools(book)
    ids = sorted(pools)
    chance = random.Random(seed)
    start = datetime(2026, 11, 24, 8, 0, tzinfo=timezone.utc)
    keys = sessions * PARTICIPANTS * len(ids)
    share = min(1.0, answers / (keys * 2.5))  # 2.5 attempts per key on average
    written = 0
    stored_at = utc_text(datetime.now(timezone.utc))
    texts = {exercise_id: [canonical_json(answer) for answer in pool] for exercise_id, pool in pools.items()}
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as connection, \
            connection.cursor() as cursor, cursor.copy(
                "COPY responses (session, participant, exercise, answer, submitted_at, submitted_utc, stored_at, "
                "fingerprint) FROM STDIN") as copy:
        for s in range(sessions):
            session = f"session-{s:04d}"
            for p in range(PARTICIPANTS):
                participant = f"p{p:02d}"
                for exercise_id in ids:
                    if chance.random() > share:
                        continue
                    seen = set()
                    for _ in range(chance.randint(1, 4)):
                        moment = (start + timedelta(days=s, seconds=chance.randint(0, 7200))).astimezone(
                            chance.choice(ZONES))
                        answer = chance.choice(texts[exercise_id])
                        utc = utc_text(moment)
                        if (utc, answer) in seen:  # the very same record: a store keeps it once
                            continue
                        seen.add((utc, answer))
                        identity = json.dumps([session, participant, exercise_id, utc, answer], ensure_ascii=False,
                                              separators=(",", ":"))
                        copy.write_row((session, participant, exercise_id, answer, moment.isoformat(), utc, stored_at,
                                        hashlib.sha256(identity.encode()).hexdigest()))
                        written += 1
    return written


def sql_statistics(url: str, book: str) -> tuple:
    from kit.catalog import load_catalog
    from kit.store.aggregate import session_statistics

    exercises = load_catalog([book]).exercises
    return session_statistics(url, exercises)


def sql_rows(url: str, book: str) -> tuple:
    """What kit report reads from the store: every session's scored rows, one session at a time."""
    from kit.catalog import load_catalog
    from kit.store import open_store
    from kit.store.aggregate import StoreRows

    exercises = load_catalog([book]).exercises
    with open_store(url, create=False) as store:
        return (sum(len(rows) for _, rows in StoreRows(store, exercises).sessions()),)


def sql_report(url: str, book: str) -> tuple:
    from click.testing import CliRunner

    from kit.cli import main

    with tempfile.TemporaryDirectory() as folder:
        result = CliRunner().invoke(main, ["report", url, "--book", book, "-o", f"{folder}/report.html"])
        if result.exit_code not in (0, 1):
            raise SystemExit(result.output)
        return (result.stderr.splitlines()[-1],)


def pandas_statistics(url: str, book: str) -> tuple:
    """Everything into a DataFrame, then the same statistics (kit.report.stats over the same mark tables)."""
    import pandas as pd
    from sqlalchemy import create_engine

    from kit.catalog import load_catalog
    from kit.report.stats import MarkTable, item_statistics, overall_statistics
    from kit.scoring import score

    exercises = load_catalog([book]).exercises
    engine = create_engine(url)
    frame = pd.read_sql("SELECT id, session, participant, exercise, answer, submitted_utc FROM responses", engine)
    engine.dispose()
    frame = frame.sort_values(["submitted_utc", "id"]).drop_duplicates(["session", "participant", "exercise"],
                                                                      keep="last")
    items_of = {exercise_id for exercise_id, exercise in exercises.items() if exercise.auto_scored}
    marks = {}
    for (exercise_id, answer) in frame.loc[frame.exercise.isin(items_of), ["exercise", "answer"]].drop_duplicates(
            ).itertuples(index=False):
        result = score(exercises[exercise_id], json.loads(answer))
        marks[(exercise_id, answer)] = result.score if result.status == "scored" and result.score is not None else 0.0
    frame["mark"] = [marks.get(key, 0.0) for key in zip(frame.exercise, frame.answer, strict=True)]
    frame["item"] = frame.exercise.isin(items_of)
    items, tests = [], []
    for session, group in frame.groupby("session", sort=True):
        answered = group[group.item]
        table = answered.pivot(index="participant", columns="exercise", values="mark")
        table = table.reindex(sorted(group.participant.unique())).fillna(0.0)
        columns = sorted(table.columns)
        mark_table = MarkTable(session, tuple(table.index), tuple(columns),
                               tuple(exercises[c].max_score for c in columns),
                               tuple(tuple(float(v) for v in row) for row in table[columns].itertuples(index=False)))
        items += item_statistics(mark_table)
        tests.append(overall_statistics(mark_table))
    return items, tests


def _measure(job: str, url: str, book: str, queue: multiprocessing.Queue, profile: str | None = None) -> None:
    # imports warm before the clock starts, so the figures are the work, not the interpreter
    import kit.catalog
    import kit.report.stats
    import kit.store.aggregate  # noqa: F401
    if job == "pandas":
        import pandas  # noqa: F401
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    jobs = {"sql statistics": sql_statistics, "sql rows": sql_rows, "sql report": sql_report,
            "pandas": pandas_statistics}
    if profile:  # cProfile of the job, to find its hot spots (pstats or snakeviz read it)
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(jobs[job], url, book)
        profiler.dump_stats(profile)
    else:
        result = jobs[job](url, book)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((seconds, base / 1024, peak / 1024, result))


def measure(job: str, url: str, book: Path, profile: str | None = None) -> tuple[float, float, float, tuple]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_measure, args=(job, url, str(book), queue, profile))
    process.start()
    outcome = queue.get()
    process.join()
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--sessions", type=int, default=500)
    parser.add_argument("--full-report", action="store_true",
                        help="measure only the whole kit report (HTML and CSV tables): time and peak memory")
    parser.add_argument("--profile", metavar="FILE", help="with --full-report: write a cProfile of the report run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, throwaway_cluster({"work_mem": "64MB"}) as cluster:
        book = write_book(Path(folder))
        url = cluster.url(driver="postgresql")
        started = time.perf_counter()
        written = fill(url, book, args.answers, args.sessions)
        cluster.psql("VACUUM ANALYZE responses")
        print(f"store: {written:,} answers in {args.sessions} sessions, {EXERCISES} exercises, written with COPY "
              f"in {time.perf_counter() - started:.1f} s")
        figures = {}
        if args.full_report:
            seconds, base, peak, result = measure("sql report", url, book, args.profile)
            print(f"full report     {seconds:7.2f} s   peak memory {peak:7.0f} MB ({peak - base:+.0f} MB over the "
                  f"{base:.0f} MB after imports)")
            print(f"sql report: {result[0]}")
            return
        for job in ("sql statistics", "pandas", "sql rows", "sql report"):
            seconds, base, peak, result = measure(job, url, book)
            figures[job] = result
            print(f"{job:15} {seconds:7.2f} s   peak memory {peak:7.0f} MB ({peak - base:+.0f} MB over the "
                  f"{base:.0f} MB after imports)")
        print(f"sql report: {figures['sql report'][0]}")
        same = figures["sql statistics"] == figures["pandas"]
        print(f"statistics of both paths equal: {'yes' if same else 'NO'} "
              f"({len(figures['pandas'][0]):,} item rows, {len(figures['pandas'][1])} sessions)")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
