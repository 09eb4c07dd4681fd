"""Debian's chromium through Playwright, and axe-core (npm, tests/node) for accessibility checks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
AXE = Path(__file__).parent / "node" / "node_modules" / "axe-core" / "axe.min.js"


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is needed: make system-deps installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page: Any, url: str | None = None) -> list[str]:
    """Every axe-core violation on the page as it is now, one line each (empty when there is none).

    ``url``: where the page's own server serves axe.min.js, for pages whose CSP refuses inline scripts.
    """
    assert AXE.exists(), "axe-core is needed: run npm ci --prefix tests/node (make test does)"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        if url:
            page.add_script_tag(url=url)
        else:
            page.add_script_tag(path=str(AXE))
    found = page.evaluate("axe.run(document).then(r => r.violations)")
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['failureSummary']}"
        for violation in found for node in violation["nodes"]
    ]
