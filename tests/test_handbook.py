"""The repository's own handbook: every edition builds, every internal link and image resolves, axe-core
finds nothing on a module page of each edition, and every exercise of exercises/ can be answered in the
self-study edition with the score shown equal to what ``kit score`` makes of the downloaded answers."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from kit.build import EDITIONS, build_edition
from kit.cli import main
from tests.chromium import axe_violations, chromium
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("handbook")
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, root)
    for name in ("book", "exercises"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints"))
    return {
        edition: build_edition(root, edition, say=lambda message: None) for edition in EDITIONS
    }


def pages(site: Path):
    """The built pages (not the theme's template fragments under _static)."""
    return [page for page in site.rglob("*.html") if "_static" not in page.relative_to(site).parts]


def _targets(page: Path, soup: BeautifulSoup):
    for tag, attribute in (("a", "href"), ("img", "src"), ("link", "href"), ("script", "src")):
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if not value:
                continue
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or value.startswith(("#", "mailto:", "data:")):
                continue
            yield tag, value, (page.parent / unquote(parts.path)).resolve()


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_internal_link_and_image_resolves(sites, edition):
    site = sites[edition]
    broken = []
    for page in pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, value, target in _targets(page, soup):
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: <{tag}> {value}")
    assert broken == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_page_needs_the_internet(sites, edition):
    remote = []
    for page in pages(sites[edition]):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(["script", "link", "img"]):
            source = element.get("src") or element.get("href") or ""
            if element.name == "link" and "stylesheet" not in (element.get("rel") or []):
                continue
            if urlsplit(source).scheme in ("http", "https"):
                remote.append(f"{page.name}: {source}")
    assert remote == []


def test_every_toc_page_is_built_with_its_title(sites):
    site = sites["participant"]
    for name in ("book/intro.html", "book/glossary.html", "exercises/first-slice.html"):
        page = site / name
        assert page.exists(), name
        assert "Helping the helpers" in page.read_text(encoding="utf-8")


def test_search_index_exists_in_every_edition(sites):
    for site in sites.values():
        assert (site / "searchindex.js").stat().st_size > 1000
        assert (site / "search.html").exists()


@pytest.fixture(scope="module")
def browser():
    with chromium() as found:
        yield found


@pytest.mark.parametrize("edition", EDITIONS)
def test_module_pages_carry_their_notebook_language(sites, edition):
    for name, language in (("esetmegbeszeles", "hu"), ("pripadova-konference", "cs"), ("first-slice", "en")):
        soup = BeautifulSoup((sites[edition] / "exercises" / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.html["lang"] == language, name


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("module", ["first-slice", "esetmegbeszeles"])
def test_a_module_page_of_each_edition_has_no_axe_violation(sites, browser, edition, module):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((sites[edition] / "exercises" / f"{module}.html").as_uri())
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 360, "height": 800})
    assert axe_violations(page) == []
    page.close()


def answer_by_mouse(page, exercise) -> None:
    """Answer one exercise in the page as a reader with a mouse would, and press Submit."""
    kind = exercise.get_attribute("data-kit-type")
    labels = exercise.locator(".kit-controls label")
    if kind == "single-choice":
        labels.nth(1).click()
    elif kind == "multiple-choice":
        labels.first.click()
        labels.last.click()
    elif kind == "ordering":
        exercise.locator("[data-kit-move=down]").first.click()
        exercise.locator("[data-kit-move=up]").last.click()
    elif kind == "matching":
        selects = exercise.locator("select")
        for index in range(selects.count()):
            values = selects.nth(index).locator("option").evaluate_all("options => options.map(o => o.value)")
            selects.nth(index).select_option(values[1 + (index + 1) % (len(values) - 1)])
    elif kind in ("free-text", "case-discussion"):
        exercise.locator("textarea").first.fill("Safety first, then what the client wants; I would ask before acting.")
    elif kind == "likert":
        for index in range(exercise.locator("[data-kit-statement]").count()):
            exercise.locator("[data-kit-statement]").nth(index).locator("label").nth(index % 2).click()
    elif kind == "scenario":
        while exercise.locator("[data-kit-stage] [data-kit-choice]").count():
            exercise.locator("[data-kit-stage] [data-kit-choice]").last.click()
    exercise.locator("[data-kit-action=submit]").click()
    exercise.locator("[data-kit-result] .kit-score").wait_for()


def test_every_exercise_can_be_answered_in_the_self_study_edition(sites, browser, tmp_path):
    site = sites["self-study"]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    shown: dict[str, tuple[str, str]] = {}
    modules = sorted((site / "exercises").glob("*.html"))
    assert len(modules) >= 5
    for module in modules:
        page.goto(module.as_uri())
        page.wait_for_function("Boolean(window.kit && window.kit.submit)")
        exercises = page.locator("[data-kit-exercise]")
        for index in range(exercises.count()):
            exercise = exercises.nth(index)
            answer_by_mouse(page, exercise)
            line = exercise.locator("[data-kit-result] .kit-score")
            shown[exercise.get_attribute("data-kit-exercise")] = (
                line.get_attribute("data-kit-status"), line.get_attribute("data-kit-score") or "")
    assert axe_violations(page) == []  # the last module, answered
    page.get_by_label("Your pseudonym").first.fill("Réka")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my answers").click()
    answers = tmp_path / "my answers.jsonl"
    download.value.save_as(answers)
    context.close()
    records = [json.loads(line) for line in answers.read_text(encoding="utf-8").splitlines()]
    assert {record["exercise"] for record in records} == set(shown)  # the whole book, every module
    root = site.parents[2]
    done = CliRunner().invoke(main, ["score", str(answers), "--book", str(root / "book"), "--book",
                                     str(root / "exercises")])
    assert done.exit_code == 0, done.output
    scored = {row["exercise"]: (row["status"], row["score"]) for row in csv.DictReader(io.StringIO(done.stdout))}
    assert scored == shown
    assert {status for status, _ in shown.values()} == {"scored", "pending", "recorded"}
    assert errors == [] or all("THEBE_JS_URL" in error for error in errors)  # the theme's own, not the player's
