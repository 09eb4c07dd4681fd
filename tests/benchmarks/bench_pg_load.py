"""Load on a programme's hub: 200 participants submitting back to back through the kit service, PostgreSQL.

    .venv/bin/python tests/benchmarks/bench_pg_load.py                     # 200 participants × 20 answers
    .venv/bin/python tests/benchmarks/bench_pg_load.py --participants 50 --answers 10
    .venv/bin/python tests/benchmarks/bench_pg_load.py --client kernel      # as widgets send: urllib

Starts a throw-away PostgreSQL server (tests/postgres.py), makes the store and its roles as
deploy/jupyterhub/README.md says (the service is the session's trainer role), then a real JupyterHub
with deploy/jupyterhub/jupyterhub_config.py: its proxy and the kit service (``kit workshop serve
--hub``). The hub gets the participants and a token for each (as the token in their server's
environment, which the widget sends). Each submit is ``POST /services/kit/api/v1/answers`` to the
service's own address (``KIT_SERVICE_URL``) with ``Authorization: token …``; the service answers
only once the attempt is stored. The participants are browsers by default (``--client browser``:
Node's http, one kept-alive connection each for both parts, tests/benchmarks/submit_load.mjs), or
kernels (``--client kernel``: a new connection per Submit, as the widget's urllib makes, from Tornado's
client in this process, which then spends as much of the 2 cores as the service). First the room
presses Submit together (each participant one answer, all at once), then every participant submits
the rest of their answers back to back, all of them at once. Before the first, each participant's
exercises are shown, which makes the token known to the service (``GET api/v1/participant``,
untimed), as the widget does; ``--cold`` leaves that out. Prints the latency Submit→stored (median,
95th percentile, worst) of each part, the throughput, and checks, as the superuser, that every
answer is in the store exactly once under its hub name.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.latency import spread  # noqa: E402 - after the path is set
from tests.postgres import throwaway_cluster  # noqa: E402
from tests.test_jupyterhub import EXERCISES, SERVICE, Hub, an_answer, kit_store  # noqa: E402


def the_answers() -> list[tuple[str, Any]]:
    """(exercise id, a valid answer) for every exercise the service serves."""
    from kit.notebook import read_module

    return [(exercise.id, an_answer(exercise)) for path in sorted(EXERCISES.glob("*.ipynb"))
            for exercise in read_module(path).valid_exercises]


async def participant(url: str, token: str, answers: list[tuple[str, Any]], start: asyncio.Event,
                      latencies: list[float], stored: list[float], failures: list[str]) -> None:
    """Submit ``answers`` one after the other; each latency, and the service's own share (Server-Timing:
    from the answer read to its commit), noted."""
    from tornado.httpclient import AsyncHTTPClient, HTTPClientError

    client = AsyncHTTPClient()
    await start.wait()
    for exercise_id, answer in answers:
        begun = time.perf_counter()
        try:
            reply = await client.fetch(url, method="POST", body=json.dumps({"exercise": exercise_id, "answer": answer}),
                               headers={"Content-Type": "application/json", "Authorization": f"token {token}"},
                               request_timeout=300)
        except (HTTPClientError, OSError) as error:
            failures.append(f"{exercise_id}: {error}")
            continue
        latencies.append(time.perf_counter() - begun)
        timing = dict(re.findall(r"(\w+);dur=([\d.]+)", reply.headers.get("Server-Timing", "")))
        if "stored" in timing:
            stored.append(float(timing["stored"]) / 1000)


async def submit_all(url: str, tokens: dict[str, str], answers: list[tuple[str, Any]], introduce: str = ""
                     ) -> tuple[list[float], list[float], list[str], float]:
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=len(tokens))
    if introduce:  # the widget does this when it is shown, long before the first Submit
        client = AsyncHTTPClient()
        await asyncio.gather(*(client.fetch(introduce, headers={"Authorization": f"token {token}"}, raise_error=False)
                               for token in tokens.values()))
    start = asyncio.Event()
    latencies: list[float] = []
    stored: list[float] = []
    failures: list[str] = []
    tasks = [asyncio.create_task(participant(url, token, answers, start, latencies, stored, failures))
             for token in tokens.values()]
    await asyncio.sleep(0.5)
    begun = time.perf_counter()
    start.set()
    await asyncio.gather(*tasks)
    return latencies, stored, failures, time.perf_counter() - begun


def submit_all_from_node(url: str, tokens: dict[str, str], phases: list[list[tuple[str, Any]]], introduce: str = ""
                         ) -> list[tuple[list[float], list[float], list[str], float]]:
    import subprocess

    plan = json.dumps({"url": url, "tokens": list(tokens.values()), "phases": phases, "introduce": introduce})
    done = subprocess.run(["node", str(Path(__file__).with_name("submit_load.mjs"))], input=plan,
                          capture_output=True, text=True, check=True)
    return [(outcome["latencies"], outcome["stored"], outcome["failures"], outcome["elapsed"])
            for outcome in json.loads(done.stdout)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--answers", type=int, default=20, help="answers each participant submits")
    parser.add_argument("--client", choices=("browser", "kernel"), default="browser",
                        help="browser: kept-alive connections (Node's http); kernel: a connection per Submit")
    parser.add_argument("--cold", action="store_true",
                        help="the service meets every token at its first Submit (no GET api/v1/participant first)")
    args = parser.parse_args()
    pool = the_answers()
    answers = [pool[n % len(pool)] for n in range(args.answers)]
    from sqlalchemy import create_engine, text

    with throwaway_cluster() as cluster, tempfile.TemporaryDirectory(prefix="kit-bench-hub-") as folder:
        owner = cluster.url(driver="postgresql")
        kit_store("migrate", "--db", owner)
        kit_store("roles", "setup", "--db", owner)
        kit_store("roles", "add", "trainer", "kit_service", "--db", owner)
        hub = Hub(Path(folder), cluster.url("kit_service", driver="postgresql"))
        kit_store("roles", "assign", hub.session, "kit_service", "--db", owner)
        try:
            hub.start()
            names = [f"p{n:03d}" for n in range(args.participants)]
            hub.api("POST", "/hub/api/users", json={"usernames": names}, expect=(201,))
            tokens = {name: hub.user_token(name) for name in names}
            url = f"http://127.0.0.1:{hub.service_port}{SERVICE}api/v1/answers"  # KIT_SERVICE_URL
            introduce = "" if args.cold else f"http://127.0.0.1:{hub.service_port}{SERVICE}api/v1/participant"
            if args.client == "browser":
                (first, first_stored, first_failures, first_elapsed), (latencies, in_service, failures, elapsed) = \
                    submit_all_from_node(url, tokens, [answers[:1], answers[1:]], introduce)
            else:
                first, first_stored, first_failures, first_elapsed = asyncio.run(
                    submit_all(url, tokens, answers[:1], introduce))
                latencies, in_service, failures, elapsed = asyncio.run(submit_all(url, tokens, answers[1:]))
            failures += first_failures
        finally:
            left = hub.stop()
        engine = create_engine(cluster.url())
        with engine.connect() as connection:
            stored = connection.execute(text(
                "SELECT participant, exercise, count(*) FROM responses WHERE session = :session "
                "GROUP BY participant, exercise"), {"session": hub.session}).all()
        engine.dispose()

    expected = args.participants * args.answers
    total = sum(count for _, _, count in stored)
    per_person = {(participant, exercise): count for participant, exercise, count in stored}
    wanted: dict[tuple[str, str], int] = {}
    for name in tokens:
        for exercise_id, _ in answers:
            wanted[name, exercise_id] = wanted.get((name, exercise_id), 0) + 1
    lost = sum(max(0, count - per_person.get(key, 0)) for key, count in wanted.items())
    connections = "kept-alive connections" if args.client == "browser" else "a connection per Submit"
    print(f"participants as {args.client}s ({connections})")
    print(f"{args.participants} participants press Submit together (their first answer, "
          f"{'new tokens' if args.cold else 'tokens the service met when the exercises were shown'}): "
          f"{first_elapsed:.1f} s; Submit→stored {spread(first)}; of which stored in the service "
          f"{spread(first_stored)}")
    print(f"then {args.answers - 1} answers each, back to back, all at once: {elapsed:.1f} s, "
          f"{len(latencies) / elapsed:.0f} submits/s on {os.cpu_count()} cores; Submit→stored {spread(latencies)}; "
          f"of which stored in the service {spread(in_service)}")
    print(f"(load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"stored {total} of {expected} answers under the hub names: {lost} lost, {len(failures)} refused or failed"
          + (f" (first: {failures[0]})" if failures else ""))
    ok = not failures and total == expected and lost == 0 and not left
    print("OK" if ok else "FAILED" + (f" (processes left behind: {left})" if left else ""))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
