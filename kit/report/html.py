"""Draw a Report as one self-contained HTML page (inline SVG charts, inline CSS, no script)."""

from __future__ import annotations

from typing import Any

from kit.i18n import translator
from kit.report import charts
from kit.report.model import Report


def _percent(value: float | None) -> str:
    """A percentage for reading (one decimal); the CSV tables keep four."""
    return "" if value is None else f"{_short(value)} %"


def _short(value: float | None) -> str:
    """One decimal, no trailing zero: 40.3, 73, -51.5 ("" for None)."""
    if value is None:
        return ""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def report_html(report: Report) -> str:
    """The report page; every text from participants and authors is escaped by the template engine."""
    from kit.render import environment

    template = environment().get_template("report.html.j2")
    context: dict[str, Any] = {
        "report": report,
        "language": report.language,
        "_": translator(report.language),
        "charts": charts,
        "percent": _percent,
        "short": _short,
    }
    return template.render(**context)
