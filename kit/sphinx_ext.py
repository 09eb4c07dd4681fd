"""Sphinx extension for the handbook: the ``facilitator`` directive and the exercise styles.

In the participant edition (``kit_edition = "participant"``) a ``facilitator`` block produces no
node at all, so its text reaches neither the pages nor the search index. The self-study edition also
loads the exercise player (kit/player/static) and names the book for the answers kept in the browser.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates" / "sphinx"


class FacilitatorDirective(SphinxDirective):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        if self.config.kit_edition != "facilitator":
            return []
        title = self.arguments[0] if self.arguments else "For facilitators"
        admonition = nodes.admonition(classes=["kit-facilitator-note"])
        admonition += nodes.title(text=title)
        self.state.nested_parse(self.content, self.content_offset, admonition)
        return [admonition]


def _add_print_button(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """A print button in the page header (the theme's one sits in the download menu, which is off)."""
    buttons = context.get("header_buttons")
    if isinstance(buttons, list):
        buttons.append({
            "type": "javascript",
            "javascript": "window.print()",
            "tooltip": "Print this page",
            "icon": "fas fa-print",
            "label": "print-button",
            "classes": "pst-navbar-icon",
        })


def _add_static(app: Any) -> None:
    app.config.html_static_path.append(str(STATIC))
    if app.config.kit_edition == "self-study":
        from kit.player import STATIC_DIR

        app.config.html_static_path.append(str(STATIC_DIR))
        app.add_css_file("player.css")
        app.add_js_file("player.js", loading_method="defer")


def _page_language(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``<html lang>`` of a module page is its notebook's ``metadata.kit.language`` (hu, cs), not the book's."""
    import json

    from kit.i18n import LANGUAGES

    path = Path(app.env.doc2path(pagename))
    if path.suffix != ".ipynb" or not path.is_file():
        return
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("kit", {})
    except (OSError, ValueError):
        return
    language = meta.get("language") if isinstance(meta, dict) else None
    if language in LANGUAGES:
        context["language"] = language


def _add_templates(app: Any, config: Any) -> None:
    config.templates_path.append(str(TEMPLATES))


def _name_the_book(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``<meta name="kit-book">``: the key under which the player keeps this book's answers."""
    if app.config.kit_edition != "self-study":
        return
    from html import escape

    title = app.config.html_title or app.config.project or "book"
    key = re.sub(r"[^\w-]+", "-", title.lower()).strip("-") or "book"
    context["metatags"] = context.get("metatags", "") + f'\n<meta name="kit-book" content="{escape(key)}">'


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("kit_edition", "participant", "env")
    app.add_directive("facilitator", FacilitatorDirective)
    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", _add_static)
    app.add_css_file("kit.css")
    app.connect("html-page-context", _add_print_button, priority=600)
    app.connect("html-page-context", _name_the_book)
    app.connect("html-page-context", _page_language)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
