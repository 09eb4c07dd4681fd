"""Decode one line of a JSON Lines file as DESIGN §6 demands, whatever JSON parser does the work.

A line is rejected (``LineError`` with the reason) when it is not valid UTF-8, nests deeper than
``MAX_DEPTH`` levels, holds a lone surrogate (``"\\ud800"``: valid JSON, but not Unicode, and it
breaks every writer later), or is not valid JSON. The checks cost almost nothing on ordinary lines:
each has a cheap test on the raw bytes that only a suspicious line fails.

These checks are the contract, not the parser: a faster parser may replace ``json.loads`` in
``decode_line`` as long as the three ``_check`` steps keep running before and after it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

# DESIGN §6: a line that nests deeper than this is rejected (the object of the line is level 1).
MAX_DEPTH = 64
# a JSON string (escapes included), to be skipped when counting brackets
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
# an escape that may decode to a surrogate code point (\ud800 … \udfff)
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


BOM = b"\xef\xbb\xbf"


def numbered_lines(handle: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """(line number, raw line) of a file opened in binary mode, numbered as a text editor does.

    A byte-order mark before the first line is dropped; a bare carriage return ends a line too
    (as in text mode), so that line numbers in messages match what the reader sees.
    """
    number = 0
    for raw in handle:
        if number == 0 and raw.startswith(BOM):
            raw = raw[len(BOM):]
        body = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1] if raw.endswith(b"\n") else raw
        if b"\r" in body:
            for part in raw.splitlines(keepends=True):
                number += 1
                yield number, part
            continue
        number += 1
        yield number, raw


class LineError(ValueError):
    """A line that §6 rejects; the message is the reason shown after ``FILE:LINE:``."""


def decode_line(raw: bytes) -> Any:
    """The JSON value of one line (bytes, without a byte-order mark); LineError with the reason."""
    text = _check_utf8(raw)
    _check_depth(raw)
    try:
        value = json.loads(text)
    except ValueError as error:
        raise LineError(f"not valid JSON ({error.args[0] if error.args else error})") from None
    _check_unicode(raw, value)
    return value


def loads_bounded(text: str) -> Any:
    """``json.loads`` for JSON found inside other files (GIFT's ``// kit:``, Twee's ``KitData``):
    ValueError, not RecursionError, when it nests deeper than ``MAX_DEPTH``."""
    raw = text.encode("utf-8", "surrogatepass")
    _check_depth(raw)
    value = json.loads(text)
    _check_unicode(raw, value)
    return value


def _check_utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LineError(f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at column {error.start + 1}); "
                        "save the file as UTF-8") from None


def nesting_depth(raw: bytes) -> int:
    """How deep the arrays and objects of a JSON text nest (brackets inside strings do not count)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub(b"", raw)):
        if match.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _check_depth(raw: bytes) -> None:
    # fewer opening brackets than the limit cannot nest deeper than it: the usual line stops here
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return
    if nesting_depth(raw) > MAX_DEPTH:
        raise LineError(f"nests deeper than {MAX_DEPTH} levels, the most kit reads")


def has_lone_surrogate(value: Any) -> bool:
    """Whether a decoded JSON value holds a surrogate code point in any text (a key or a value)."""
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(has_lone_surrogate(key) or has_lone_surrogate(item) for key, item in value.items())
    if isinstance(value, list):
        return any(has_lone_surrogate(item) for item in value)
    return False


def _check_unicode(raw: bytes, value: Any) -> None:
    # strict UTF-8 cannot carry a surrogate, so only a \uD8xx…\uDFxx escape can bring one in
    if _SURROGATE_ESCAPE.search(raw) and has_lone_surrogate(value):
        raise LineError("holds a lone surrogate escape such as \\ud800, which is not valid Unicode text; "
                        "write the character itself or a complete pair")
