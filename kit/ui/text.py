"""Text for widgets: author Markdown as safe HTML, participant text escaped, message boxes."""

from __future__ import annotations

import re
from html import escape, unescape

# Inline styles: a widget's HTML must look right in JupyterLab and Voilà without a stylesheet.
TONES = {
    "info": "border-left:4px solid #3b6e8f;background:#eef4f8",
    "ok": "border-left:4px solid #2f7d46;background:#e9f6ec",
    "warning": "border-left:4px solid #b7791f;background:#fff8eb",
    "error": "border-left:4px solid #b42318;background:#fff1f0",
}


def md(text: str | None) -> str:
    """Author Markdown → HTML; raw HTML inside it is escaped (kit.render's one Markdown parser)."""
    from kit.render import markdown

    return str(markdown(text or ""))


def esc(text: object) -> str:
    return escape(str(text))


def box(html: str, tone: str = "info") -> str:
    """A coloured message box around ready-made HTML."""
    return f'<div class="kit-message kit-{tone}" style="{TONES[tone]};padding:0.4em 0.8em;margin:0.3em 0">{html}</div>'


def words(text: str) -> int:
    return len(text.split())


def inline(text: str | None) -> str:
    """Author Markdown as inline HTML for a widget's ``description`` (ipywidgets keeps inline tags only)."""
    html = md(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html.replace("</p>\n<p>", "<br>").replace("<p>", "").replace("</p>", "")


def plain(text: str | None) -> str:
    """Author Markdown as plain text: for a checkbox's or a button's name, which take no HTML."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", md(text))).split())


# Accessible names come from the widgets' own <label> (``description``); these rules let such labels
# wrap like the text they replace instead of being cut to one line ("Choose …").
FIELD_STYLE = (
    "<style>"
    ".kit-field{flex-direction:column!important;align-items:stretch!important;height:auto!important}"
    ".kit-field>.widget-label,.kit-pair>.widget-label,.kit-check .widget-label-basic{white-space:normal!important;"
    "overflow:visible!important;height:auto!important;line-height:1.35!important;text-align:left!important}"
    ".kit-field>.widget-label{width:auto!important;margin:0.5em 0 0.2em!important}"
    ".kit-pair{flex-wrap:wrap!important;align-items:center!important;height:auto!important}"
    ".kit-pair>.widget-label{width:45%!important;flex:1 1 12em!important}"
    # WCAG 2.2 target size: tick boxes stand at least 24 px apart
    ".kit-check{height:auto!important;width:auto!important;padding:0.3em 0!important}"
    ".kit-check .widget-label-basic{display:flex!important;gap:0.5em;align-items:flex-start}"
    ".kit-check input{flex:none;margin-top:0.25em!important}"
    ".kit-choice{white-space:normal!important;height:auto!important;text-align:left!important;"
    "line-height:1.35!important;padding:0.35em 0.8em!important;max-width:100%}"
    # icon buttons: the Font Awesome glyph is drawn but left out of the name (CSS alt text ""), so
    # the button's title ("Move up: Contact") names it
    '.kit-move .fa-arrow-up::before{content:"\\f062" / ""}.kit-move .fa-arrow-down::before{content:"\\f063" / ""}'
    '.kit-exercise-widget .fa-check::before{content:"\\f00c" / ""}'
    '.kit-exercise-widget .fa-comment::before{content:"\\f075" / ""}'
    ".kit-likert .widget-radio-box{flex-wrap:wrap;gap:0.2em 1em;height:auto!important}"
    ".kit-likert .widget-radio-box label{white-space:normal!important;display:flex!important;gap:0.3em;"
    "align-items:center;height:auto!important}"
    ".kit-likert .widget-radio-box input{order:-1;position:static!important;margin:0!important}"
    "</style>"
)
