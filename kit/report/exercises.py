"""What the room answered on one exercise, by type: one summary function per type, one registry.

Each function receives the exercise, the rows of one session for it and fills an ExerciseReport.
Only the answers that were scored (or recorded) count: an invalid answer says nothing about options.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from kit.i18n import default_scale
from kit.models import (
    Exercise,
    Likert,
    Matching,
    MultipleChoice,
    Ordering,
    Scenario,
    SingleChoice,
)
from kit.report.model import ExerciseReport, LikertRow, OptionTally, Tally
from kit.scoring.session import Row, format_number

# distinct scores shown one by one up to this many; beyond, in tenths of the maximum
DISTINCT_SCORES = 11
TOP = 5

Summary = Callable[[Exercise, Sequence[Row], ExerciseReport, str], None]


def valid(rows: Sequence[Row]) -> list[Row]:
    return [row for row in rows if row.result.status in ("scored", "recorded")]


def score_tallies(scores: Sequence[float], maximum: float) -> list[Tally]:
    """The distribution of scores: each distinct score, or tenths of the maximum when there are many."""
    total = len(scores)
    if not total or not maximum:
        return []

    def kind(value: float) -> str:
        return "correct" if value >= maximum else "wrong" if value <= 0 else "partial"

    distinct = Counter(round(score, 4) for score in scores)
    if len(distinct) <= DISTINCT_SCORES:
        return [Tally(format_number(value), count, total, kind(value)) for value, count in sorted(distinct.items())]
    tenths = Counter(min(9, int(10 * score / maximum)) if score > 0 else 0 for score in scores)
    return [
        Tally(f"{10 * tenth}–{10 * tenth + 10} %", tenths[tenth], total,
              kind(maximum if tenth == 9 else tenth / 10 * maximum))
        for tenth in range(10)
    ]


def _options(exercise: SingleChoice | MultipleChoice, counts: Counter[str], total: int,
             correct: Callable[[str], bool], report: ExerciseReport) -> None:
    weights = exercise.weights()
    report.options = [
        OptionTally(option.id or "", option.text, counts[option.id or ""], total, correct(option.id or ""),
                    weights[option.id or ""])
        for option in exercise.options
    ]
    wrong = [option for option in report.options if not option.correct and option.count]
    # the first written wins a tie: max() keeps the first of equal counts
    report.popular_wrong = max(wrong, key=lambda option: option.count) if wrong else None


def summarise_single(exercise: Exercise, rows: Sequence[Row], report: ExerciseReport, language: str) -> None:
    assert isinstance(exercise, SingleChoice)
    answers = [row.response.answer for row in valid(rows)]
    correct = exercise.correct_option.id
    _options(exercise, Counter(answers), len(answers), lambda option_id: option_id == correct, report)


def summarise_multiple(exercise: Exercise, rows: Sequence[Row], report: ExerciseReport, language: str) -> None:
    assert isinstance(exercise, MultipleChoice)
    answers = [row.response.answer for row in valid(rows)]
    counts = Counter(option_id for answer in answers for option_id in answer)
    by_id = {option.id: option for option in exercise.options}
    _options(exercise, counts, len(answers), lambda option_id: exercise.is_correct(by_id[option_id]), report)


def summarise_ordering(exercise: Exercise, rows: Sequence[Row], report: ExerciseReport, language: str) -> None:
    """The pairs put the wrong way round most often: "B before A" where the key has A before B."""
    assert isinstance(exercise, Ordering)
    answers = [row.response.answer for row in valid(rows)]
    key = exercise.key
    text = {item.id: item.text for item in exercise.items}
    swapped: Counter[tuple[str, str]] = Counter()
    for answer in answers:
        position = {item_id: index for index, item_id in enumerate(answer)}
        for i, earlier in enumerate(key):
            for later in key[i + 1:]:
                if position[later] < position[earlier]:
                    swapped[(later, earlier)] += 1
    report.errors = [
        Tally(text[later], count, len(answers), "order", text[earlier])
        for (later, earlier), count in sorted(swapped.items(), key=lambda item: (-item[1], key.index(item[0][1]),
                                                                                 key.index(item[0][0])))
    ]


def summarise_matching(exercise: Exercise, rows: Sequence[Row], report: ExerciseReport, language: str) -> None:
    """The wrong matches made most often, and the left sides left out."""
    assert isinstance(exercise, Matching)
    answers = [row.response.answer for row in valid(rows)]
    pairs = {pair.id: pair for pair in exercise.pairs}
    order = list(pairs)
    errors: Counter[tuple[str, str | None]] = Counter()
    for answer in answers:
        for left in order:
            chosen = answer.get(left)
            if chosen != left:
                errors[(left, chosen)] += 1
    report.errors = [
        Tally(pairs[left].left, count, len(answers), "missing" if chosen is None else "match",
              "" if chosen is None else pairs[chosen].right)
        for (left, chosen), count in sorted(
            errors.items(), key=lambda item: (-item[1], order.index(item[0][0]),
                                              -1 if item[0][1] is None else order.index(item[0][1])))
    ]


def summarise_scenario(exercise: Exercise, rows: Sequence[Row], report: ExerciseReport, language: str) -> None:
    """Endings reached, the most common paths and the mean per competency."""
    assert isinstance(exercise, Scenario)
    scored = valid(rows)
    total = len(scored)
    endings = Counter(row.result.ending for row in scored)
    best = exercise.best_path()
    best_ending = best[-1].goto if best else exercise.start
    report.endings = [
        Tally(node.outcome or node.id, endings[node.id], total, "correct" if node.id == best_ending else "", node.id)
        for node in exercise.endings
    ]
    choices = {choice.id: choice for node in exercise.nodes for choice in node.choices or []}
    paths = Counter(tuple(row.response.answer) for row in scored)
    best_ids = tuple(choice.id for choice in best)
    report.paths = [
        Tally(" → ".join(choices[choice_id].text for choice_id in path), count, total,
              "correct" if path == best_ids else "", " ".join(path))
        for path, count in sorted(paths.items(), key=lambda item: (-item[1], item[0]))
    ]
    names = sorted({name for choice in choices.values() for name in choice.score})
    if total:
        report.competencies = {
            name: sum(row.result.competencies.get(name, 0) for row in scored) / total for name in names
        }


def summarise_likert(exercise: Exercise, rows: Sequence[Row], report: ExerciseReport, language: str) -> None:
    """Distributions per statement, reverse statements flipped (v → k + 1 − v)."""
    assert isinstance(exercise, Likert)
    top = exercise.scale_length
    report.scale = list(exercise.scale or default_scale(language))
    answers = [row.response.answer for row in valid(rows)]
    for statement in exercise.statements:
        counts = [0] * top
        for answer in answers:
            value = answer.get(statement.id)
            if value is None:
                continue
            counts[(top + 1 - value if statement.reverse else value) - 1] += 1
        report.likert.append(LikertRow(statement.id, statement.text, statement.reverse, tuple(counts)))


def summarise_written(exercise: Exercise, rows: Sequence[Row], report: ExerciseReport, language: str) -> None:
    """Free text and case discussion: the grades so far are the score distribution; nothing else."""


SUMMARIES: dict[str, Summary] = {
    "single-choice": summarise_single,
    "multiple-choice": summarise_multiple,
    "ordering": summarise_ordering,
    "matching": summarise_matching,
    "scenario": summarise_scenario,
    "likert": summarise_likert,
    "free-text": summarise_written,
    "case-discussion": summarise_written,
}


def summarise(session: str, exercise_id: str, exercise: Exercise | None, rows: Sequence[Row],
              language: str) -> ExerciseReport:
    """The report on one exercise in one session."""
    statuses = Counter(row.result.status for row in rows)
    if exercise is None:
        return ExerciseReport(session, exercise_id, exercise_id, "", None, len(rows), dict(statuses), known=False)
    report = ExerciseReport(session, exercise_id, exercise.title, exercise.type,
                            exercise.max_score, len(rows), dict(statuses))
    scores = [row.result.score for row in rows if row.result.status == "scored" and row.result.score is not None]
    if scores:
        report.mean_score = sum(scores) / len(scores)
    report.scores = score_tallies(scores, exercise.max_score)
    SUMMARIES[exercise.type](exercise, rows, report, language)
    return report
