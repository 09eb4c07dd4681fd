"""The facilitator guide carries the workbook's key and section map, from the workbook's own layouts."""

from __future__ import annotations

from click.testing import CliRunner

from kit.catalog import load_catalog
from kit.cli import main
from kit.workbook.gamebook import gamebook
from kit.workbook.key import paper_key
from tests.conftest import ROOT

MODULE = ROOT / "exercises" / "crisis-line-protocol.ipynb"


def test_the_guide_shows_the_workbook_key_and_the_section_map():
    result = CliRunner().invoke(main, ["guide", str(MODULE)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    guide = result.stdout
    chat = load_catalog([str(MODULE)]).exercises["clp-night-chat"]
    book = gamebook(chat)
    best = book.sections_of([str(choice.id) for choice in chat.best_path()])
    assert "Best path in sections: **" + " → ".join(map(str, best)) + "**" in guide
    for section in book.sections:  # every section of the workbook has its row in the map
        assert f"| {section.number} | `{section.node_id}`" in guide or f"| **{section.number}** | `{section.node_id}`" \
            in guide
    stages = load_catalog([str(MODULE)]).exercises["clp-stages"]
    key = paper_key(stages)
    assert "The order as letters: **" + " ".join(key.letters) + "**" in guide
    assert f"`{key.full_marks}`" in guide


def test_the_html_guide_has_the_key_in_the_workbook(tmp_path):
    output = tmp_path / "útmutató.html"
    result = CliRunner().invoke(main, ["guide", str(ROOT / "exercises" / "pripadova-konference.ipynb"), "-o",
                                       str(output)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page = output.read_text(encoding="utf-8")
    assert page.count('class="paper-key"') == 4  # matching, scenario, multiple choice, ordering; not the plan
    assert "V pracovním sešitě" in page and "Nejlepší cesta v oddílech" in page
