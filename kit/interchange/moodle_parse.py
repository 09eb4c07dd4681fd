"""Read a Moodle XML question file safely: its questions in order, each with its line and its text.

The parser refuses a DTD (so no entity can be declared, let alone expanded: no "billion laughs")
and anything external (defusedxml). Each ``<question>`` keeps the line where it starts and its exact
source text, so that a question kit cannot carry is reported where it is and kept verbatim. A
comment ``<!-- kit: {...} -->`` inside a question (written by ``kit export``) carries what Moodle XML
cannot hold, as GIFT's ``// kit:`` line does.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

KIT_COMMENT = "kit:"
MAX_BYTES = 50 * 1024 * 1024  # a question bank larger than this is not a file a trainer exports


class MoodleXmlError(Exception):
    """The file cannot be read as Moodle XML at all; the message says where and why."""


@dataclass
class Question:
    kind: str  # the question's type attribute: multichoice, truefalse, category, …
    line: int
    element: ET.Element
    raw: str  # the question's own source text, exactly as in the file
    kit: Any = None  # the data of its kit comment, when there is one
    kit_problem: str | None = None


class _Builder(ET.TreeBuilder):
    """A tree builder that notes where each question starts and ends in the file."""

    def __init__(self) -> None:
        super().__init__(insert_comments=True)
        self.expat: Any = None
        self.spans: dict[int, tuple[int, int, int]] = {}  # id(question) → (line, start byte, end byte)
        self._open: list[tuple[int, int]] = []

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if tag == "question":
            self._open.append((self.expat.CurrentLineNumber, self.expat.CurrentByteIndex))
        return element

    def end(self, tag: str) -> ET.Element:
        element = super().end(tag)
        if tag == "question" and self._open:
            line, start = self._open.pop()
            self.spans[id(element)] = (line, start, self.expat.CurrentByteIndex)
        return element


def read_moodle_xml(data: bytes) -> list[Question]:
    """The questions of a Moodle XML file (``<quiz>``), in order; MoodleXmlError when it cannot be read."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    if len(data) > MAX_BYTES:
        raise MoodleXmlError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.expat = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        raise MoodleXmlError("the file declares a DTD or entities, which kit does not read (they can make a "
                             "small file expand without end); Moodle's own exports have none") from None
    except ET.ParseError as error:
        line, column = error.position
        raise MoodleXmlError(f"line {line}, column {column + 1}: not well-formed XML ({_reason(error)})") from None
    if root.tag != "quiz":
        raise MoodleXmlError(f"the document's element is <{root.tag}>, not <quiz>: this is not a Moodle XML "
                             "question file")
    questions = []
    for element in root.iter("question"):
        line, start, end = builder.spans[id(element)]
        tail = data.index(b">", end) + 1  # the end tag itself
        question = Question(element.get("type", ""), line, element, data[start:tail].decode("utf-8"))
        _read_kit_comment(question)
        questions.append(question)
    return questions


def _reason(error: ET.ParseError) -> str:
    return str(error).split(":", 1)[0]


def _read_kit_comment(question: Question) -> None:
    for child in question.element:
        if child.tag is not ET.Comment or not (child.text or "").strip().startswith(KIT_COMMENT):
            continue
        text = (child.text or "").strip()[len(KIT_COMMENT):]
        try:
            question.kit = json.loads(text)
        except (ValueError, RecursionError) as error:
            question.kit_problem = f"the '<!-- kit: -->' comment is not valid JSON ({error}); it is ignored"
            return
        if not isinstance(question.kit, dict):
            question.kit, question.kit_problem = None, "the '<!-- kit: -->' comment is not a JSON object; it is ignored"
        return


def kit_comment(data: Any) -> str:
    """The comment that carries ``data``: JSON in which no ``--`` can end the comment early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("--", "-\\u002d")
    return f"<!-- {KIT_COMMENT} {text} -->"


def child_text(element: ET.Element, path: str) -> str | None:
    """The text of ``path/text`` (Moodle's usual nesting) or of ``path`` itself."""
    found = element.find(path)
    if found is None:
        return None
    inner = found.find("text")
    return (inner.text if inner is not None else found.text) or ""


def text_format(element: ET.Element, path: str) -> str:
    found = element.find(path)
    return found.get("format", "html") if found is not None else "html"
