"""What the fuzz tests of kit's readers share: hostile fragments, and the one invariant they check.

The invariant (issue 16): whatever a file holds, a reader run through the command line exits 0, 1 or 2,
names each problem as ``PATH:LINE:`` (or ``PATH:CELL:``), never shows a traceback, and keeps the good
records that sit among the bad ones.
"""

from __future__ import annotations

import json
import re
import traceback
from typing import Any

from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from kit.cli import main

# Each fuzz test is bounded by its example count (never by the clock), so that the whole fuzz suite
# runs in CI within a few minutes; KIT_FUZZ=ci of hypothesis' profiles is not needed.
FUZZ = settings(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Texts that broke a reader once, or are known to break parsers: kept in every run.
NASTY_TEXTS = [
    "=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "'=x",
    "\ud800", "\udfff", "\x00", "\u2028", "\ufeff", "ő ű č ř", "𝔘𝔫𝔦", "", " ", "\\", "\"", "'",
    "[" * 70, "{" * 70, "9" * 5000, "1e400", "NaN", "-Infinity", "A-" * 400, "Aa " * 400,
]


def nested(depth: int, leaf: Any = "x") -> str:
    """JSON text of arrays nested ``depth`` deep."""
    return "[" * depth + json.dumps(leaf) + "]" * depth


hostile_text = st.one_of(st.sampled_from(NASTY_TEXTS), st.text(max_size=40))
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                                st.dictionaries(hostile_text, inner, max_size=3)),
                          max_leaves=8)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def assert_handled(result: Result, shown: str, allowed: tuple[int, ...] = (0, 1, 2)) -> None:
    """No traceback, an allowed exit code, and every message that names the file in PATH:N: form."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"a traceback reached the user:\n{trace}")
    assert result.exit_code in allowed, (result.exit_code, result.stderr[-2000:])
    assert "Traceback" not in result.output
    pattern = re.compile(rf"^{re.escape(shown)}:\d+: ")
    for line in result.stderr.splitlines():
        if line.startswith(shown + ":"):
            assert pattern.match(line), f"not a PATH:LINE: message: {line[:200]}"


__all__ = ["FUZZ", "NASTY_TEXTS", "assert_handled", "hostile_text", "json_value", "nested", "run"]
