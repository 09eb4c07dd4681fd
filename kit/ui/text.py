"""Text for widgets: author Markdown as safe HTML, participant text escaped, message boxes."""

from __future__ import annotations

from html import escape

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
