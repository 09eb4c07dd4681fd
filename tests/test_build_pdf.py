"""``kit build --pdf``: a finished edition's HTML printed as one handbook PDF (kit.build.pdf)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from kit.build.leaks import normalise
from kit.build.pdf import handbook_html, toc_documents, write_handbook_pdf
from tests.conftest import DATA, ROOT

# a 1×1 PNG
PIXEL = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf"
                      "c0f01f0005000201a0f6b3b90000000049454e44ae426082")


def page(title: str, body: str) -> str:
    """A page shaped like Jupyter Book 1's (sphinx-book-theme): navigation around one article."""
    return (f"<!DOCTYPE html><html><head><title>{title}</title><script>alert(1)</script></head><body>"
            f"<nav class='bd-sidebar'>Navigation text</nav><main><article class='bd-article'>"
            f"<section id='{title.lower()}'><h1>{title}<a class='headerlink' href='#x'>#</a></h1>{body}</section>"
            f"</article><div class='prev-next-area'>Next page</div></main></body></html>")


@pytest.fixture
def book(tmp_path: Path) -> Path:
    root = tmp_path / "kniha ř"
    html = root / "_build" / "participant" / "html"
    (html / "book").mkdir(parents=True)
    (html / "exercises").mkdir()
    (root / "_config.yml").write_text('title: "Příručka pro pomáhající"\nauthor: Tým ő\n', encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nparts:\n  - caption: Metody\n    chapters:\n"
                                   "      - file: exercises/modul\n      - file: book/konec.md\n", encoding="utf-8")
    (html / "book" / "intro.html").write_text(page("Úvod", "<p>See <a href='konec.html#zaver'>the end</a>, "
                                              "<a href='../exercises/modul.html'>the module</a> and "
                                              "<a href='https://example.org/'>a site</a>.</p>"
                                              "<img src='../_static/pixel.png' alt='pixel'>"), encoding="utf-8")
    (html / "exercises" / "modul.html").write_text(page("Modul", "<p>Kateřina čte.</p>"), encoding="utf-8")
    (html / "book" / "konec.html").write_text(page("Konec", "<h2 id='zaver'>Závěr</h2><p>Ende.</p>"),
                                              encoding="utf-8")
    (html / "_static").mkdir()
    (html / "_static" / "pixel.png").write_bytes(PIXEL)
    return root


def test_the_toc_gives_the_order(book):
    assert toc_documents(book) == [("book/intro", None), ("exercises/modul", "Metody"), ("book/konec", None)]


def test_pages_become_chapters_with_links_inside_the_document(book):
    text = handbook_html(book, book / "_build" / "participant" / "html", "participant")
    assert text.index("Úvod") < text.index("Kateřina") < text.index("Ende.")
    assert 'href="#book-konec--zaver"' in text and 'id="book-konec--zaver"' in text
    assert 'href="#exercises-modul"' in text and 'id="exercises-modul"' in text
    assert 'href="https://example.org/"' in text
    assert (book / "_build" / "participant" / "html" / "_static" / "pixel.png").resolve().as_uri() in text
    for screen in ("Navigation text", "Next page", "alert(1)", "headerlink"):
        assert screen not in text
    assert "size: A4" in text
    assert "size: letter" in handbook_html(book, book / "_build" / "participant" / "html", "participant", "letter")


def pdf_text(path: Path, *options: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: run make system-deps")
    return subprocess.run(["pdftotext", *options, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_the_pdf_has_a_title_page_contents_with_page_numbers_and_running_headers(book):
    pdf = write_handbook_pdf(book, book / "_build" / "participant" / "html", "participant")
    assert pdf == book / "_build" / "participant" / "pdf" / "handbook.pdf"
    pages = pdf_text(pdf).split("\f")
    assert "Příručka pro pomáhající" in pages[0] and "PARTICIPANT EDITION" in pages[0].upper()
    contents = " ".join(pages[1].split())
    assert "Úvod . " in contents and "Metody" in contents
    # each chapter starts a page; the contents give that page's number
    for title in ("Úvod", "Modul", "Konec"):
        number = int(contents.split(title)[1].replace(".", " ").split()[0])
        assert title in pages[number - 1].splitlines()[-2:] + pages[number - 1].splitlines()[:4], title
    konec = next(p for p in pages if "Ende." in p)
    assert konec.count("Konec") >= 2  # the running header names the chapter
    links = subprocess.run(["pdfinfo", "-url", str(pdf)], capture_output=True, text=True, check=False).stdout
    assert "example.org" in links or shutil.which("pdfinfo") is None


def test_letter_paper(book):
    pdf = write_handbook_pdf(book, book / "_build" / "participant" / "html", "participant", "letter")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "612 x 792 pts (letter)" in info


@pytest.mark.slow
def test_the_participant_pdf_holds_no_secret_and_the_facilitator_pdf_every_one(tmp_path):
    from kit.build import build_edition

    root = tmp_path / "book root"
    root.mkdir()
    shutil.copy(ROOT / "_config.yml", root)
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nchapters:\n  - file: exercises/modul\n",
                                   encoding="utf-8")
    (root / "book").mkdir()
    (root / "book" / "intro.md").write_text("# Introduction\n\nPublic text.\n", encoding="utf-8")
    (root / "exercises").mkdir()
    notebook = nbformat.read(DATA / "contract" / "Crisis line basics.ipynb", as_version=4)
    nbformat.write(notebook, root / "exercises" / "modul.ipynb")
    from kit.build.leaks import catalog_secrets
    from kit.catalog import load_catalog

    secrets = catalog_secrets(load_catalog([root / "exercises"]))
    assert len(secrets) > 10
    texts = {}
    for edition in ("participant", "facilitator"):
        html = build_edition(root, edition, say=lambda message: None)
        texts[edition] = normalise(pdf_text(write_handbook_pdf(root, html, edition)))
    assert [s for s in secrets if s in texts["participant"]] == []
    found = [s for s in secrets if s in texts["facilitator"]]
    assert len(found) > len(secrets) * 0.8  # wrapped table cells may split the odd one
    assert normalise("You pick up the phone. For a few seconds you hear breathing") in texts["participant"]
