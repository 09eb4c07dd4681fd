"""The workbook as HTML (templates ``kit/templates/workbook*``) and as PDF (WeasyPrint, offline)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kit.i18n import translator
from kit.render import environment
from kit.workbook.book import Workbook


def context(workbook: Workbook) -> dict[str, Any]:
    return {
        "workbook": workbook,
        "language": workbook.language,
        "title": workbook.title,
        "_": translator(workbook.language),
        "translate": translator,
    }


def render_html(workbook: Workbook) -> str:
    return environment().get_template("workbook.html.j2").render(**context(workbook))


def render_pdf(workbook: Workbook) -> bytes:
    import weasyprint

    from kit.guide.render import offline_fetcher

    html = weasyprint.HTML(string=render_html(workbook), base_url=str(Path.cwd()), url_fetcher=offline_fetcher())
    return html.write_pdf()


def write_workbook(workbook: Workbook, path: str | Path) -> None:
    """Write the PDF whole, then move it in place: a failure never leaves half a workbook over a good one."""
    data = render_pdf(workbook)
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    partial.replace(target)
