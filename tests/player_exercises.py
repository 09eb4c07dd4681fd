"""One exercise of each of the eight types, with marked secrets, for the player's tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import yaml

from tests.conftest import exercise_cell, module_notebook

EXERCISES: list[dict[str, Any]] = [
    {"id": "pl-single", "type": "single-choice", "title": "The first sentence", "prompt": "What do you say first?",
     "options": [{"text": "Alpha answer", "feedback": "FEEDBACK-alpha-xq"},
                 {"text": "Beta answer", "correct": True, "feedback": "FEEDBACK-beta-xq"},
                 {"text": "Gamma answer", "weight": 37.25, "feedback": "FEEDBACK-gamma-xq"}],
     "facilitator": {"notes": "FACILITATOR-notes-xq", "debrief": ["FACILITATOR-debrief-xq"]}},
    {"id": "pl-multiple", "type": "multiple-choice", "title": "Risk signs", "prompt": "Which are risk signs?",
     "points": 2,
     "options": [{"id": "o1", "text": "Counting tablets", "weight": 58.5, "feedback": "FEEDBACK-one-xq"},
                 {"id": "o2", "text": "Giving away a pet", "weight": 41.5},
                 {"id": "o3", "text": "Asking opening hours", "weight": -23.75, "feedback": "FEEDBACK-three-xq"}]},
    {"id": "pl-ordering", "type": "ordering", "title": "Stages", "prompt": "Put the stages in order.",
     "items": [{"id": "i1", "text": "Contact"}, {"id": "i2", "text": "Problem"}, {"id": "i3", "text": "Feelings"},
               {"id": "i4", "text": "Plan"}]},
    {"id": "pl-matching", "type": "matching", "title": "Forms of support", "prompt": "Match them.", "points": 3,
     "pairs": [{"id": "p1", "left": "Outside reflection", "right": "Supervision"},
               {"id": "p2", "left": "Colleagues on a case", "right": "Case discussion"},
               {"id": "p3", "left": "Family and professionals", "right": "Case conference"}]},
    {"id": "pl-free", "type": "free-text", "title": "A handover", "prompt": "Write the handover.", "min_words": 5,
     "rubric": [{"id": "facts", "criterion": "RUBRIC-facts-xq", "points": 3},
                {"id": "consent", "criterion": "RUBRIC-consent-xq", "points": 2}]},
    {"id": "pl-case", "type": "case-discussion", "title": "A stuck case", "case": "A client calls every morning.",
     "prompt": "Reflect.", "rubric": [{"id": "cover", "criterion": "RUBRIC-cover-xq", "points": 4}]},
    {"id": "pl-likert", "type": "likert", "title": "After the shift", "prompt": "Agree?",
     "statements": [{"id": "s1", "text": "I can talk it through."},
                    {"id": "s2", "text": "I replay calls.", "reverse": True}]},
    {"id": "pl-scenario", "type": "scenario", "title": "A night call", "start": "n1", "nodes": [
        {"id": "n1", "text": "Hello?", "speaker": "Caller", "choices": [
            {"text": "Greet warmly", "goto": "n2", "score": {"hiddencompetency": 7}, "feedback": "FEEDBACK-greet-xq"},
            {"text": "Hang up", "goto": "end-lost", "score": {"hiddencompetency": -3},
             "feedback": "FEEDBACK-hang-xq"}]},
        {"id": "n2", "text": "I need someone to listen.", "choices": [
            {"text": "Listen first", "goto": "end-safe", "score": {"othercompetency": 5},
             "feedback": "FEEDBACK-listen-xq"}]},
        {"id": "end-safe", "text": "Thank you.", "outcome": "OUTCOME-safe-xq"},
        {"id": "end-lost", "text": "Silence.", "outcome": "OUTCOME-lost-xq"}]},
]
# never in a participant page of the workshop (the server sends feedback only with a result)
SECRETS = ["FEEDBACK-", "RUBRIC-", "hiddencompetency", "othercompetency", "OUTCOME-", "37.25", "58.5"]
# never in any player page
FACILITATOR = ["FACILITATOR-", "TAGGED-xq", "RAW-xq"]
# one answer of each type, in §6 form, with what kit score gives it
ANSWERS: dict[str, Any] = {
    "pl-single": "c", "pl-multiple": ["o1", "o3"], "pl-ordering": ["i2", "i1", "i3", "i4"],
    "pl-matching": {"p1": "p1", "p2": "p3"}, "pl-free": "Facts first, then consent.",
    "pl-case": {"problem": "She is alone.", "dilemmas": "Whom to call."}, "pl-likert": {"s1": 2, "s2": 5},
    "pl-scenario": ["n1-1", "n2-1"],
}


def module_cells(exercises: list[dict[str, Any]] | None = None) -> list[Any]:
    """A module: trainers' text in a block, a tagged cell and a raw cell, then ``exercises`` (EXERCISES)."""
    cells = [nbformat.v4.new_markdown_cell("# Night shift\n\nA module for the room.\n\n"
                                           ":::{facilitator}\nTAGGED-xq in a MyST block\n:::\n\nAfter the block.")]
    tagged = nbformat.v4.new_markdown_cell("TAGGED-xq: the trainer's plan for the day.")
    tagged.metadata["tags"] = ["facilitator"]
    cells += [tagged, nbformat.v4.new_raw_cell("::RAW-xq:: GIFT kept verbatim {=right ~wrong}")]
    return cells + [exercise_cell(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
                    for data in (EXERCISES if exercises is None else exercises)]


def write_module(path: Path, language: str = "en", extra: list[Any] | None = None) -> Path:
    notebook = module_notebook(*module_cells(), *(extra or []), language=language, title="Night shift")
    nbformat.write(notebook, path)
    return path
