"""The join page and the trainer's dashboard: rendering, escaping, translations, and their routes.

The routes run on a plain Tornado application here (no Voilà, no kernel): the join page, the
redirect to a module with the pseudonym, and the dashboard that needs its token.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import tornado.testing
import tornado.web

from kit.i18n import catalog
from kit.responses import Response
from kit.store import open_store
from kit.workshop import pages
from kit.workshop.handlers import Site, clean_pseudonym, routes
from kit.workshop.modules import find_workshop
from tests.conftest import exercise_cell, module_notebook
from tests.exercises import sample_yaml

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=timezone.utc)
TOKEN = "trainer-token-xq"


def make_site(folder: Path, language: str = "en") -> Site:
    import nbformat

    modules = folder / "modules"
    modules.mkdir(parents=True, exist_ok=True)
    nbformat.write(module_notebook(exercise_cell(sample_yaml("single")), exercise_cell(sample_yaml("free")),
                                   title="Éjszakai ügyelet", language=language), modules / "ügyelet č.ipynb")
    workshop, problems = find_workshop([modules])
    assert problems == []
    db = folder / "room.db"
    with open_store(db) as store:
        store.add(Response("room-1", "p1", "first-words", "b", NOW))
        store.add(Response("room-1", "p2", "handover", '<script>alert("xq")</script> & more', NOW))
        store.add(Response("other-room", "p3", "first-words", "a", NOW))
    return Site(workshop, "room-1", str(db), TOKEN, open_pages=lambda: 4)


# -- the templates ----------------------------------------------------------------------------------

def test_every_label_of_the_workshop_pages_is_translated():
    root = Path(__file__).resolve().parent.parent / "kit"
    sources = [*root.glob("templates/workshop*"), *root.glob("workshop/*.py")]
    labels = set()
    for source in sources:
        text = source.read_text(encoding="utf-8")
        labels |= set(re.findall(r'_\(\s*"([^"]+)"\s*\)', text)) | set(re.findall(r"_\(\s*'([^']+)'\s*\)", text))
    labels |= {text for message in pages.MESSAGES.values() for text in message} | {pages.NO_PSEUDONYM}
    assert "Join the workshop" in labels and "This page is for the trainer" in labels  # the search finds them
    for language in ("hu", "cs"):
        missing = sorted(label for label in labels if label not in catalog(language))
        assert missing == [], language


def test_the_join_page_lists_the_modules_in_the_workshop_language(tmp_path):
    site = make_site(tmp_path, language="hu")
    html = pages.join_page(site.workshop, site.session, pages.JoinForm('"><b>me', pages.NO_PSEUDONYM))
    assert '<html lang="hu">' in html and "Belépés a műhelybe" in html
    assert 'value="ügyelet č.ipynb"' in html and "Éjszakai ügyelet" in html
    assert "&#34;&gt;&lt;b&gt;me" in html and '"><b>me' not in html  # what was typed is escaped
    assert "Előbb írja be az álnevét" in html


def test_the_dashboard_escapes_answers_and_shows_names_only_when_asked(tmp_path):
    site = make_site(tmp_path)
    view = site.room()
    html = pages.dashboard_page(site.workshop, view, TOKEN, names=False, module=None, open_pages=4)
    assert "&lt;script&gt;alert(&#34;xq&#34;)&lt;/script&gt; &amp; more" in html
    assert '<script>alert("xq")' not in html
    assert "<cite>" not in html  # no pseudonym beside the text
    assert 'data-exercise="first-words" data-answered="1"' in html and 'data-open-pages="4"' in html
    assert "<svg" in html and "http://" not in html and "https://" not in html  # nothing from elsewhere
    assert f"?token={TOKEN}" in html
    named = pages.room_fragment(site.workshop, view, names=True)
    assert "<cite>p2</cite>" in named and "<html" not in named
    # the key is marked only when asked: the dashboard may be on the projector while the room answers
    assert "✓" not in html and 'class="key"' not in html
    keyed = pages.room_fragment(site.workshop, view, names=False, key=True)
    assert keyed.count('class="key"') == 1 and "✓</span>Say your name and that there is time." in keyed


def test_clean_pseudonym_keeps_what_the_kernel_keeps():
    assert clean_pseudonym("  Éva\x00 č\n ") == "Éva č"
    assert clean_pseudonym("x" * 80) == "x" * 64
    assert clean_pseudonym("\t ") == ""


# -- the routes -------------------------------------------------------------------------------------

class RoutesTest(tornado.testing.AsyncHTTPTestCase):
    @pytest.fixture(autouse=True)
    def _site(self, tmp_path):
        self.site = make_site(tmp_path)

    def get_app(self) -> tornado.web.Application:
        return tornado.web.Application(routes(self.site))

    def fetch_page(self, path: str, **kwargs):
        return self.fetch(path, follow_redirects=False, raise_error=False, **kwargs)

    def test_joining_opens_the_module_with_the_pseudonym_and_session(self):
        response = self.fetch_page("/join?pseudonym=%20%C3%89va%20K.%20&module=" + quote("ügyelet č.ipynb"))
        assert response.code == 303
        location = urlsplit(response.headers["Location"])
        assert location.path == "/voila/render/%C3%BCgyelet%20%C4%8D.ipynb"
        assert parse_qs(location.query) == {"participant": ["Éva K."], "session": ["room-1"]}
        cookies = SimpleCookie()
        for header in response.headers.get_list("Set-Cookie"):
            cookies.load(header)
        assert "_xsrf" in cookies  # Voilà's page needs it to shut its kernel down when it is closed
        again = self.fetch_page("/", headers={"Cookie": f"kit_pseudonym={cookies['kit_pseudonym'].value}"})
        assert 'value="Éva K."' in again.body.decode()

    def test_a_missing_pseudonym_or_module_is_said_on_the_page(self):
        empty = self.fetch_page("/join?pseudonym=%20&module=" + quote("ügyelet č.ipynb"))
        assert empty.code == 400 and pages.NO_PSEUDONYM in empty.body.decode()
        unknown = self.fetch_page("/join?pseudonym=p1&module=../secret.ipynb")
        assert unknown.code == 404 and "There is no such module" in unknown.body.decode()

    def test_the_dashboard_needs_the_token(self):
        for path in ("/dashboard", "/dashboard?token=", "/dashboard?token=wrong", "/dashboard/room?token=x"):
            response = self.fetch_page(path)
            assert response.code == 403, path
            body = response.body.decode()
            assert "This page is for the trainer" in body and "Say your name" not in body
        page = self.fetch_page(f"/dashboard?token={TOKEN}")
        assert page.code == 200 and "Say your name and that there is time." in page.body.decode()
        assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"

    def test_the_dashboard_part_that_refreshes_and_the_module_filter(self):
        part = self.fetch_page(f"/dashboard/room?token={TOKEN}&names=1").body.decode()
        assert part.startswith('<p class="summary"') and "<cite>p2</cite>" in part
        assert "other-room" not in part and "p3" not in part
        page = self.fetch_page(f"/dashboard?token={TOKEN}").body.decode()
        assert "other-room</a> <span class=\"muted\">(1)</span>" in page  # answers under another session show
        other = self.fetch_page(f"/dashboard/room?token={TOKEN}&session=other-room").body.decode()
        assert 'data-exercise="first-words" data-answered="1"' in other and 'data-answered="0"' in other
        filtered = self.fetch_page(f"/dashboard?token={TOKEN}&module=" + quote("ügyelet č.ipynb")).body.decode()
        assert 'aria-current="page">Éjszakai ügyelet' in filtered
        assert 'data-exercise="handover"' in filtered

    def test_a_store_that_cannot_be_read_is_named_not_a_traceback(self):
        Path(self.site.db).write_text("not a database", encoding="utf-8")
        response = self.fetch_page(f"/dashboard?token={TOKEN}")
        body = response.body.decode()
        assert response.code == 503 and "The answers cannot be read just now" in body
        assert "room.db" in body and "Traceback" not in body

    def test_voilas_file_tree_leads_to_the_join_page(self):
        response = self.fetch_page("/voila/tree/")
        assert response.code == 302 and response.headers["Location"] == "/"
