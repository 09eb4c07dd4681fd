"""Read a Twee 3 file (Twine's story format): passages with their links, text and score changes.

Header lines (a line starting with ``::``) split the file into passages; each header, each
passage's text and each ``set`` macro is then read with the grammars in ``twee.lark`` and
``twee_set.lark``. Links follow Harlowe's rules: the rightmost ``->`` or ``|`` divides text from
target, else the leftmost ``<-`` divides target from text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).parent
_BLANK_LINES = re.compile(r"\n{3,}")
_PARENTHESIS = re.compile(r"[()]")
# Harlowe macros nested deeper than this are not read (their links still are)
MAX_NESTING = 64
# a score change longer than this is not read: nobody scores a choice in billions
MAX_DIGITS = 9
_LONG_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")


@dataclass
class Link:
    text: str
    target: str
    line: int
    setter: str | None = None


@dataclass
class Passage:
    name: str
    tags: list[str]
    line: int  # of the header
    source: str  # the text as written, without trailing blank lines
    meta: str | None = None
    text: str = ""  # without links and macros
    links: list[Link] = field(default_factory=list)
    changes: dict[str, int] = field(default_factory=dict)  # what its set macros add to each variable
    problems: list[tuple[int, str]] = field(default_factory=list)


@cache
def _grammar() -> Any:
    from lark import Lark

    return Lark.open(str(_HERE / "twee.lark"), start=["header", "text"], parser="lalr", lexer="contextual")


@cache
def _assignment_grammar() -> Any:
    from lark import Lark

    return Lark.open(str(_HERE / "twee_set.lark"), start="assignment", parser="lalr")


def read_twee(text: str) -> list[Passage]:
    """The passages of a Twee file, in written order (text before the first header is ignored)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = [index for index, line in enumerate(lines) if line.startswith("::")]
    passages = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        content = "\n".join(lines[start + 1 : end]).rstrip()
        passages.append(_passage(lines[start], start + 1, content))
    return passages


def unescape(text: str) -> str:
    """Twee's escapes: any backslashed character yields the character."""
    return re.sub(r"\\(.)", r"\1", text)


def _passage(header: str, line: int, content: str) -> Passage:
    from lark.exceptions import UnexpectedInput

    try:
        tree = _grammar().parse(header, start="header")
    except UnexpectedInput:
        passage = Passage(unescape(header[2:]).strip(), [], line, content)
        passage.problems.append((line, f"the passage header {header!r} cannot be read; its whole text after "
                                       "'::' is taken as the passage name"))
    else:
        name = next((str(t) for t in tree.children if getattr(t, "type", "") == "NAME"), "")
        tags = [unescape(str(t)) for child in tree.children if getattr(child, "data", "") == "tags"
                for t in child.children if t.type == "TAG"]
        meta = next((str(t) for t in tree.children if getattr(t, "type", "") == "META"), None)
        passage = Passage(unescape(name).strip(), tags, line, content, meta)
    if "script" not in passage.tags and "stylesheet" not in passage.tags:
        _read_text(passage)
    return passage


def bracket_depth(text: str) -> int:
    """How deep round brackets nest in a passage (Harlowe macros nest in them)."""
    depth = deepest = 0
    for match in _PARENTHESIS.finditer(text):
        depth = max(depth + (1 if match.group() == "(" else -1), 0)
        deepest = max(deepest, depth)
    return deepest


def _read_text(passage: Passage) -> None:
    from lark.exceptions import UnexpectedInput

    problem = ""
    if bracket_depth(passage.source) > MAX_NESTING:  # the parse tree is walked recursively: bound it
        problem = f"the macros of passage '{passage.name}' nest deeper than {MAX_NESTING} levels"
        line = passage.line + 1
    else:
        try:
            tree = _grammar().parse(passage.source, start="text")
        except UnexpectedInput as error:
            line = passage.line + (getattr(error, "line", 1) or 1)
            problem = f"the macros of passage '{passage.name}' cannot be read"
    if problem:
        passage.problems.append((line, f"{problem}; its links are read and its text is kept as written"))
        pattern = _grammar().get_terminal("LINK").pattern.to_regexp()
        for match in re.finditer(pattern, passage.source):
            line = passage.line + 1 + passage.source.count("\n", 0, match.start())
            passage.links.append(parse_link(match.group(0), line))
        passage.text = passage.source.strip()
        return
    _walk(passage, tree.children)


def _walk(passage: Passage, items: list[Any]) -> None:
    from lark import Token

    text: list[str] = []
    hooks: list[bool] = []  # for each open '[': does it belong to a macro (and so is not text)?
    after_macro = False
    for item in items:
        if isinstance(item, Token) and item.type == "LINK":
            passage.links.append(parse_link(str(item), passage.line + (item.line or 1)))
            after_macro = False
        elif isinstance(item, Token) and item.type == "SMACRO":
            _score_macro(passage, str(item)[2:-2], "set")
            after_macro = False
        elif isinstance(item, Token) and item.type == "HOOK_OPEN":
            hooks.append(after_macro)
            if not after_macro:
                text.append("[")
            after_macro = False
        elif isinstance(item, Token) and item.type == "HOOK_CLOSE":
            if not (hooks.pop() if hooks else False):
                text.append("]")
            after_macro = False
        elif isinstance(item, Token):
            text.append(str(item))
            after_macro = False
        else:  # a Harlowe macro; links inside its arguments are links too
            _harlowe_macro(passage, item)
            after_macro = True
    lines = [line.rstrip() for line in "".join(text).split("\n")]
    passage.text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _harlowe_macro(passage: Passage, tree: Any) -> None:
    opener = str(tree.children[0])
    for token in tree.scan_values(lambda value: getattr(value, "type", "") == "LINK"):
        passage.links.append(parse_link(str(token), passage.line + (token.line or 1)))
    if opener[1:-1].strip().lower() == "set":
        arguments = "".join(str(value) for value in _argument_text(tree.children[1:]))
        _score_macro(passage, arguments, "")


def _argument_text(items: list[Any]) -> list[str]:
    parts: list[str] = []
    for item in items:
        if hasattr(item, "children"):  # a (group)
            parts += ["(", *_argument_text(item.children), ")"]
        else:
            parts.append(str(item))
    return parts


def _score_macro(passage: Passage, body: str, keyword: str) -> None:
    """Add what a set macro adds to story variables (``set`` keyword for SugarCube, '' for Harlowe)."""
    body = body.strip()
    if keyword:
        if not body.lower().startswith(keyword + " "):
            return
        body = body[len(keyword) :]
    if _LONG_NUMBER.search(body):
        passage.problems.append((passage.line, f"passage '{passage.name}' changes a score by a number of more than "
                                               f"{MAX_DIGITS} digits; that change is left out"))
    for name, amount in score_changes(body).items():
        passage.changes[name] = passage.changes.get(name, 0) + amount


def score_changes(body: str) -> dict[str, int]:
    """What assignments such as ``$empathy to it + 2, $calm -= 1`` add to each variable."""
    from lark.exceptions import UnexpectedInput

    changes: dict[str, int] = {}
    for piece in _top_level_split(body):
        try:
            tree = _assignment_grammar().parse(piece)
        except UnexpectedInput:
            continue  # not a change of a score (a name, a flag…)
        variable = str(tree.children[0])
        if tree.data == "relative":
            source, sign, number = tree.children[2:]
            if source.type == "VAR" and str(source) != variable:
                continue
        else:
            compound, number = tree.children[1:]
            sign = str(compound)[0]
        if len(str(number)) > MAX_DIGITS:
            continue  # not a score a person would give; Python's int() would refuse 4,300 digits anyway
        amount = int(str(number)) * (-1 if str(sign) == "-" else 1)
        changes[variable[1:]] = changes.get(variable[1:], 0) + amount
    return changes


def _top_level_split(body: str) -> list[str]:
    """Split at commas and semicolons that are not inside quotes or brackets."""
    pieces, current, depth, quote = [], [], 0, ""
    for char in body:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char if not current or not current[-1].isalnum() else ""
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char in ",;" and depth == 0:
            pieces.append("".join(current))
            current = []
            continue
        current.append(char)
    pieces.append("".join(current))
    return [piece.strip() for piece in pieces if piece.strip()]


def parse_link(markup: str, line: int) -> Link:
    """``[[Text->Target]]`` and the other three forms (and a SugarCube ``[setter]``) → Link."""
    inner, setter = markup[2:-2], None
    if "][" in inner:  # SugarCube's [[Text|Target][$setter]]
        inner, setter = inner.split("][", 1)
    right = max(inner.rfind("->"), inner.rfind("|"))
    if right >= 0:
        width = 2 if inner.startswith("->", right) else 1
        return Link(inner[:right], inner[right + width :], line, setter)
    left = inner.find("<-")
    if left >= 0:
        return Link(inner[left + 2 :], inner[:left], line, setter)
    return Link(inner, inner, line, setter)
