"""The player's markup (kit.player): what each mode puts in the page, and what it must never hold."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from kit.build.leaks import catalog_secrets, find_leaks, normalise, self_study_secrets
from kit.catalog import load_catalog
from kit.models import parse_exercise
from kit.notebook import read_module
from kit.player import STATIC_DIR, render_exercise, render_module_page
from tests.conftest import ROOT, exercise_cell
from tests.player_exercises import EXERCISES, FACILITATOR, SECRETS, write_module


@pytest.fixture
def module(tmp_path):
    return read_module(write_module(tmp_path / "Night shift ő.ipynb", language="hu"))


def page(module, mode: str) -> str:
    return render_module_page(module, mode=mode, api_base="../api/v1/", static_base="../static/", book_key="b")


def test_static_dir_holds_one_script_and_one_style():
    assert sorted(path.name for path in STATIC_DIR.iterdir()) == ["player.css", "player.js"]
    assert "import " not in (STATIC_DIR / "player.js").read_text(encoding="utf-8").split("*/", 1)[1][:200]


def test_workshop_page_holds_no_secret_and_no_facilitator_material(module):
    html = page(module, "workshop")
    for secret in SECRETS + FACILITATOR:
        assert secret not in html
    assert "After the block." in html  # the text after a MyST facilitator block stays


def test_self_study_page_holds_keys_but_no_facilitator_material(module):
    html = page(module, "self-study")
    for secret in FACILITATOR:
        assert secret not in html
    for key in ("FEEDBACK-gamma-xq", "RUBRIC-facts-xq", "hiddencompetency", "OUTCOME-safe-xq"):
        assert key in html


@pytest.mark.parametrize("mode", ["workshop", "self-study"])
def test_page_runs_under_a_strict_csp(module, mode):
    soup = BeautifulSoup(page(module, mode), "html.parser")
    assert soup.html["lang"] == "hu" and soup.html["data-kit-mode"] == mode
    assert soup.html.get("data-kit-api") == "../api/v1/"
    for script in soup.find_all("script"):
        assert script.get("src") == "../static/player.js" or script.get("type") == "application/json"
    assert [link["href"] for link in soup.find_all("link", rel="stylesheet")] == ["../static/player.css"]
    for element in soup.find_all(True):
        assert "style" not in element.attrs
        assert not [name for name in element.attrs if name.startswith("on")], element.name


def test_every_type_is_a_labelled_exercise_in_the_page_language(module):
    soup = BeautifulSoup(page(module, "workshop"), "html.parser")
    sections = soup.select("[data-kit-exercise]")
    assert [section["data-kit-exercise"] for section in sections] == [data["id"] for data in EXERCISES]
    for section in sections:
        assert section["lang"] == "hu"
        assert section.select_one("[aria-live=polite][data-kit-result]") is not None
        for control in section.select("input, select, textarea"):
            assert section.select_one(f"label[for='{control['id']}']"), control
    labels = json.loads(soup.select_one("[data-kit-data]").string)["labels"]
    assert labels["join"] == "Csatlakozás és küldés"  # the join form's button, in Hungarian
    scenario = soup.select_one("[data-kit-exercise=pl-scenario]")
    names = [button.get_text(strip=True) for button in scenario.select("[data-kit-choice]")]
    assert names[:2] == ["Greet warmly", "Hang up"]  # each choice is a button named by its text
    assert 'data-kit-choice="n2-1" data-kit-goto="end-safe">Listen first</button>' in page(module, "workshop")


def test_data_block_cannot_end_early():
    data = {**EXERCISES[0], "options": [{"text": "</script><script>alert(1)</script> & ő", "correct": True,
                                         "feedback": "</script>"}, {"text": "b"}]}
    html = render_exercise(parse_exercise(data), language="en", mode="self-study")
    block = BeautifulSoup(html, "html.parser").select_one("[data-kit-data]").string
    assert json.loads(block)["spec"]["options"][0]["text"] == "</script><script>alert(1)</script> & ő"
    assert "</script>" not in block and "ő" in block


def test_workshop_data_holds_no_key(module):
    soup = BeautifulSoup(page(module, "workshop"), "html.parser")
    for block in soup.select("[data-kit-data]"):
        data = json.loads(block.string)
        assert "spec" not in data
    ordering = soup.select_one("[data-kit-exercise=pl-ordering]")
    shown = [item["data-kit-item"] for item in ordering.select("[data-kit-item]")]
    assert sorted(shown) == ["i1", "i2", "i3", "i4"] and shown != ["i1", "i2", "i3", "i4"]


def test_self_study_false_shows_read_only_without_its_key():
    data = {**EXERCISES[0], "self_study": False}
    html = render_exercise(parse_exercise(data), language="en", mode="self-study")
    assert "data-kit-exercise" not in html and "FEEDBACK-" not in html and "Beta answer" in html


def test_an_exercise_the_player_cannot_render_says_so_in_the_page_language(tmp_path, monkeypatch):
    exercise = parse_exercise(EXERCISES[0])
    monkeypatch.setattr(exercise, "type", "hotspot")
    html = render_exercise(exercise, language="cs", mode="self-study")
    assert "Toto cvičení zde nelze zobrazit" in html and 'lang="cs"' in html


def test_a_broken_exercise_cell_leaves_the_rest_of_the_page(tmp_path):
    broken = exercise_cell("id: pl-broken\ntype: single-choice\ntitle: Broken\nprompt: p\noptions: []\n")
    module = read_module(write_module(tmp_path / "m.ipynb", language="hu", extra=[broken]))
    soup = BeautifulSoup(page(module, "self-study"), "html.parser")
    message = soup.select_one("[data-kit-unavailable=pl-broken]")
    assert "Ez a feladat itt nem jeleníthető meg" in message.get_text()
    assert len(soup.select("[data-kit-exercise]")) == len(EXERCISES)


def test_leak_check_of_the_self_study_edition(tmp_path):
    held = exercise_cell(json.dumps({**EXERCISES[1], "id": "pl-held", "self_study": False,
                                     "options": [{**EXERCISES[1]["options"][0],
                                                  "feedback": "Held back: this feedback is for the room only."},
                                                 *EXERCISES[1]["options"][1:]]}))
    write_module(tmp_path / "m.ipynb", extra=[held])
    catalog = load_catalog([tmp_path])
    secrets = self_study_secrets(catalog)
    assert normalise("Held back: this feedback is for the room only.") in secrets
    assert not any("feedback-alpha" in secret for secret in secrets)  # other feedback is self-study content
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text("<p>Held back: this feedback is <em>for the room</em> only.</p>")
    assert find_leaks(site, secrets) and find_leaks(site, catalog_secrets(catalog))


def test_import_kit_player_stays_light():
    code = "import sys, kit.player; print(sorted(m for m in ('jinja2', 'ipywidgets', 'pandas') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_workshop_pages_do_not_link_to_handbook_pages_they_cannot_serve():
    """A module's link to a chapter (``../book/x.md``) would be a 404 in the room: it keeps its words."""
    from kit.notebook import read_module
    from kit.player import render_module_page

    module = read_module(ROOT / "exercises" / "first-slice.ipynb")
    page = render_module_page(module, mode="workshop", api_base="../api/v1/", static_base="../static/")
    assert "victim-support.md" not in page and "Victim support and the signalling system" in page


def test_a_hub_page_says_the_hub_names_the_participant():
    """player.js shows the service's sentence instead of a pseudonym form when the page is the hub's."""
    from kit.notebook import read_module
    from kit.player import render_module_page

    module = read_module(ROOT / "exercises" / "first-slice.ipynb")
    hub = render_module_page(module, mode="workshop", api_base="api/v1/", static_base="static/", identity="hub")
    room = render_module_page(module, mode="workshop", api_base="api/v1/", static_base="static/")
    assert 'data-kit-identity="hub"' in hub and "data-kit-identity" not in room
