"""What a session report holds: plain data, computed by kit.report.data and drawn by kit.report.html."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from kit.report.stats import ItemStatistics, OverallStatistics


@dataclass(frozen=True)
class Tally:
    """How often something happened, out of how many answers."""

    label: str
    count: int
    total: int
    # "correct" / "wrong" / "partial" marks for charts and tables; "" when it does not apply
    kind: str = ""
    detail: str = ""

    @property
    def share(self) -> float:
        return 100 * self.count / self.total if self.total else 0.0


@dataclass(frozen=True)
class OptionTally:
    id: str
    text: str
    count: int
    total: int
    correct: bool
    weight: float

    @property
    def share(self) -> float:
        return 100 * self.count / self.total if self.total else 0.0


@dataclass(frozen=True)
class LikertRow:
    statement: str
    text: str
    reverse: bool
    # counts[v - 1]: answers of value v on the scale, after flipping reverse statements
    counts: tuple[int, ...]

    @property
    def n(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        n = self.n
        return sum(value * count for value, count in enumerate(self.counts, start=1)) / n if n else None


@dataclass
class ExerciseReport:
    session: str
    exercise: str
    title: str
    type: str
    max_score: float | None
    answered: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    mean_score: float | None = None
    scores: list[Tally] = field(default_factory=list)
    options: list[OptionTally] = field(default_factory=list)
    popular_wrong: OptionTally | None = None
    errors: list[Tally] = field(default_factory=list)
    endings: list[Tally] = field(default_factory=list)
    paths: list[Tally] = field(default_factory=list)
    competencies: dict[str, float] = field(default_factory=dict)
    scale: list[str] = field(default_factory=list)
    likert: list[LikertRow] = field(default_factory=list)
    item: ItemStatistics | None = None
    known: bool = True


@dataclass(frozen=True)
class ParticipantTotal:
    session: str
    participant: str
    total: float
    maximum: float
    answered: int
    pending: int
    invalid: int

    @property
    def percent(self) -> float | None:
        return 100 * self.total / self.maximum if self.maximum else None


@dataclass(frozen=True)
class Waiting:
    """An answer that still needs a person's grade."""

    session: str
    participant: str
    exercise: str
    title: str
    reason: str
    answer: str


@dataclass(frozen=True)
class Unscored:
    """A latest attempt that could not be scored (invalid), with the reason."""

    session: str
    participant: str
    exercise: str
    reason: str


@dataclass
class SessionReport:
    session: str
    participants: list[ParticipantTotal]
    exercises: list[ExerciseReport]
    waiting: list[Waiting]
    unscored: list[Unscored]
    items: list[ItemStatistics]
    overall: OverallStatistics
    # the titles of the modules whose exercises were answered, in the order of the notebooks
    modules: list[str] = field(default_factory=list)
    # the first and last day an answer was given (each on its own clock, as submitted)
    days: tuple[date, date] | None = None

    def answered(self, exercise: str) -> int:
        """How many participants answered ``exercise`` (its latest attempt, valid or not)."""
        return next((report.answered for report in self.exercises if report.exercise == exercise), 0)

    def partly_answered(self) -> bool:
        """Whether some item was answered by fewer participants than its statistics count (n)."""
        return any(self.answered(item.exercise) < item.n for item in self.items)

    def title(self, exercise: str) -> str:
        return next((report.title for report in self.exercises if report.exercise == exercise), exercise)


@dataclass
class Report:
    language: str
    # a list, or kit.report.spool.SessionSpool for a whole programme's store (read back one at a time)
    sessions: Sequence[SessionReport]
    lines: int = 0
    rejected: int = 0
    # "FILE:LINE: reason" of rejected lines and grades, for the report's last section
    rejections: list[str] = field(default_factory=list)
