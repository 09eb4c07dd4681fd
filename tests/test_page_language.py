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
