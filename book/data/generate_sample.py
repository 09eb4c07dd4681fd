"""Write the sample responses of book/results-analysis.ipynb (run from the repository root).

    .venv/bin/python book/data/generate_sample.py

Two fictional workshop days on the module exercises/first-slice.ipynb, answered by pseudonymous
participants whose skill varies, so that the item statistics have something to show. Deterministic:
the same seed writes the same files.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
SESSIONS = {
    "kisretely-2026-11-24": (datetime(2026, 11, 24, 9, 0, tzinfo=timezone(timedelta(hours=1))), 12),
    "szolnok-2026-12-01": (datetime(2026, 12, 1, 9, 0, tzinfo=timezone(timedelta(hours=1))), 9),
}
WORDS = ("signal", "consent", "safety", "family", "school", "police", "victim", "support", "contact", "plan",
         "meeting", "confidential", "referral", "district", "helpline", "trust", "next", "step", "record")
DIMENSIONS = ("problem", "client", "helper", "environment", "relationship", "resources", "limits",
              "interventions", "dilemmas")
REFERRAL = ["report", "inform", "forward", "contact", "needs", "follow-up"]
PAIRS = ["pupil-neglect", "violence-now", "robbed", "nowhere-tonight", "despair"]
SCENARIO_PATHS = [  # (path, how good it is from 0 to 1)
    (["arrive-alone", "disclosure-honest", "check-plan"], 1.0),
    (["arrive-at-once", "denial-later", "disclosure-honest", "check-plan"], 0.85),
    (["arrive-alone", "disclosure-honest", "check-note"], 0.6),
    (["arrive-alone", "disclosure-promise", "promised-return", "check-plan"], 0.55),
    (["arrive-alone", "disclosure-honest", "check-police"], 0.45),
    (["arrive-at-once", "denial-accept"], 0.2),
    (["arrive-alone", "disclosure-police"], 0.15),
    (["arrive-son"], 0.0),
]


def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def answer(exercise: str, skill: float, rng: random.Random) -> object:
    good = rng.random() < skill
    if exercise == "fs-readiness":
        lean = 1 + round(3 * skill + rng.random())
        values = {s: max(1, min(5, lean + rng.choice((-1, 0, 0, 1)))) for s in
                  ("know-service", "explain-limits", "know-numbers", "ask-colleague")}
        values["unsure-secret"] = max(1, min(5, 6 - lean + rng.choice((-1, 0, 1))))
        return values
    if exercise == "fs-first-words":
        return "c" if good else rng.choice("abbd")
    if exercise == "fs-signalling-members":
        return [o for o in "abcdef" if (o != "c") == (rng.random() < 0.45 + 0.5 * skill)]
    if exercise == "fs-pregnant-teen-signal":
        return "b" if good else rng.choice("acc")
    if exercise == "fs-who-to-whom":
        return {left: left if rng.random() < 0.35 + 0.6 * skill else rng.choice(PAIRS) for left in PAIRS}
    if exercise == "fs-victim-referral":
        order = list(REFERRAL)
        for _ in range(round((1 - skill) * 4 + rng.random())):
            i = rng.randrange(len(order) - 1)
            order[i], order[i + 1] = order[i + 1], order[i]
        return order
    if exercise == "fs-home-visit":
        ranked = sorted(SCENARIO_PATHS, key=lambda item: abs(item[1] - skill + rng.gauss(0, 0.2)))
        return ranked[0][0]
    if exercise == "fs-roundtable-invitation":
        return text(rng, rng.randint(60, 160))
    if exercise == "fs-stuck-case":
        return {d: text(rng, rng.randint(8, 30)) for d in DIMENSIONS if rng.random() < 0.5 + 0.5 * skill}
    raise ValueError(exercise)


EXERCISES = ("fs-readiness", "fs-first-words", "fs-signalling-members", "fs-pregnant-teen-signal", "fs-who-to-whom",
             "fs-victim-referral", "fs-home-visit", "fs-roundtable-invitation", "fs-stuck-case")


def main(seed: int = 24) -> None:
    rng = random.Random(seed)
    records, grades = [], []
    for session, (start, size) in SESSIONS.items():
        for number in range(1, size + 1):
            participant = f"p{number:02d}"
            skill = min(0.95, max(0.1, rng.gauss(0.6, 0.2)))
            clock = start + timedelta(minutes=rng.randint(0, 5))
            for exercise in EXERCISES:
                clock += timedelta(minutes=rng.randint(3, 12), seconds=rng.randint(0, 59))
                tries = 2 if rng.random() < 0.15 else 1
                for attempt in range(tries):
                    submitted = clock + timedelta(seconds=40 * attempt)
                    # some kernels write UTC: the latest instant still wins
                    stamp = (submitted.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
                             if rng.random() < 0.2 else submitted.isoformat())
                    records.append({"session": session, "participant": participant, "exercise": exercise,
                                    "answer": answer(exercise, skill if attempt == tries - 1 else skill / 2, rng),
                                    "submitted_at": stamp})
            # a trainer graded most of the written answers
            if rng.random() < 0.7:
                for criterion, points in (("purpose", 2), ("participants", 1), ("who-what-whom", 2),
                                          ("confidentiality", 2), ("outputs", 3), ("language", 2)):
                    grades.append((session, participant, "fs-roundtable-invitation", criterion,
                                   round(points * min(1.0, skill + rng.uniform(-0.2, 0.2)) * 2) / 2))
    # a typing slip (an answer of the wrong shape) and a line a broken client wrote
    records.append({"session": "szolnok-2026-12-01", "participant": "p03", "exercise": "fs-first-words",
                    "answer": "C", "submitted_at": "2026-12-01T11:59:00+01:00"})
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    lines.append('{"session": "szolnok-2026-12-01", "participant": "p04", "exercise": "fs-first-wo')
    (HERE / "first-slice-responses.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open(HERE / "first-slice-grades.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("session", "participant", "exercise", "criterion", "points"))
        writer.writerows(grades)


if __name__ == "__main__":
    main()
