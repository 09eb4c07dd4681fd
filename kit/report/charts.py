"""Chart geometry for the report's inline SVG: pure functions, no drawing and no text escaping here.

The templates (kit/templates/report_charts.html.j2) turn these numbers into SVG elements, so every
label passes through the template engine's autoescaping. Charts carry their numbers as text next to
each bar and tell kinds apart by shade and outline, so that they stay readable in black and white.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kit.report.model import LikertRow, OptionTally, Tally

WIDTH = 640
ROW = 22  # height of one bar row
BAR = 14  # thickness of a bar
LABEL_WIDTH = WIDTH * 0.42  # the most the label column may take
# rough advance widths (px) of a wide sans-serif font (DejaVu Sans) at 11px; the templates also give
# each label this length (SVG textLength), so that a label never spills out of its column
NARROW, DEFAULT, UPPER, WIDE = 3.6, 6.8, 8.0, 10.6
NARROW_CHARS = set("iljtfrI.,:;'|!()[] ")
WIDE_CHARS = set("MWmw@%<>=+~")


def char_width(c: str) -> float:
    if c in NARROW_CHARS:
        return NARROW
    if c in WIDE_CHARS:
        return WIDE
    return UPPER if c.isupper() else DEFAULT


@lru_cache(maxsize=4096)  # the same labels come back in every session of a programme
def text_width(text: str) -> float:
    return sum(map(char_width, text))


@lru_cache(maxsize=4096)
def shorten(text: str, width: float = LABEL_WIDTH - 10) -> str:
    """One line that fits ``width`` pixels (long words cut too), ending in … when cut."""
    line = " ".join(text.split())
    if text_width(line) <= width:
        return line
    while line and text_width(line + "…") > width:
        line = line[:-1]
    return line.rstrip() + "…"


def _label_width(labels: Sequence[str]) -> float:
    return min(LABEL_WIDTH, 10 + max((text_width(label) for label in labels), default=0))


@dataclass(frozen=True)
class Bar:
    label: str  # shortened, for the chart
    title: str  # the full text, for a tooltip and screen readers
    label_length: float  # the label's width in the chart
    value: str  # the number printed after the bar
    x: float
    y: float
    width: float
    kind: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: float
    bar_height: int
    bars: tuple[Bar, ...]


def bar_chart(rows: Sequence[tuple[str, float, str, str]], maximum: float | None = None) -> BarChart:
    """Horizontal bars from (label, value, printed value, kind) rows; ``maximum`` fixes the scale."""
    top = maximum if maximum is not None else max((value for _, value, _, _ in rows), default=0)
    labels = [shorten(label) for label, _, _, _ in rows]
    label_width = _label_width(labels)
    room = WIDTH - label_width - 70  # space for the printed value after the longest bar
    bars = tuple(
        Bar(short, label, text_width(short), text, label_width, 4 + index * ROW,
            room * value / top if top > 0 else 0, kind)
        for index, ((label, value, text, kind), short) in enumerate(zip(rows, labels, strict=True))
    )
    return BarChart(WIDTH, 8 + len(rows) * ROW, label_width, BAR, bars)


def tally_chart(tallies: Sequence[Tally]) -> BarChart:
    """Counts with their share: "7 (58 %)"."""
    return bar_chart([(t.label + (f" → {t.detail}" if t.kind == "match" and t.detail else ""),
                       t.count, f"{t.count} ({t.share:.0f} %)", t.kind) for t in tallies])


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    level: int  # 1…k on the scale
    count: int


@dataclass(frozen=True)
class StackRow:
    label: str
    title: str
    label_length: float
    y: float
    segments: tuple[Segment, ...]
    n: int


@dataclass(frozen=True)
class StackChart:
    width: int
    height: int
    label_width: float
    bar_height: int
    rows: tuple[StackRow, ...]
    levels: int


def likert_chart(rows: Sequence[LikertRow], levels: int) -> StackChart:
    """One 100 % bar per statement, a segment per point of the scale (after flipping reverse items)."""
    labels = [shorten(row.text) for row in rows]
    label_width = _label_width(labels)
    room = WIDTH - label_width - 50
    stacks = []
    for index, (row, label) in enumerate(zip(rows, labels, strict=True)):
        x, segments = label_width, []
        for level, count in enumerate(row.counts, start=1):
            width = room * count / row.n if row.n else 0
            if count:
                segments.append(Segment(x, width, level, count))
            x += width
        stacks.append(StackRow(label, row.text, text_width(label), 4 + index * ROW, tuple(segments), row.n))
    return StackChart(WIDTH, 8 + len(rows) * ROW, label_width, BAR, tuple(stacks), levels)


def level_fill(level: int, levels: int) -> str:
    """A grey from light (level 1) to dark (the top of the scale): distinct on paper too."""
    lightness = 235 - round(190 * (level - 1) / max(1, levels - 1))
    return f"#{lightness:02x}{lightness:02x}{lightness:02x}"


def level_ink(level: int, levels: int) -> str:
    """Text colour readable on ``level_fill``."""
    return "#ffffff" if (level - 1) / max(1, levels - 1) > 0.5 else "#111111"


def option_chart(options: Sequence[OptionTally]) -> BarChart:
    """How often each option was chosen; correct ones dark, wrong ones light."""
    return bar_chart([(f"{option.id}) {option.text}", option.count, f"{option.count} ({option.share:.0f} %)",
                       "correct" if option.correct else "partial" if option.weight > 0 else "wrong")
                      for option in options])


def percent_chart(rows: Sequence[tuple[str, float | None]]) -> BarChart:
    """Percentages on a fixed 0–100 scale (facility, participants' totals)."""
    return bar_chart([(label, max(0.0, value or 0.0), "–" if value is None else f"{value:.0f} %", "plain")
                      for label, value in rows], maximum=100)


def pairs(records: Sequence[object], label: str, value: str) -> list[tuple[str, float | None]]:
    """(label, value) of each record, by attribute name: for charts drawn from report tables."""
    return [(str(getattr(record, label)), getattr(record, value)) for record in records]


def titled(records: Sequence[object], title: Callable[[str], str], value: str) -> list[tuple[str, float | None]]:
    """(title of the exercise, value) of each record with an ``exercise`` id: charts name exercises by title."""
    return [(title(record.exercise), getattr(record, value)) for record in records]  # type: ignore[attr-defined]
