"""Read a GIFT file (Moodle's question text format) into blocks: questions, categories, problems.

A file is read as Moodle reads it: questions are separated by blank lines, lines starting with
``//`` are comments, a ``$CATEGORY:`` line switches the category. Each question is parsed with
the grammar in ``gift.lark``; what the question *is* (multiple choice, true/false…) is decided
afterwards from its parts, by ``kind()``, in Moodle's order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kit.jsonline import loads_bounded

KIT_COMMENT = "// kit:"
CATEGORY = "$CATEGORY:"
FORMATS = ("markdown", "html", "plain", "moodle")
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_ESCAPES = {"~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "\\": "\\", "n": "\n"}


@dataclass
class Answer:
    """One answer inside the braces: ``mark`` is ``=`` or ``~`` (empty for the text before any mark)."""

    mark: str
    weight: float | None
    text: str
    feedback: list[str] = field(default_factory=list)


@dataclass
class Question:
    line: int
    raw: str
    title: str | None
    format: str
    stem: str
    # None: no braces at all (a description); the answers' text after `}` is the missing-word tail
    lead: Answer | None
    answers: list[Answer]
    tail: str
    general: str | None
    kit: dict[str, Any] | None = None

    @property
    def text_after(self) -> bool:
        """Text follows the braces: Moodle's missing-word format (a blank in the prompt)."""
        return bool(self.tail.strip())

    def kind(self) -> str:
        """Moodle's question type: description, essay, numerical, multichoice, match, truefalse, shortanswer."""
        if self.lead is None:
            return "description"
        if not self.answers and not self.lead.text.strip() and not self.lead.feedback:
            return "essay"
        if not self.lead.text.strip() and self.lead.feedback:
            return "numerical"
        if any(answer.mark == "~" for answer in self.answers):
            return "multichoice"
        if any(answer.mark == "=" for answer in self.answers) and any("->" in a.text for a in self.answers):
            return "match"
        if not self.answers and self.lead.text.strip().upper() in TRUE_FALSE:
            return "truefalse"
        return "shortanswer"


@dataclass
class Category:
    line: int
    raw: str
    name: str


@dataclass
class Unreadable:
    """A block that the grammar cannot read; kept verbatim and reported."""

    line: int
    raw: str
    message: str


@dataclass
class KitCommentProblem:
    line: int
    message: str


Block = Question | Category | Unreadable | KitCommentProblem


@cache
def _parser() -> Any:
    from lark import Lark

    return Lark.open(
        str(Path(__file__).with_name("gift.lark")), start="question", parser="lalr", lexer="contextual"
    )


def unescape(text: str) -> str:
    """Decode GIFT's escapes (``\\~ \\= \\# \\{ \\} \\: \\\\ \\n``); any other backslash stays."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _ESCAPES:
            out.append(_ESCAPES[text[index + 1]])
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def clean(text: str) -> str:
    """A text as Moodle keeps it: format tag removed, escapes decoded, trimmed."""
    return unescape(strip_format(text.strip())[1]).strip()


def strip_format(text: str) -> tuple[str | None, str]:
    """(format name, text without a leading ``[markdown]``-style tag); None when there is no tag."""
    for name in FORMATS:
        if text.startswith(f"[{name}]"):
            return name, text[len(name) + 2 :]
    return None, text


def read_gift(text: str) -> Iterator[Block]:
    """Every block of a GIFT file, with the line (from 1) where it starts."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    block: list[tuple[int, str]] = []
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            block.append((number, line))
        elif block:
            yield from _read_block(block)
            block = []


def _read_block(block: list[tuple[int, str]]) -> Iterator[Block]:
    # One pass over the block, however many $CATEGORY: lines open it (5,000 of them once cost 960 MB).
    kits: list[tuple[int, dict[str, Any] | None]] = []  # every '// kit:' line, None when unreadable
    body: list[tuple[int, str]] = []
    for number, line in block:
        stripped = line.strip()
        if stripped.startswith(KIT_COMMENT):
            try:
                kit = loads_bounded(stripped[len(KIT_COMMENT) :])
                if not isinstance(kit, dict):
                    raise ValueError("not an object")
            except ValueError as error:
                kit = None
                yield KitCommentProblem(number, f"the '// kit:' comment is not a JSON object ({error}); "
                                                "the question is read without it")
            kits.append((number, kit))
        # Moodle blanks comment lines out and trims every line
        body.append((number, "" if stripped.startswith("//") else stripped))
    content = [(number, line) for number, line in body if line]
    index, after = 0, 0  # the question starts after the last category line
    while index < len(content) and content[index][1].startswith(CATEGORY):
        after, line = content[index]
        yield Category(after, line, line[len(CATEGORY) :].strip())
        index += 1
    if index == len(content):
        return  # only comments and categories
    first, last = content[index][0], content[-1][0]
    kit = next((kit for number, kit in reversed(kits) if number > after), None)
    raw = "\n".join(line for number, line in block if number > after)
    source = "\n".join(line for number, line in body if first <= number <= last)
    yield _parse_question(first, raw, source, kit)


def _is_comment(line: str) -> bool:
    return line.strip().startswith("//")


def _parse_question(line: int, raw: str, source: str, kit: dict[str, Any] | None) -> Question | Unreadable:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

    try:
        tree = _parser().parse(source)
    except UnexpectedEOF:
        return Unreadable(line, raw, "the answers are not closed: a '}' is missing")
    except (UnexpectedCharacters, UnexpectedToken) as error:
        where = line + (error.line - 1 if isinstance(error.line, int) and error.line > 0 else 0)
        char = error.char if isinstance(error, UnexpectedCharacters) else str(error.token)
        if not char:
            return Unreadable(where, raw, "the answers are not closed: a '}' is missing")
        return Unreadable(
            where, raw,
            f"unexpected {char!r}: a question has one pair of braces {{…}}; write \\{{ \\}} \\= \\~ \\# "
            "for the characters themselves",
        )
    except UnexpectedInput as error:  # any other reading error of lark
        return Unreadable(line, raw, f"cannot be read ({error})")
    return _question(line, raw, tree, kit)


def _question(line: int, raw: str, tree: Any, kit: dict[str, Any] | None) -> Question:
    from lark import Token, Tree

    title: str | None = None
    text_format = "moodle"
    texts: list[str] = []
    answers_tree: Any = None
    for child in tree.children:
        if isinstance(child, Tree) and child.data == "title":
            title = "".join(unescape(str(t)) for t in child.children if t.type == "TITLE").strip()
        elif isinstance(child, Tree) and child.data == "answers":
            answers_tree = child
            texts.append("\0")  # where the answers were
        elif isinstance(child, Token) and child.type == "FORMAT":
            text_format = str(child)[1:-1]
        elif isinstance(child, Token):
            texts.append(str(child))
    joined = "".join(texts)
    stem, _, tail = joined.partition("\0")
    if answers_tree is None:
        return Question(line, raw, title, text_format, stem, None, [], "", None, kit)
    lead = Answer("", None, "")
    answers: list[Answer] = []
    general: str | None = None
    for part in answers_tree.children:
        if part.data == "lead":
            lead = _answer(part)
        elif part.data == "choice":
            answers.append(_answer(part))
        elif part.data == "general":
            general = "".join(str(t) for t in part.children if t.type == "GTEXT")
    return Question(line, raw, title, text_format, stem, lead, answers, tail, general, kit)


def _answer(tree: Any) -> Answer:
    from lark import Token

    mark, weight, text = "", None, ""
    feedback: list[str] = []
    for child in tree.children:
        if isinstance(child, Token) and child.type == "MARK":
            mark = str(child)
        elif isinstance(child, Token) and child.type == "WEIGHT":
            weight = float(str(child).strip().strip("%"))
        elif isinstance(child, Token) and child.type == "ATEXT":
            text = str(child)
        elif not isinstance(child, Token):  # feedback
            feedback.append("".join(str(t) for t in child.children if t.type == "ATEXT"))
    return Answer(mark, weight, text, feedback)
