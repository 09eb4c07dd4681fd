"""The repository's own handbook: both editions build, every internal link and image resolves."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from kit.build import build_edition
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
        edition: build_edition(root, edition, say=lambda message: None) for edition in ("participant", "facilitator")
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


@pytest.mark.parametrize("edition", ["participant", "facilitator"])
def test_every_internal_link_and_image_resolves(sites, edition):
    site = sites[edition]
    broken = []
    for page in pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, value, target in _targets(page, soup):
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: <{tag}> {value}")
    assert broken == []


@pytest.mark.parametrize("edition", ["participant", "facilitator"])
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


def test_search_index_exists_in_both_editions(sites):
    for site in sites.values():
        assert (site / "searchindex.js").stat().st_size > 1000
        assert (site / "search.html").exists()
