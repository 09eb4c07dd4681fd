"""Property tests: for generated exercises, export → import gives an equal exercise (DESIGN §11)."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.interchange.gift_export import exercise_gift
from kit.interchange.gift_import import import_gift
from kit.interchange.twee_export import exercise_twee
from kit.interchange.twee_import import import_twee
from kit.models import Exercise, parse_exercise
from kit.scoring.rules import score

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# GIFT's and Twee's control characters, Markdown, blanks and accents, so that escaping is exercised
TRICKY = "~=#{}:\\[]|<>-%$()_*`'\" \n\tőűčř–"
text = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]),
               min_size=1, max_size=24)
prose = text.filter(lambda value: value.strip() != "")
ids = st.from_regex(r"[a-z0-9][a-z0-9-]{2,20}", fullmatch=True)
maybe = st.none() | prose


def common() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({
        "id": ids, "title": prose, "prompt": prose,
    }, optional={
        "case": prose, "points": st.integers(1, 10), "minutes": st.integers(1, 60),
        "competencies": st.lists(st.sampled_from(["empathy", "safety", "records"]), max_size=2, unique=True),
        "facilitator": st.fixed_dictionaries({}, optional={
            "notes": prose, "debrief": st.lists(prose, max_size=2), "pitfalls": st.lists(prose, max_size=2)}),
    })


@st.composite
def single_choice(draw: Any) -> dict[str, Any]:
    count = draw(st.integers(2, 5))
    right = draw(st.integers(0, count - 1))
    options = []
    for index in range(count):
        option: dict[str, Any] = {"text": draw(text)}
        if index == right:
            option["correct"] = True
        elif draw(st.booleans()):
            option["weight"] = draw(st.integers(0, 99))
        if draw(st.booleans()):
            option["feedback"] = draw(prose)
        if draw(st.booleans()):
            option["id"] = f"o{index}"
        options.append(option)
    return {**draw(common()), "type": "single-choice", "options": options}


@st.composite
def true_false(draw: Any) -> dict[str, Any]:
    truth = draw(st.booleans())
    options = [{"text": "True", "correct": True} if truth else {"text": "True"},
               {"text": "False"} if truth else {"text": "False", "correct": True}]
    for option in options:
        if draw(st.booleans()):
            option["feedback"] = draw(prose)
    return {**draw(common()), "type": "single-choice", "options": options}


@st.composite
def multiple_choice(draw: Any) -> dict[str, Any]:
    count = draw(st.integers(2, 5))
    if draw(st.booleans()):  # Moodle-style weights: the positive ones add up to 100
        positive = draw(st.integers(1, count))
        shares = draw(st.lists(st.integers(1, 9), min_size=positive, max_size=positive))
        weights = [round(100 * share / sum(shares), 5) for share in shares]
        weights[-1] = round(100 - sum(weights[:-1]), 5)
        weights += [draw(st.sampled_from([None, 0, -25, -50, -100])) for _ in range(count - positive)]
        options = [{"text": draw(text), **({"weight": w} if w is not None else {})} for w in weights]
    else:
        flags = draw(st.lists(st.booleans(), min_size=count, max_size=count).filter(any))
        options = [{"text": draw(text), **({"correct": True} if flag else {})} for flag in flags]
    for option in options:
        if draw(st.booleans()):
            option["feedback"] = draw(prose)
    return {**draw(common()), "type": "multiple-choice", "options": options}


@st.composite
def matching(draw: Any) -> dict[str, Any]:
    count = draw(st.integers(2, 5))
    pairs = [{"id": f"p{index}" if draw(st.booleans()) else draw(ids), "left": draw(text), "right": draw(text)}
             for index in range(count)]
    return {**draw(common()), "type": "matching", "pairs": pairs}


@st.composite
def free_text(draw: Any) -> dict[str, Any]:
    rubric = [{"id": f"c{index}", "criterion": draw(prose), "points": draw(st.integers(1, 5))}
              for index in range(draw(st.integers(1, 3)))]
    extra = {"min_words": draw(st.integers(0, 300))} if draw(st.booleans()) else {}
    return {**draw(common()), "type": "free-text", "rubric": rubric, **extra}


@st.composite
def scenario(draw: Any) -> dict[str, Any]:
    """A random acyclic graph: node k links only to later nodes; every node reachable from the first."""
    count = draw(st.integers(2, 7))
    names = draw(st.lists(prose | ids, min_size=count, max_size=count, unique=True))
    nodes: list[dict[str, Any]] = [{"id": name, "text": draw(prose)} for name in names]
    incoming = {0}
    for index in range(count - 1):
        targets = draw(st.lists(st.integers(index + 1, count - 1), min_size=0, max_size=3))
        if index + 1 not in incoming and index + 1 not in targets:
            targets.append(index + 1)
        if index not in incoming:
            continue
        choices = []
        for target in targets:
            incoming.add(target)
            scores = st.dictionaries(st.sampled_from(["empathy", "safety", "jó-kapcsolat"]), st.integers(-3, 5),
                                     max_size=2)
            choice: dict[str, Any] = {"text": draw(prose), "goto": names[target], "score": draw(scores)}
            if draw(st.booleans()):
                choice["feedback"] = draw(prose)
            choices.append(choice)
        nodes[index]["choices"] = choices
    for node in nodes:
        if not node.get("choices"):
            node.pop("choices", None)
            node["outcome"] = draw(prose)
        if draw(st.booleans()):
            node["speaker"] = draw(prose)
    # make the best path score: the first choice always earns a point
    nodes[0]["choices"][0]["score"]["empathy"] = 10
    data = {**draw(common()), "type": "scenario", "start": names[0], "nodes": [n for i, n in enumerate(nodes)
                                                                              if i in incoming]}
    data.pop("prompt") if draw(st.booleans()) else None
    return data


def valid(data: dict[str, Any]) -> Exercise | None:
    try:
        return parse_exercise(data)
    except Exception:  # a generated combination the format rejects: not what these tests are about
        return None


def imported(cells: list[Any]) -> Exercise:
    [cell] = [cell for cell in cells if cell.kind == "exercise"]
    return parse_exercise(yaml.safe_load(cell.source.split("\n", 1)[1]))


@SETTINGS
@given(st.one_of(single_choice(), true_false(), multiple_choice(), matching(), free_text()),
       st.sampled_from(["en", "hu", "cs"]))
def test_gift_export_then_import_is_equal(data: dict[str, Any], language: str) -> None:
    exercise = valid(data)
    if exercise is None:
        return
    cells, notes = import_gift(exercise_gift(exercise, language), "x.gift", language)
    assert notes == []
    again = imported(cells)
    assert again == exercise
    if exercise.type in ("single-choice", "multiple-choice"):
        for option in exercise.options:  # type: ignore[attr-defined]
            answer = option.id if exercise.type == "single-choice" else [option.id]
            assert score(again, answer) == score(exercise, answer)


@SETTINGS
@given(scenario())
def test_twee_export_then_import_is_equal(data: dict[str, Any]) -> None:
    exercise = valid(data)
    if exercise is None:
        return
    cells, notes = import_twee(exercise_twee(exercise), "x.twee")
    assert notes == []
    assert imported(cells) == exercise
