"""``kit report`` for a small room: figures that rest on too few people say so; titles name what was run.

Two participants who each did a different module: every item has n = 2 (Moodle counts a missing
answer as 0), so the page shows how many answered beside n, says why the facility is low, and shows
no correlation figure (consistency, error ratio, discrimination, efficiency). The CSV tables keep
Moodle's figures. Printed from Chromium, no heading ends a page.
"""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from kit.cli import main
from kit.report.caution import FEW, correlation_margin, shows_correlations
from tests.conftest import ROOT, exercise_cell

CHOICE = """
id: {id}
type: single-choice
title: {title}
prompt: Which one?
options:
  - text: Right
    correct: true
  - text: Half
    weight: 50
  - text: Wrong
"""


def answer(session: str, participant: str, exercise: str, option: str, day: str = "2026-11-24") -> dict[str, Any]:
    return {"session": session, "participant": participant, "exercise": exercise, "answer": option,
            "submitted_at": f"{day}T09:00:00+01:00"}


def report(tmp_path: Path, book: Path, responses: Path) -> tuple[BeautifulSoup, Path]:
    output = tmp_path / "day.html"
    result = CliRunner().invoke(main, ["report", str(responses), "--book", str(book), "-o", str(output)])
    assert result.exit_code == 0, result.output
    return BeautifulSoup(output.read_text(encoding="utf-8"), "html.parser"), output


@pytest.fixture
def two_modules(write_notebook, tmp_path: Path) -> Path:
    book = tmp_path / "book"
    write_notebook("morning.ipynb", exercise_cell(CHOICE.format(id="am-one", title="First words")),
                   exercise_cell(CHOICE.format(id="am-two", title="The silence")), folder=book,
                   title="Morning on the line")
    write_notebook("afternoon.ipynb", exercise_cell(CHOICE.format(id="pm-one", title="Referral")), folder=book,
                   title="Afternoon: referral")
    return book


def test_two_people_in_two_modules(two_modules: Path, write_jsonl, tmp_path: Path) -> None:
    responses = write_jsonl("day.jsonl", [
        answer("bekes", "p1", "am-one", "b"), answer("bekes", "p1", "am-two", "a"),
        answer("bekes", "p2", "pm-one", "c", day="2026-11-25"),
    ])
    page, output = report(tmp_path, two_modules, responses)

    # the title says which session, when, and which modules
    # (modules in the order the notebooks are read: by file name)
    assert page.title.get_text() == "Session report: bekes · 2026-11-24 – 2026-11-25 · Afternoon: referral, " \
                                    "Morning on the line"
    assert "bekes" in page.h1.get_text()

    # the items table: the title, how many answered beside n, and the reason for a low facility
    table = page.find("th", string="Answered").find_parent("table")
    rows = {row.code.get_text(): [cell.get_text() for cell in row.find_all("td")] for row in table.tbody.find_all("tr")}
    assert rows["am-one"][0].startswith("First words")
    assert rows["am-one"][1:4] == ["1", "2", "25 %*"]  # p1 scored 50 %; p2, who did not answer, counts 0
    assert rows["am-one"][5:] == ["too few participants", "too few participants"]
    assert "those who did not answer count 0" in table.find_next("p").get_text()

    # the overview: no consistency figure from two people, and a plain sentence why
    overview = page.find("table", class_="kit-overview")
    cells = {row.th.get_text(): row.td.get_text() for row in overview.find_all("tr")}
    assert cells["Coefficient of internal consistency"] == "too few participants"
    assert "Too few participants (2)" in page.find("p", class_="kit-caution").get_text()

    # charts name exercises by their titles, not their ids
    chart = page.find("figure", class_="kit-chart")
    labels = [text.get_text() for text in chart.find_all("text", class_="kit-chart-label")]
    assert "First words" in labels and "am-one" not in labels

    # the exercise's own line says how many answered
    exercise = page.find("article", id=lambda anchor: anchor and anchor.endswith("exercise-1"))
    assert "1 of 2 answered; the others count 0" in exercise.get_text()

    # the CSV keeps Moodle's figures
    with open(output.with_name("day-items.csv"), encoding="utf-8-sig", newline="") as handle:
        items = {row["exercise"]: row for row in csv.DictReader(handle)}
    assert items["am-one"]["facility"] == "25" and items["am-one"]["discrimination"] == "100"


def test_a_room_of_twelve_shows_correlations_with_their_margin(two_modules: Path, write_jsonl,
                                                                tmp_path: Path) -> None:
    records = []
    for number in range(12):
        for exercise in ("am-one", "am-two", "pm-one"):
            records.append(answer("szeged", f"p{number:02}", exercise, "abc"[(number + len(exercise)) % 3]))
    page, _ = report(tmp_path, two_modules, write_jsonl("room.jsonl", records))
    caution = page.find("p", class_="kit-caution").get_text()
    assert "12 participants" in caution and "±57.4 points" in caution
    assert "too few participants" not in page.get_text()


def test_the_threshold_and_margin() -> None:
    assert not shows_correlations(FEW - 1) and shows_correlations(FEW)
    assert correlation_margin(3) is None
    assert round(correlation_margin(10), 1) == 63.0 and round(correlation_margin(30), 1) == 36.0


@pytest.mark.slow
def test_printed_from_chromium_no_heading_ends_a_page(tmp_path: Path) -> None:
    """The sample day of the handbook, printed to A4 by Chromium: each page's last line is not a heading."""
    from playwright.sync_api import sync_playwright

    output = tmp_path / "sample.html"
    result = CliRunner().invoke(main, ["report", str(ROOT / "book" / "data" / "first-slice-responses.jsonl"),
                                       "--book", str(ROOT / "exercises" / "first-slice.ipynb"),
                                       "--grades", str(ROOT / "book" / "data" / "first-slice-grades.csv"),
                                       "-o", str(output)])
    assert result.exit_code in (0, 1), result.output
    headings = {tag.get_text(" ", strip=True) for tag in
                BeautifulSoup(output.read_text(encoding="utf-8"), "html.parser").find_all(["h2", "h3", "h4"])}
    pdf = tmp_path / "sample.pdf"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                                                   "--disable-background-networking", "--disable-component-update"])
        try:
            page = browser.new_page()
            page.goto(output.as_uri())
            page.pdf(path=str(pdf), format="A4")
        finally:
            browser.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) > 3
    for number, page in enumerate(pages[:-1], start=1):
        last = [line.strip() for line in page.splitlines() if line.strip()][-1]
        assert last not in headings, f"page {number} ends with the heading {last!r}"
