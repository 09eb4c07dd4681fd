"""How the benchmarks print a list of latencies."""

from __future__ import annotations

import statistics


def spread(latencies: list[float]) -> str:
    """Median, 95th percentile and worst, in milliseconds."""
    if not latencies:
        return "(none)"
    ordered = sorted(latencies)
    return (f"median {1000 * statistics.median(ordered):.0f} ms, "
            f"95th percentile {1000 * ordered[int(0.95 * (len(ordered) - 1))]:.0f} ms, "
            f"worst {1000 * ordered[-1]:.0f} ms")
