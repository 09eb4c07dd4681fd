"""Draw a Report as one self-contained HTML page (inline SVG charts, inline CSS, no script)."""

from __future__ import annotations

import os
from typing import Any

from kit.i18n import translator
from kit.report import caution, charts
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


def _context(report: Report) -> dict[str, Any]:
    return {
        "report": report,
        "language": report.language,
        "_": translator(report.language),
        "charts": charts,
        "caution": caution,
        "percent": _percent,
        "short": _short,
    }


def _template() -> Any:
    from kit.render import environment

    return environment().get_template("report.html.j2")


def report_html(report: Report) -> str:
    """The report page; every text from participants and authors is escaped by the template engine."""
    return _template().render(**_context(report))


def write_report_html(report: Report, path: str | os.PathLike[str]) -> None:
    """Write the page of ``report_html`` as it is drawn, piece by piece: the page is never held whole
    (with the sessions of kit.report.spool, neither are the sessions)."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(_template().generate(**_context(report)))
