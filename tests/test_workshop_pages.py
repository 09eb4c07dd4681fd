"""The join page and the trainer's dashboard: rendering, escaping, translations (pure, in memory)."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from kit.i18n import catalog
from kit.responses import Response
from kit.workshop import pages
from kit.workshop.answers import REFUSALS
from kit.workshop.live import Live
from kit.workshop.modules import find_workshop
from tests.workshop_site import write_modules

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=timezone.utc)
TOKEN = "trainer-token-xq"


def live_room(folder: Path, language: str = "en") -> Live:
    workshop, _ = find_workshop([write_modules(folder, language)])
    live = Live(workshop, "room-1")
    live.load([Response("room-1", "p1", "first-words", "b", NOW),
               Response("room-1", "p2", "handover", '<script>alert("xq")</script> & more', NOW),
               Response("room-1", "p2", "call-order", ["contact", "problem", "feelings", "options", "plan"], NOW),
               Response("other-room", "p3", "first-words", "a", NOW)])
    live.tick()
    return live


def test_every_label_of_the_workshop_pages_and_api_is_translated():
    root = Path(__file__).resolve().parent.parent / "kit"
    sources = [*root.glob("templates/workshop*"), *root.glob("workshop/*.py")]
    labels = set()
    for source in sources:
        text = source.read_text(encoding="utf-8")
        labels |= set(re.findall(r'_\(\s*"([^"]+)"\s*\)', text)) | set(re.findall(r"_\(\s*'([^']+)'\s*\)", text))
    labels |= {text for message in pages.MESSAGES.values() for text in message} | set(REFUSALS.values())
    assert "Join the workshop" in labels and "Put first" in labels  # the search finds them
    for language in ("hu", "cs"):
        missing = sorted(label for label in labels if label not in catalog(language))
        assert missing == [], language


def test_the_join_page_asks_for_the_code_only_when_there_is_one_and_lists_modules_after_joining(tmp_path):
    workshop, _ = find_workshop([write_modules(tmp_path, "hu")])
    before = pages.join_page(workshop, "room-1", None, code=True, next_page="modules/x")
    assert '<html lang="hu">' in before and "Belépés a műhelybe" in before
    assert 'id="code"' in before and 'data-next="modules/x"' in before and "modules/day" not in before
    after = pages.join_page(workshop, "room-1", '"><b>me', code=False)
    assert "&#34;&gt;&lt;b&gt;me" in after and '"><b>me' not in after  # the pseudonym is escaped
    assert 'href="modules/day%20one/%C3%BCgyelet%20%C4%8D.ipynb"' in after and "Éjszakai ügyelet" in after
    for html in (before, after):
        assert "<script>" not in html and "style=" not in html and "<style" not in html  # the CSP forbids them


def test_the_dashboard_escapes_answers_and_shows_names_only_when_asked(tmp_path):
    live = live_room(tmp_path)
    view = live.view(False)
    html = pages.dashboard_page(live.workshop, view, TOKEN, names=False, module=None, joined=2,
                                events="dashboard/events?token=x")
    assert "&lt;script&gt;alert(&#34;xq&#34;)&lt;/script&gt; &amp; more" in html
    assert '<script>alert("xq")' not in html and "<script>" not in html and "onchange" not in html
    assert "<cite>" not in html  # no pseudonym beside the text
    assert 'data-exercise="first-words" data-answered="1"' in html and 'data-joined="2"' in html
    assert "<svg" in html and "http://" not in html and "https://" not in html  # nothing from elsewhere
    assert 'data-events="dashboard/events?token=x"' in html and "other-room</a>" in html
    named = pages.room_fragment(live.workshop, view, names=True)
    assert "<cite>p2</cite>" in named and "<html" not in named


def test_nothing_of_the_key_reaches_the_dashboard_until_the_trainer_asks(tmp_path):
    live = live_room(tmp_path)
    plain = pages.room_fragment(live.workshop, live.view(False), names=False)
    assert "✓" not in plain and 'class="key"' not in plain
    assert "In the right place" not in plain and "1. Contact" not in plain  # the ordering's key order
    order = re.search(r'id="exercise-call-order".*?</article>', plain, re.S).group(0)  # type: ignore[union-attr]
    assert re.findall(r'<th scope="row">([^<]+)</th>', order)[:5] == [
        "Contact", "Feelings", "Options", "Plan", "Problem"]  # A to Z, what was put first
    matching = re.search(r'id="exercise-support-match".*?</article>', plain, re.S).group(0)  # type: ignore[union-attr]
    assert "→" not in matching
    assert re.findall(r'<th scope="row">([^<]+)</th>', matching)[:4] == [
        "Case conference", "Case discussion", "Coaching", "Supervision"]  # the right sides A to Z, not paired
    keyed = pages.room_fragment(live.workshop, live.view(True), names=False, key=True)
    assert "✓</span>Say your name and that there is time." in keyed and "In the right place" in keyed
