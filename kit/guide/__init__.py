"""``kit guide``: the facilitator guide of a workshop day, written from the exercise notebooks.

``build_guide`` reads notebooks, roster, results and responses into a ``Guide`` (plain data: the
agenda with clock times, the groups, each exercise's key, how the room answered); ``write_guide``
and the ``render_*`` functions turn it into HTML, Markdown or PDF. jinja2 and WeasyPrint load only
when rendering.
"""

from __future__ import annotations

from typing import Any

from kit.guide.day import Guide, build_guide

__all__ = ["Guide", "build_guide", "render_html", "render_markdown", "render_pdf", "write_guide"]


def __getattr__(name: str) -> Any:
    # rendering needs jinja2 (and WeasyPrint for PDF): import it only when asked for
    if name in ("render_html", "render_markdown", "render_pdf", "write_guide"):
        from kit.guide import render

        return getattr(render, name)
    raise AttributeError(f"module 'kit.guide' has no attribute {name!r}")
