"""Statistics from the database (kit/store/aggregate.py) equal those of the in-memory path, on the same answers.

A small programme of sessions with every exercise type, several attempts per key (out of order, in
different zones, ties), invalid answers and an unknown exercise: read from JSON Lines into memory
and scored by kit.report / kit.scoring, and read from a PostgreSQL store (and a SQLite file) with
the latest attempts picked in SQL.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.catalog import load_catalog
from kit.cli import main
from kit.report.stats import session_statistics as in_memory_statistics
from kit.scoring.load import load_scoring_inputs
from kit.scoring.session import score_responses
from kit.store import open_store
from kit.store.aggregate import StoreRows, session_statistics
from tests.conftest import exercise_cell
from tests.exercises import sample_yaml
from tests.postgres import fresh_database

SAMPLES = ("single", "multiple", "weighted", "ordering", "matching", "free", "case", "likert", "scenario")
# answers drawn per exercise: mostly valid, some of the wrong shape
ANSWERS: dict[str, list[object]] = {
    "first-words": ["a", "b", "c", "b", "b", "zz"],
    "risk-words": [["a", "b", "d"], ["a", "b"], ["c"], [], ["a", "b", "c", "d"], ["d", "a"], ["zz"]],
    "plan-parts": [["signs", "contacts", "means"], ["signs", "promise"], ["secret"], ["means"], "signs"],
    "call-order": [["contact", "problem", "feelings", "options", "plan"],
                   ["contact", "feelings", "problem", "options", "plan"],
                   ["plan", "options", "feelings", "problem", "contact"], ["contact", "plan"]],
    "support-match": [{"sup": "sup", "peer": "peer", "fam": "fam", "coach": "coach"}, {"sup": "peer"},
                      {"sup": "sup", "peer": "fam", "fam": "fam"}, {"nope": "sup"}],
    "handover": ["Called at 9, agreed to pass on her number.", "", "Dőlt ű betűk és čřž."],
    "stuck": [{"problem": "Calls every day.", "limits": "Shift ends."}, {}],
    "after-shift": [{"talk": 4, "replay": 2}, {"talk": 1}, {"talk": 9}],
    "night": [["open-1", "ask"], ["open-2", "ask"], ["open-1", "reassure"], ["open-3"], ["open-2", "reassure"],
              ["open-1"]],
    "ghost-01": ["a"],  # not in the book
}
ZONES = [timezone.utc, timezone(timedelta(hours=1)), timezone(timedelta(hours=2)), timezone(timedelta(hours=-5))]
SESSIONS = ["bekes-2026-11-24", "Brno-2026-11-25", "zlín-01", "szeged", "Ústí-02", "debrecen"]


def programme(seed: int = 7, sessions: list[str] = SESSIONS, participants: int = 9) -> Iterator[dict]:
    """Answers of a programme, in the order they would arrive (attempts of a key not always in time order)."""
    chance = random.Random(seed)
    start = datetime(2026, 11, 24, 8, 0, tzinfo=timezone.utc)
    exercises = list(ANSWERS)
    for session in sessions:
        for number in range(participants):
            person = f"p{number:02d}"
            for exercise in chance.sample(exercises, chance.randint(2, len(exercises))):
                moments = [start + timedelta(minutes=chance.randint(0, 50)) for _ in range(chance.randint(1, 3))]
                if len(moments) > 1 and chance.random() < 0.3:
                    moments[-1] = moments[0]  # a tie: the attempt read (stored) last counts
                seen = set()
                for moment in moments:
                    answer = chance.choice(ANSWERS[exercise])
                    identity = (moment, json.dumps(answer, sort_keys=True))
                    if identity in seen:  # the very same record twice: a store keeps it once (DESIGN §6)
                        continue
                    seen.add(identity)
                    yield {"session": session, "participant": person, "exercise": exercise, "answer": answer,
                           "submitted_at": moment.astimezone(chance.choice(ZONES)).isoformat()}


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    import nbformat

    from tests.conftest import module_notebook

    path = tmp_path_factory.mktemp("book") / "module.ipynb"
    nbformat.write(module_notebook(*(exercise_cell(sample_yaml(name)) for name in SAMPLES)), path)
    return path


@pytest.fixture(scope="module")
def answers(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("answers") / "programme.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for record in programme():
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(params=["postgresql", "sqlite"])
def store(request, answers, tmp_path):
    """The programme's answers in a store: a PostgreSQL database (a throw-away server) or a SQLite file."""
    if request.param == "sqlite":
        location = str(tmp_path / "programme.db")
        assert CliRunner().invoke(main, ["store", "import", str(answers), "--db", location]).exit_code == 0
        yield location
        return
    cluster = request.getfixturevalue("postgres_cluster")
    with fresh_database(cluster) as database:
        location = cluster.url(database=database, driver="postgresql")
        assert CliRunner().invoke(main, ["store", "import", str(answers), "--db", location]).exit_code == 0
        yield location


def test_item_and_test_statistics_from_sql_equal_the_in_memory_ones(store, answers, book):
    exercises = load_catalog([book]).exercises
    data = load_scoring_inputs([answers], [book], every_attempt=False)
    expected = in_memory_statistics(score_responses(data.latest, exercises), exercises)
    assert len(expected[1]) == len(SESSIONS) and len(expected[0]) > 4 * len(SESSIONS)
    assert any(item.discrimination is not None for item in expected[0])
    assert session_statistics(store, exercises) == expected


def test_the_rows_of_each_session_equal_kit_score_s(store, answers, book):
    exercises = load_catalog([book]).exercises
    data = load_scoring_inputs([answers], [book], every_attempt=False)
    expected = score_responses(data.latest, exercises)
    with open_store(store, create=False) as opened:
        source = StoreRows(opened, exercises)
        sessions = list(source.sessions())
    got = [row for _, rows in sessions for row in rows]
    assert [(r.key, r.result, r.attempts, r.response.answer, r.response.submitted_at) for r in got] == [
        (r.key, r.result, r.attempts, r.response.answer, r.response.submitted_at) for r in expected]
    assert source.lines == data.lines and not source.rejections
    assert [session for session, _ in sessions] == sorted(SESSIONS)  # Python's order, not the server's collation


def test_kit_report_on_a_store_writes_the_same_tables_as_on_json_lines(store, answers, book, tmp_path):
    (tmp_path / "from store").mkdir()
    (tmp_path / "from jsonl").mkdir()
    from_store = CliRunner().invoke(main, ["report", store, "--book", str(book),
                                           "-o", str(tmp_path / "from store" / "report.html")])
    # the store's own export: the same attempts, with the answers' keys in the store's (sorted) order
    exported = tmp_path / "export.jsonl"
    assert CliRunner().invoke(main, ["store", "export", "--db", store, "-o", str(exported)]).exit_code == 0
    from_jsonl = CliRunner().invoke(main, ["report", str(exported), "--book", str(book),
                                           "-o", str(tmp_path / "from jsonl" / "report.html")])
    assert from_store.exit_code == from_jsonl.exit_code == 1, from_store.output  # invalid answers are in it
    tables = sorted(path.name for path in (tmp_path / "from jsonl").glob("*.csv"))
    assert "report-items.csv" in tables and "report-test.csv" in tables
    assert sorted(path.name for path in (tmp_path / "from store").glob("*.csv")) == tables
    for name in tables:
        assert (tmp_path / "from store" / name).read_bytes() == (tmp_path / "from jsonl" / name).read_bytes(), name
    summary = from_store.stderr.splitlines()[-1]
    assert summary.split(";")[0] == from_jsonl.stderr.splitlines()[-1].split(";")[0]  # N responses read, 0 rejected


def test_a_trainer_s_report_holds_only_their_sessions(postgres_cluster, answers, book, tmp_path):
    with fresh_database(postgres_cluster) as database:
        admin = postgres_cluster.url(database=database, driver="postgresql")
        trainer = f"trainer_{database}"
        for args in (["store", "import", str(answers)], ["store", "roles", "setup"],
                     ["store", "roles", "add", "trainer", trainer], ["store", "roles", "assign", "zlín-01", trainer]):
            result = CliRunner().invoke(main, [*args, "--db", admin])
            assert result.exit_code == 0, result.output
        url = postgres_cluster.url(trainer, database, driver="postgresql")
        result = CliRunner().invoke(main, ["report", url, "--book", str(book), "-o", str(tmp_path / "r.html")])
        assert result.exit_code == 1, result.output
        rows = (tmp_path / "r-test.csv").read_text(encoding="utf-8-sig").splitlines()
        assert [row.split(",")[0] for row in rows[1:]] == ["zlín-01"]
        # the grouped statistics see through the same row-level security: her session, as the owner sees it
        exercises = load_catalog([book]).exercises
        items, tests = session_statistics(url, exercises)
        everything = session_statistics(admin, exercises)
        assert [test.session for test in tests] == ["zlín-01"]
        assert items == [item for item in everything[0] if item.session == "zlín-01"]
        assert tests == [test for test in everything[1] if test.session == "zlín-01"]


def test_the_streamed_report_of_a_store_equals_the_one_drawn_in_memory(store, book, tmp_path):
    from kit.report.html import report_html
    from kit.report.tables import write_tables
    from kit.store.aggregate import store_report

    (tmp_path / "streamed").mkdir()
    (tmp_path / "in memory").mkdir()
    streamed = CliRunner().invoke(main, ["report", store, "--book", str(book),
                                         "-o", str(tmp_path / "streamed" / "report.html")])
    assert streamed.exit_code == 1, streamed.output  # invalid answers are in it
    # the same store, every session's report held in a list, the page drawn whole
    data = load_scoring_inputs([], [book], None, every_attempt=False)
    report, _ = store_report(store, data, say=lambda _: None)
    assert isinstance(report.sessions, list) and len(report.sessions) == len(SESSIONS)
    (tmp_path / "in memory" / "report.html").write_text(report_html(report), encoding="utf-8")
    write_tables(report, tmp_path / "in memory" / "report.html")
    names = sorted(path.name for path in (tmp_path / "in memory").iterdir())
    assert len(names) == 13 and sorted(path.name for path in (tmp_path / "streamed").iterdir()) == names
    for name in names:
        assert (tmp_path / "streamed" / name).read_bytes() == (tmp_path / "in memory" / name).read_bytes(), name
    page = (tmp_path / "streamed" / "report.html").read_text(encoding="utf-8")
    assert page.count('<section class="kit-session"') == len(SESSIONS) and page.rstrip().endswith("</html>")
    assert all(f'<a href="#session-{number}">' in page for number in range(1, len(SESSIONS) + 1))
