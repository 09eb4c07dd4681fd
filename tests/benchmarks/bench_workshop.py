"""Benchmark ``kit workshop serve`` with a room of phones, over the HTTP API on loopback.

    .venv/bin/python tests/benchmarks/bench_workshop.py                        # 300 participants, SQLite
    .venv/bin/python tests/benchmarks/bench_workshop.py --store postgresql     # the same on a PostgreSQL store
    .venv/bin/python tests/benchmarks/bench_workshop.py --participants 50 --think 0 0

Starts a real ``kit workshop serve`` (its own process, a free loopback port, a fresh store) and a
trainer's dashboard listening to its pushed updates. Then every participant arrives in the same
second and does what a phone does: opens the join page, joins with a pseudonym, opens the module
list and the module's page with the player's script and style ("page ready": the first request to
the last byte of the last of these). Then each answers every exercise of the module, with a random
pause before each (``--think``, default 1–4 s), timing Submit → reply; the server replies only once
the attempt is stored, so this is an upper bound of Submit → stored. Each request opens a
connection of its own (a browser would reuse one), so the figures err on the slow side.

Prints join p95, Submit → stored p95, the server's resident memory (now and at its peak), answers
lost (answered 200 but not in the store) and refused (not 200). The load generator runs on the
same machine and shares its cores with the server: say so beside the figures. Bounded in count
(``--participants`` at most 2000) and in time (``--limit`` seconds for the whole room).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kit.catalog import load_catalog  # noqa: E402
from kit.i18n import default_scale  # noqa: E402
from kit.models import (  # noqa: E402
    CaseDiscussion,
    Exercise,
    FreeText,
    Likert,
    Matching,
    MultipleChoice,
    Ordering,
    Scenario,
    SingleChoice,
)
from tests.test_workshop_e2e import WorkshopServer  # noqa: E402

SESSION = "bench-room"
MAX_PARTICIPANTS = 2000
TARGETS = {"join_p95_s": 1.0, "sqlite_p95_ms": 100.0, "postgresql_p95_ms": 200.0, "rss_mb": 300.0}


def random_answer(exercise: Exercise, rng: random.Random, language: str) -> Any:
    """A well-formed answer of the exercise's type, chosen at random (as a room would answer)."""
    if isinstance(exercise, SingleChoice):
        return rng.choice([option.id for option in exercise.options])
    if isinstance(exercise, MultipleChoice):
        ids = [option.id for option in exercise.options]
        chosen = set(rng.sample(ids, rng.randint(1, len(ids))))
        return [option_id for option_id in ids if option_id in chosen]
    if isinstance(exercise, Ordering):
        return rng.sample(exercise.key, len(exercise.key))
    if isinstance(exercise, Matching):
        ids = [pair.id for pair in exercise.pairs]
        return {pair_id: rng.choice(ids) for pair_id in ids}
    if isinstance(exercise, FreeText):
        return " ".join(rng.choice(["client", "safety", "plan", "consent", "call", "next"]) for _ in range(40))
    if isinstance(exercise, CaseDiscussion):
        return {exercise.dimension_ids[0]: "She calls every morning.", exercise.dimension_ids[-1]: "Whose need?"}
    if isinstance(exercise, Likert):
        scale = len(exercise.scale or default_scale(language))
        return {statement.id: rng.randint(1, scale) for statement in exercise.statements}
    if isinstance(exercise, Scenario):
        path, node = [], exercise.node_by_id[exercise.start]
        while not node.is_ending:
            choice = rng.choice(node.choices or [])
            path.append(choice.id)
            node = exercise.node_by_id[choice.goto]
        return path
    raise TypeError(exercise.type_name)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def describe(values: list[float], unit: str) -> str:
    if not values:
        return "none"
    return (f"n={len(values)}  median {statistics.median(values):7.1f} {unit}  p95 {percentile(values, 0.95):7.1f} "
            f"{unit}  max {max(values):7.1f} {unit}")


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS now, peak RSS) of a process in MB, from /proc (Linux)."""
    status = Path(f"/proc/{pid}/status").read_text()
    now = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    return now / 1024, peak / 1024


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Person:
    number: int
    plan: list[tuple[str, Any]]
    page_seconds: float = float("nan")
    submits_ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)  # request arrived → stored, by the server's clock
    answered: dict[str, Any] = field(default_factory=dict)  # exercise → the answer the server took (200)
    refused: list[str] = field(default_factory=list)

    @property
    def pseudonym(self) -> str:
        return f"p{self.number:04d}"


class Room:
    """The participants and the trainer, as asyncio tasks over Tornado's HTTP client."""

    def __init__(self, base: str, module_url: str, think: tuple[float, float], seed: int):
        from tornado.httpclient import AsyncHTTPClient

        AsyncHTTPClient.configure(None, max_clients=MAX_PARTICIPANTS * 2)
        self.client = AsyncHTTPClient()
        self.base, self.module_url, self.think = base, module_url, think
        self.rng = random.Random(seed)
        self.dashboard_events = 0

    async def request(self, path: str, body: Any = None, cookie: str = "") -> Any:
        headers = {"Cookie": cookie} if cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        return await self.client.fetch(f"{self.base}/{path}", method="GET" if body is None else "POST",
                                       body=None if body is None else json.dumps(body), headers=headers,
                                       raise_error=False, request_timeout=120, connect_timeout=120)

    async def participant(self, person: Person) -> None:
        began = time.monotonic()
        await self.request("")
        joined = await self.request("api/v1/join", {"pseudonym": person.pseudonym})
        if joined.code != 200:
            person.refused.append(f"join {joined.code}")
            return
        cookie = joined.headers["Set-Cookie"].split(";", 1)[0]
        await self.request("", cookie=cookie)
        page = await self.request(self.module_url, cookie=cookie)
        await asyncio.gather(self.request("static/player.js"), self.request("static/player.css"))
        person.page_seconds = time.monotonic() - began
        if page.code != 200:
            person.refused.append(f"page {page.code}")
            return
        rng = random.Random(person.number)
        for exercise_id, answer in person.plan:
            await asyncio.sleep(rng.uniform(*self.think))
            sent = time.monotonic()
            reply = await self.request("api/v1/answers", {"exercise": exercise_id, "answer": answer}, cookie)
            if reply.code == 200:
                person.submits_ms.append(1000 * (time.monotonic() - sent))
                timing = dict(re.findall(r"(\w+);dur=([\d.]+)", reply.headers.get("Server-Timing", "")))
                person.server_ms.append(float(timing.get("request", "nan")))
                person.answered[exercise_id] = answer
            else:
                person.refused.append(f"{exercise_id} {reply.code} {reply.body[:80]!r}")

    async def trainer(self, url: str) -> None:
        """The dashboard, listening to the pushed room until cancelled (a plain socket: cancelling is clean)."""
        parts = urlsplit(url.replace("/dashboard?", "/dashboard/events?"))
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        writer.write(f"GET {parts.path}?{parts.query} HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode())
        try:
            while line := await reader.readline():
                self.dashboard_events += line.startswith(b"event: room")
        finally:
            writer.close()


@contextmanager
def store_location(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield str(folder / "room.db")
        return
    from tests.postgres import throwaway_cluster

    with throwaway_cluster() as cluster:
        yield cluster.url()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--store", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--module", default=str(ROOT / "exercises" / "first-slice.ipynb"))
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 4.0), metavar=("MIN", "MAX"),
                        help="seconds before each answer of one participant (uniform; default 1 4)")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds the whole room may take (default 300)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not 1 <= args.participants <= MAX_PARTICIPANTS:
        parser.error(f"--participants must be between 1 and {MAX_PARTICIPANTS}")

    import shutil

    source = Path(args.module).resolve()
    catalog = load_catalog([source])
    module = catalog.modules[0]
    exercises = [catalog.exercises[cell.exercise_id] for cell in module.exercises if cell.exercise is not None]
    rng = random.Random(args.seed)
    people = [Person(number, [(exercise.id, random_answer(exercise, rng, module.meta.language))
                              for exercise in exercises]) for number in range(args.participants)]

    with tempfile.TemporaryDirectory(prefix="kit-bench-workshop-") as temporary:
        folder = Path(temporary)
        (folder / "modules").mkdir()
        shutil.copy(source, folder / "modules" / source.name)
        with store_location(args.store, folder) as db:
            started = time.monotonic()
            server = WorkshopServer(folder / "modules", db, folder / "server.log", session=SESSION,  # type: ignore[arg-type]
                                    extra_args=["--max-participants", str(max(1000, args.participants))])
            print(f"server ready in {time.monotonic() - started:.1f} s at {server.base} ({args.store} store); "
                  f"{args.participants} participants × {len(exercises)} exercises of {source.name}; think "
                  f"{args.think[0]:g}–{args.think[1]:g} s; {os.cpu_count()} cores shared with the load generator, "
                  f"load average {os.getloadavg()[0]:.1f} before the room")
            try:
                rss_before, _ = memory_mb(server.process.pid)
                cpu_before = cpu_seconds(server.process.pid)
                generator_cpu = time.process_time()
                elapsed, timed_out, pushes = asyncio.run(run_room(server, people, args, f"modules/{source.name}"))
                rss_after, rss_peak = memory_mb(server.process.pid)
                server_cpu = cpu_seconds(server.process.pid) - cpu_before
                generator_cpu = time.process_time() - generator_cpu
            finally:
                server.stop()
            log = (folder / "server.log").read_text(encoding="utf-8", errors="replace")
            from kit.responses import Response
            from kit.store import open_store

            with open_store(db, create=False) as store:
                rows = [record for record in store.read_all() if isinstance(record, Response)]

    stored = {(row.participant, row.exercise): row.answer for row in rows if row.session == SESSION}
    answered = {(person.pseudonym, exercise): answer for person in people
                for exercise, answer in person.answered.items()}
    lost = sum(1 for key in answered if key not in stored)
    differ = sum(1 for key, answer in answered.items() if key in stored and stored[key] != answer)
    refused = [f"{person.pseudonym}: {reason}" for person in people for reason in person.refused]
    pages = [person.page_seconds for person in people if person.page_seconds == person.page_seconds]
    submits = [value for person in people for value in person.submits_ms]
    in_server = [value for person in people for value in person.server_ms]
    expected = len(people) * len(exercises)

    print(f"\nroom done in {elapsed:.1f} s{' (stopped at --limit)' if timed_out else ''}; {len(rows)} attempts stored; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"join → page ready (s):          {describe(pages, 's')}")
    print(f"Submit → stored, replied (ms):  {describe(submits, 'ms')}")
    print(f"  of which in the server (ms):  {describe(in_server, 'ms')}  (request read → stored and scored)")
    print(f"answers: expected {expected}, answered {len(answered)}, lost {lost}, stored differently {differ}, "
          f"refused {len(refused)}")
    for reason in refused[:5]:
        print("   ", reason)
    print(f"server memory: RSS {rss_before:.0f} MB before the room, {rss_after:.0f} MB after, peak {rss_peak:.0f} MB; "
          f"CPU: server {server_cpu:.1f} s, load generator {generator_cpu:.1f} s")
    print(f"dashboard: {pushes} pushed updates; server log: "
          f"{log.count('Traceback')} tracebacks")
    target_ms = TARGETS[f"{args.store}_p95_ms"]
    join_p95, submit_p95 = percentile(pages, 0.95), percentile(submits, 0.95)
    ok = (not timed_out and lost == 0 and differ == 0 and not refused and len(answered) == expected
          and join_p95 <= TARGETS["join_p95_s"] and submit_p95 <= target_ms and rss_peak <= TARGETS["rss_mb"])
    print(f"\ntargets (issue #15): join p95 ≤ {TARGETS['join_p95_s']:g} s, Submit → stored p95 ≤ {target_ms:.0f} ms, "
          f"0 lost, server RSS ≤ {TARGETS['rss_mb']:.0f} MB: {'met' if ok else 'NOT met'} (join p95 {join_p95:.2f} s, "
          f"Submit p95 {submit_p95:.1f} ms, lost {lost}, peak RSS {rss_peak:.0f} MB)")
    return 0 if ok else 1


async def run_room(server: WorkshopServer, people: list[Person], args: argparse.Namespace,
                   module_url: str) -> tuple[float, bool, int]:
    """The whole room: (seconds it took, whether --limit stopped it, updates pushed to the dashboard)."""
    room = Room(server.base, module_url, tuple(args.think), args.seed)
    trainer = asyncio.ensure_future(room.trainer(server.dashboard))
    began = time.monotonic()
    tasks = [asyncio.ensure_future(room.participant(person)) for person in people]
    done, pending = await asyncio.wait(tasks, timeout=args.limit)
    for task in pending:
        task.cancel()
    for task in done:
        if task.exception() is not None:
            people[tasks.index(task)].refused.append(f"{type(task.exception()).__name__}: {task.exception()}")
    elapsed = time.monotonic() - began
    await asyncio.sleep(1.5)  # the last push reaches the dashboard
    trainer.cancel()
    await asyncio.gather(trainer, return_exceptions=True)
    return elapsed, bool(pending), room.dashboard_events


if __name__ == "__main__":
    sys.exit(main())
