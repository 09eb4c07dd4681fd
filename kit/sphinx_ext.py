"""Sphinx extension for the handbook: the ``facilitator`` directive and the exercise styles.

In the participant edition (``kit_edition = "participant"``) a ``facilitator`` block produces no
node at all, so its text reaches neither the pages nor the search index.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

STATIC = Path(__file__).parent / "static"


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


LANGUAGES = ("en", "hu", "cs")


def page_language(metadata: dict[str, Any]) -> str | None:
    """The page's ``kit.language``: a notebook's ``metadata.kit`` or a MyST page's front matter
    ``kit:`` block (Sphinx keeps both as JSON text); None when absent or not a kit language."""
    kit = metadata.get("kit")
    if isinstance(kit, str):
        try:
            kit = json.loads(kit)
        except ValueError:
            return None
    language = kit.get("language") if isinstance(kit, dict) else None
    return language if language in LANGUAGES else None


def _set_page_language(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``<html lang>`` follows the page's language, so that a Hungarian chapter in an English book is
    read (and hyphenated) as Hungarian."""
    language = page_language(app.env.metadata.get(pagename, {}))
    if language:
        context["language"] = language


def _add_static(app: Any) -> None:
    app.config.html_static_path.append(str(STATIC))


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("kit_edition", "participant", "env")
    app.add_directive("facilitator", FacilitatorDirective)
    app.connect("builder-inited", _add_static)
    app.add_css_file("kit.css")
    app.connect("html-page-context", _add_print_button, priority=600)
    app.connect("html-page-context", _set_page_language)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
