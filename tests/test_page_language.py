"""A page's ``kit.language`` sets its ``<html lang>`` (front matter of a MyST page, or a notebook's metadata)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kit.sphinx_ext import _set_page_language, page_language


@pytest.mark.parametrize(("metadata", "expected"), [
    ({"kit": '{"language": "hu"}'}, "hu"),  # MyST front matter, as Sphinx stores it
    ({"kit": '{"title": "M", "language": "cs", "objectives": []}'}, "cs"),  # a notebook's metadata.kit
    ({"kit": {"language": "hu"}}, "hu"),
    ({"kit": '{"language": "de"}'}, None),  # not a kit language
    ({"kit": "not json"}, None),
    ({"kit": '["hu"]'}, None),
    ({"wordcount": {"words": 3}}, None),
])
def test_page_language(metadata, expected):
    assert page_language(metadata) == expected


def test_the_page_context_takes_the_pages_language_and_leaves_others_alone():
    app = SimpleNamespace(env=SimpleNamespace(metadata={"book/hu/a": {"kit": '{"language": "hu"}'}, "book/intro": {}}))
    hungarian, english = {"language": "en"}, {"language": "en"}
    _set_page_language(app, "book/hu/a", "page.html", hungarian, None)
    _set_page_language(app, "book/intro", "page.html", english, None)
    assert (hungarian["language"], english["language"]) == ("hu", "en")


def _front_matter(text: str) -> dict:
    import yaml

    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4:text.index("\n---", 4)]) or {}


@pytest.mark.parametrize("language", ["hu", "cs"])
def test_every_chapter_in_a_language_folder_declares_that_language(language):
    from tests.conftest import ROOT

    pages = sorted((ROOT / "book" / language).glob("*.md"))
    assert pages, f"book/{language}/ holds no chapter"
    declared = {page.name: (_front_matter(page.read_text(encoding="utf-8")).get("kit") or {}).get("language")
                for page in pages}
    assert declared == {page.name: language for page in pages}
