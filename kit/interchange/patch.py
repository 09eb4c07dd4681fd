"""What a format cannot hold, as a patch over what the format's own reading gives back.

Export writes ``diff(exercise, what_import_would_read)``; import reads the format and applies the
patch. Mappings are compared key by key, lists of equal length element by element (so that a patch
for one option leaves the others alone); anything else is carried whole. ``apply(b, diff(a, b)) == a``.
"""

from __future__ import annotations

import copy
from typing import Any

REPLACE = "$replace"


def diff(wanted: Any, got: Any) -> Any:
    """A patch that turns ``got`` into ``wanted`` (``{}`` when they are equal mappings)."""
    if isinstance(wanted, dict) and isinstance(got, dict):
        if not got.keys() <= wanted.keys():
            # a key to remove (from a choice's scores): a merge cannot do that, so replace the mapping
            return {REPLACE: copy.deepcopy(wanted)}
        patch: dict[str, Any] = {}
        for key in wanted:
            if key not in got or not _same(wanted[key], got[key]):
                patch[key] = diff(wanted[key], got[key]) if key in got else wanted[key]
        return patch
    if isinstance(wanted, dict):
        return {REPLACE: copy.deepcopy(wanted)}  # so that apply() does not merge it into got
    if _element_wise(wanted, got):
        return [diff(a, b) for a, b in zip(wanted, got, strict=True)]
    return copy.deepcopy(wanted)


def apply(data: Any, patch: Any) -> Any:
    """``data`` with ``patch`` applied (a new value; ``data`` is left as it was)."""
    if isinstance(patch, dict) and REPLACE in patch:
        return copy.deepcopy(patch[REPLACE])
    if isinstance(patch, dict) and isinstance(data, dict):
        result = copy.deepcopy(data)
        for key, change in patch.items():
            result[key] = apply(result[key], change) if key in result else copy.deepcopy(change)
        return result
    if _element_wise(patch, data):
        return [apply(item, change) for item, change in zip(data, patch, strict=True)]
    return copy.deepcopy(patch)


def _element_wise(a: Any, b: Any) -> bool:
    return (
        isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and len(a) > 0
        and all(isinstance(x, dict) for x in a) and all(isinstance(y, dict) for y in b)
    )


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b
