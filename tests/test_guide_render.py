"""Rendering helpers of the guide: Markdown escaping, formats, the offline PDF (kit.guide.render)."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from kit.guide.render import MarkdownText, _code, escape_markdown, offline_fetcher, output_format


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    "Tóth *Éva* | [link](javascript:alert(1))",
    "# not a heading",
    "- not a list",
    "1. not a list either",
    "`code` and _emphasis_ and ~~strike~~ and &amp;",
    "two\nlines",
    "back\\slash",
])
def test_escaped_text_renders_as_exactly_that_text(text):
    html = MarkdownIt("commonmark").enable("table").render(escape_markdown(text))
    expected = text.replace("\n", " ").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert html == f"<p>{expected}</p>\n"


def test_numbers_and_ids_stay_readable_and_author_markdown_passes():
    assert escape_markdown("33.3333") == "33.3333"
    assert escape_markdown("p07") == "p07"
    assert escape_markdown(MarkdownText("**bold**")) == "**bold**"
    assert escape_markdown(None) == ""


def test_code_spans_need_no_escaping():
    assert _code("end_safe") == "`end_safe`"
    assert _code("a`b") == "`` a`b ``"


@pytest.mark.parametrize(("path", "kind"), [("guide.html", "html"), ("G.HTM", "html"), ("útmutató ősz.md", "md"),
                                            ("day.pdf", "pdf")])
def test_the_suffix_picks_the_format(path, kind):
    assert output_format(path) == kind


def test_an_unknown_suffix_lists_the_ones_that_work():
    with pytest.raises(ValueError, match=r"\.html, \.md or \.pdf"):
        output_format("guide.docx")


def test_the_pdf_never_fetches_from_the_network():
    fetch = offline_fetcher()
    with pytest.raises(ValueError):
        fetch("http://example.org/chart.png")
    with pytest.raises(ValueError):
        fetch("https://example.org/chart.png")
