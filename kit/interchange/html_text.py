"""Moodle's HTML question text as Markdown: kit's views escape raw HTML, so tags must become markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_INLINE = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`"}
_BLOCKS = {"p", "div", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str | None] = []
        self.lists: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INLINE:
            self.parts.append(_INLINE[tag])
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
            if tag in ("ul", "ol"):
                self.lists.append(tag)
        elif tag == "li":
            self.parts.append("\n- " if not self.lists or self.lists[-1] == "ul" else "\n1. ")
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))
            self.parts.append("[")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(alt)

    def handle_endtag(self, tag: str) -> None:
        if tag in _INLINE:
            self.parts.append(_INLINE[tag])
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
        elif tag == "a":
            href = self.links.pop() if self.links else None
            self.parts.append(f"]({href})" if href else "]")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.parts.append(_SPACES.sub(" ", data.replace("\n", " ").replace("\xa0", " ")))


def html_to_markdown(text: str) -> str:
    """``<p>Who is <b>there</b>?</p>`` → ``Who is **there**?``."""
    converter = _Converter()
    converter.feed(text)
    converter.close()
    lines = [line.strip() for line in "".join(converter.parts).split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
