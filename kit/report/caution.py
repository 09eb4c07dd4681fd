"""How far a report's statistics can be trusted in a small room: pure functions.

Moodle computes its quiz statistics for any number of attempts and leaves the judgement to the
reader. A workshop room is small, and the figures built on correlations (discrimination,
efficiency, the coefficient of internal consistency and the error figures derived from it) swing
with a single answer there: over n people, a correlation that is truly 0 lands anywhere within
±tanh(1.96/√(n−3)) in 95 of 100 rooms (Fisher's z), which is ±63 points with 10 people and
±36 with 30. Below ``FEW`` participants the page therefore shows these figures as "too few
participants" instead of numbers; from ``FEW`` to ``ROUGH`` it shows them with that margin. The
CSV tables always keep Moodle's figures (DESIGN §7).
"""

from __future__ import annotations

import math

FEW = 10  # fewer participants: correlation-based figures are not shown in the page
ROUGH = 30  # fewer participants: they are shown with their margin


def correlation_margin(n: int) -> float | None:
    """Half the 95% range of a correlation that is truly 0, over ``n`` people, in points (0–100)."""
    if n <= 3:
        return None
    return 100 * math.tanh(1.96 / math.sqrt(n - 3))


def shows_correlations(n: int) -> bool:
    """Whether the page shows discrimination, efficiency and consistency figures for ``n`` people."""
    return n >= FEW


def is_rough(n: int) -> bool:
    return FEW <= n < ROUGH
