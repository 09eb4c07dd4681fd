"""``kit build --pdf``: one edition's finished HTML folder printed as ``_build/<edition>/pdf/handbook.pdf``.

It takes the pages Jupyter Book wrote (so whatever the edition holds, and nothing it leaves out),
keeps each page's article, and joins them in ``_toc.yml`` order behind a title page and a contents
list with page numbers. Ids are prefixed per page so links between pages become links inside the
PDF; images are read from the HTML folder. WeasyPrint prints it offline (the guide's URL fetcher:
local files only). Nothing here knows how the HTML was built, so the build can change freely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

PAGE_SIZES = {"a4": "A4", "letter": "letter"}
# parts of a Jupyter Book page that belong to the screen, not to paper
_SCREEN_ONLY = (".headerlink", ".prev-next-area", ".header-article", "script", "style", ".toggle-details",
                "button", ".bd-header-article", ".kit-print", "nav", ".copybtn")


@dataclass(frozen=True)
class Chapter:
    doc: str  # the document's path in the book without suffix, such as book/intro
    caption: str | None  # the part it opens, if it is a part's first chapter
    title: str
    body: str  # HTML of the article, ids and links rewritten


def toc_documents(root: Path) -> list[tuple[str, str | None]]:
    """The documents of ``_toc.yml`` in reading order, each with the caption of the part it opens."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8")) or {}
    documents: list[tuple[str, str | None]] = [(str(toc["root"]), None)] if toc.get("root") else []

    def walk(entries: list[Any], caption: str | None) -> None:
        for entry in entries or []:
            if "file" in entry:
                documents.append((_doc(entry["file"]), caption))
                caption = None
            walk(entry.get("sections", []), None)

    for part in toc.get("parts", []) or []:
        walk(part.get("chapters", []), part.get("caption"))
    walk(toc.get("chapters", []), None)
    return documents


def _doc(name: str) -> str:
    return re.sub(r"\.(md|ipynb|rst)$", "", str(name)).strip("/")


def _slug(doc: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", doc.lower()).strip("-")


def read_chapter(html: Path, doc: str, caption: str | None, known: set[str]) -> Chapter | None:
    """One built page as a chapter (None when the page was not built)."""
    from bs4 import BeautifulSoup

    page = html / f"{doc}.html"
    if not page.is_file():
        return None
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article") or soup.select_one("main") or soup.body
    assert article is not None
    for selector in _SCREEN_ONLY:
        for element in article.select(selector):
            element.decompose()
    slug = _slug(doc)
    for element in article.select("[id]"):
        element["id"] = f"{slug}--{element['id']}"
    for link in article.select("a[href]"):
        link["href"] = _link(str(link["href"]), page, html, doc, known)
    for image in article.select("img[src]"):
        source = str(image["src"])
        if not urlsplit(source).scheme:
            image["src"] = (page.parent / unquote(source)).resolve().as_uri()
    heading = article.find(["h1", "h2"])
    title = heading.get_text(" ", strip=True).rstrip("#¶ ") if heading else doc
    if heading:
        heading["class"] = [*heading.get("class", []), "chapter-title"]
    return Chapter(doc, caption, title, article.decode_contents())


def _link(href: str, page: Path, html: Path, doc: str, known: set[str]) -> str:
    """A link between pages of the book → a link inside the PDF; anything else stays as it is."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return href
    if not parts.path:
        return f"#{_slug(doc)}--{parts.fragment}" if parts.fragment else href
    target = (page.parent / unquote(parts.path)).resolve()
    try:
        other = _doc(str(target.relative_to(html.resolve()).with_suffix("")).replace("\\", "/"))
    except ValueError:
        return href
    if other not in known:
        return target.as_uri() if target.exists() else href
    return f"#{_slug(other)}--{parts.fragment}" if parts.fragment else f"#{_slug(other)}"


def book_title(root: Path) -> tuple[str, str, str]:
    """The book's title, author and language (``sphinx.config.language``), from ``_config.yml``."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    language = str(((config.get("sphinx") or {}).get("config") or {}).get("language") or "en")
    return str(config.get("title") or root.name), str(config.get("author") or ""), language


def handbook_html(root: Path, html: Path, edition: str, page_size: str = "a4") -> str:
    """The whole edition as one printable HTML document."""
    from kit.i18n import translator
    from kit.render import environment

    documents = toc_documents(root)
    known = {doc for doc, _ in documents}
    chapters = [chapter for doc, caption in documents if (chapter := read_chapter(html, doc, caption, known))]
    title, author, language = book_title(root)
    css = (Path(__file__).resolve().parent.parent / "static" / "kit.css").read_text(encoding="utf-8")
    return environment().get_template("handbook_pdf.html.j2").render(
        title=title, author=author, edition=edition, chapters=chapters, slug=_slug,
        page_size=PAGE_SIZES[page_size], kit_css=css, language=language, _=translator(language),
    )


def write_handbook_pdf(root: Path, html: Path, edition: str, page_size: str = "a4") -> Path:
    """Print ``html`` (a finished edition) to ``_build/<edition>/pdf/handbook.pdf``; return its path."""
    import weasyprint

    from kit.guide.render import offline_fetcher

    if page_size not in PAGE_SIZES:
        raise ValueError(f"paper size '{page_size}': use a4 or letter")
    document = weasyprint.HTML(string=handbook_html(root, html, edition, page_size), base_url=html.as_uri() + "/",
                               url_fetcher=offline_fetcher())
    target = html.parent / "pdf" / "handbook.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    document.write_pdf(partial)
    partial.replace(target)
    return target
