"""The guide as HTML, Markdown or PDF, from the templates ``kit/templates/guide*``.

HTML is autoescaped by the package's one template environment. Markdown has no autoescaping of
its own, so its templates run in an overlay whose ``finalize`` escapes every value unless it is
marked as the author's Markdown with the ``md`` filter: names from the roster, session ids and
other participant text can never turn into markup. PDF is the HTML page printed by WeasyPrint,
which needs no internet connection (fonts and the scenario maps are local).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, Literal

from kit.guide.agenda import clock, duration, total_minutes
from kit.guide.day import Guide
from kit.i18n import translator
from kit.render import environment

Format = Literal["html", "md", "pdf"]
OFFLINE_SCHEMES = ("file:", "data:")
FORMATS: dict[str, Format] = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".pdf": "pdf"}

# Characters that are Markdown (or HTML) syntax anywhere in a line.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!{}])")
# ... and at the start of a line: a list marker or a heading underline, and a numbered item.
_MD_MARKER = re.compile(r"^(\s*)([-+=])(?=\s|$)")
_MD_NUMBER = re.compile(r"^(\s*\d{1,9})(?=[.)](?:\s|$))")


class MarkdownText(str):
    """Text known to be the author's Markdown: passed into Markdown output as it is."""


def escape_markdown(value: Any) -> str:
    """Plain text made safe for Markdown: every character with a meaning is backslash-escaped."""
    if isinstance(value, MarkdownText):
        return value
    if value is None:
        return ""
    text = " ".join(str(value).splitlines())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_MARKER.sub(r"\1\\\2", text)
    return _MD_NUMBER.sub(r"\1\\", text)


def _author_markdown(text: Any) -> MarkdownText:
    return MarkdownText("" if text is None else str(text))


def _code(text: Any) -> MarkdownText:
    """A Markdown code span: nothing inside it is syntax, so it needs no escaping."""
    value = " ".join(str(text).splitlines())
    fence = "``" if "`" in value else "`"
    return MarkdownText(f"{fence} {value} {fence}" if fence == "``" else f"`{value}`")


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0f} %"


def _signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


@cache
def _environment(kind: Literal["html", "md"]) -> Any:
    base = environment()
    env = base.overlay(finalize=escape_markdown) if kind == "md" else base.overlay()
    env.filters = dict(base.filters)  # an overlay shares the filter table; keep ours out of the base
    env.filters.update(clock=clock, percent=_percent, signed=_signed, md=_author_markdown, code=_code)
    return env


def context(guide: Guide) -> dict[str, Any]:
    titles = [module.title for module in guide.modules]
    return {
        "guide": guide,
        "language": guide.language,
        "title": " · ".join(titles),
        "_": translator(guide.language),
        "total_minutes": total_minutes(guide.entries),
        "day_length": duration(total_minutes(guide.entries), translator(guide.language)),
        "translate": translator,
    }


def render_html(guide: Guide) -> str:
    return _environment("html").get_template("guide.html.j2").render(**context(guide))


def render_markdown(guide: Guide) -> str:
    text = _environment("md").get_template("guide.md.j2").render(**context(guide))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_pdf(guide: Guide) -> bytes:
    import weasyprint

    html = weasyprint.HTML(string=render_html(guide), base_url=str(Path.cwd()), url_fetcher=_offline_fetcher())
    return html.write_pdf()


def _offline_fetcher() -> Any:
    """Local files and data: URLs only, so that an image linked from the web in an author's Markdown
    never makes the PDF wait for a network (WeasyPrint skips what it cannot load)."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before the URLFetcher class
        import weasyprint

        def fetch(url: str) -> Any:
            if not url.startswith(OFFLINE_SCHEMES):
                raise ValueError(f"not fetched while writing a guide offline: {url}")
            return weasyprint.default_url_fetcher(url)

        return fetch
    return URLFetcher(allowed_protocols=["file", "data"])


def output_format(path: str) -> Format:
    """The format picked by the suffix of ``-o``; ValueError lists the suffixes that work."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: cannot tell the format from '{suffix or 'no suffix'}'; end the file name "
                         "with .html, .md or .pdf")
    return FORMATS[suffix]


def write_guide(guide: Guide, path: str) -> None:
    """Write the guide to ``path`` in the format its suffix names (written whole, then moved in place,
    so that a failure never leaves half a guide over a good one)."""
    kind = output_format(path)
    data = (render_pdf(guide) if kind == "pdf"
            else (render_html(guide) if kind == "html" else render_markdown(guide)).encode("utf-8"))
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    partial.replace(target)
