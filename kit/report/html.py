"""Draw a Report as one self-contained HTML page (inline SVG charts, inline CSS, no script)."""

from __future__ import annotations

import os
from typing import Any

from kit.i18n import format_number, translator
from kit.report import caution, charts
from kit.report.model import Report


def _context(report: Report) -> dict[str, Any]:
    language = report.language

    def percent(value: float | None) -> str:
        """A percentage for reading (one decimal, "40,3 %" in Hungarian); the CSV tables keep four."""
        return "" if value is None else f"{short(value)} %"

    def short(value: float | None) -> str:
        """One decimal, no trailing zero: 40.3, 73, -51.5 ("" for None), in the report's language."""
        return format_number(value, language, decimals=1)

    def score_label(label: str) -> str:
        """A score tally's label (machine "0.5", shared with the CSV) as the page writes numbers."""
        try:
            return format_number(float(label), language)
        except ValueError:  # a band such as "10–20 %"
            return label

    return {
        "score_label": score_label,
        "report": report,
        "language": language,
        "_": translator(language),
        "charts": charts,
        "caution": caution,
        "percent": percent,
        "short": short,
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
