"""Session reports: item statistics, how the room answered, charts (``kit report``).

Data first (``build_report``, pure functions over scored rows), drawing separately (``report_html``,
``write_tables``). Nothing heavy is imported here: jinja2 loads only when the HTML is drawn.
"""

from __future__ import annotations

from kit.report.data import build_report
from kit.report.model import Report
from kit.report.stats import ItemStatistics, OverallStatistics, session_statistics

__all__ = ["ItemStatistics", "OverallStatistics", "Report", "build_report", "session_statistics"]
