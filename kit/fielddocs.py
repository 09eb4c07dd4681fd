"""Field tables for editors, generated from the JSON Schema that ``kit schema`` prints.

The README and the handbook chapter "Writing exercises" hold blocks such as::

    <!-- kit-fields: scenario -->
    …generated table…
    <!-- /kit-fields -->

``python -m kit.fielddocs FILE…`` rewrites those blocks from the schema; with ``--check`` it only
reports stale blocks (a test runs the same check), so a field's documentation cannot drift from
the models that validate it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

BLOCK = re.compile(r"(<!-- kit-fields: (?P<name>[\w.-]+) -->\n)(?P<body>.*?)(<!-- /kit-fields -->)", re.DOTALL)
COMMON = "common"
METADATA = "metadata.kit"


AGENDA = "agenda-cell"
DIMENSIONS = "default-dimensions"
SCALE = "default-scale"
LANGUAGES = ("en", "hu", "cs")


def schemas() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """(the exercise schema of ``kit schema``, the schemas of the notebook and cell metadata)."""
    from kit.guide.cells import AgendaCellMeta
    from kit.notebook import ModuleMeta
    from kit.schema import exercise_schema

    return exercise_schema(), {METADATA: ModuleMeta.model_json_schema(), AGENDA: AgendaCellMeta.model_json_schema()}


def table_names() -> list[str]:
    """Every block a complete reference must hold: common keys, each type, each nested mapping, metadata."""
    schema, _ = schemas()
    types = list(schema["properties"]["type"]["enum"])
    nested = sorted(set(schema["$defs"]) - {_def_name(schema, name) for name in types})
    return [COMMON, *types, *nested, METADATA, AGENDA, DIMENSIONS, SCALE]


def render(name: str) -> str:
    """The Markdown of one block: a one-line summary and a table of keys (or of defaults)."""
    schema, metadata = schemas()
    types = schema["properties"]["type"]["enum"]
    if name in metadata:
        return _table(metadata[name], _rows(metadata[name], schema))
    if name == DIMENSIONS:
        return _defaults_table()
    if name == SCALE:
        return _scale_table()
    if name == COMMON:
        return _table(None, _common_rows(schema, types))
    if name in types:
        definition = schema["$defs"][_def_name(schema, name)]
        common = _common_keys(schema, types)
        rows = [row for row in _rows(definition, schema) if row[0] not in common]
        return _table(definition, rows)
    if name in schema["$defs"]:
        definition = schema["$defs"][name]
        return _table(definition, _rows(definition, schema))
    raise KeyError(f"no table named '{name}'; known: {', '.join(table_names())}")


def fill(text: str) -> str:
    """``text`` with every kit-fields block regenerated."""
    return BLOCK.sub(lambda m: m.group(1) + render(m.group("name")) + m.group(4), text)


def blocks(text: str) -> Iterator[tuple[str, str]]:
    """(name, body) of every kit-fields block in ``text``."""
    for match in BLOCK.finditer(text):
        yield match.group("name"), match.group("body")


def _def_name(schema: dict[str, Any], type_name: str) -> str:
    for variant in schema["allOf"]:
        if variant["if"]["properties"]["type"]["const"] == type_name:
            return variant["then"]["$ref"].rsplit("/", 1)[-1]
    raise KeyError(type_name)


def _common_keys(schema: dict[str, Any], types: list[str]) -> list[str]:
    definitions = [schema["$defs"][_def_name(schema, name)] for name in types]
    first = list(definitions[0]["properties"])
    return [key for key in first if all(key in d["properties"] for d in definitions)]


def _common_rows(schema: dict[str, Any], types: list[str]) -> list[tuple[str, str, str, str]]:
    definitions = {name: schema["$defs"][_def_name(schema, name)] for name in types}
    rows = []
    for key in _common_keys(schema, types):
        required_in = [name for name, d in definitions.items() if key in d.get("required", [])]
        first = definitions[types[0]]
        if key == "type":
            prop = schema["properties"]["type"]
            rows.append((key, "one of the type names", "**yes**", prop.get("description", "")))
            continue
        prop = first["properties"][key]
        if len(required_in) == len(types):
            required = "**yes**"
        elif required_in:
            optional = ", ".join(name for name in types if name not in required_in)
            required = f"**yes** ({optional}: no)"
        else:
            required = _default(prop)
        rows.append((key, _value(prop, schema), required, prop.get("description", "")))
    return rows


def _rows(definition: dict[str, Any], schema: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    required = set(definition.get("required", []))
    rows = []
    for key, prop in definition["properties"].items():
        needed = "**yes**" if key in required else _default(prop)
        rows.append((key, _value(prop, schema), needed, prop.get("description", "")))
    return rows


def _table(definition: dict[str, Any] | None, rows: list[tuple[str, str, str, str]]) -> str:
    lines = []
    if definition is not None and definition.get("description"):
        lines += [_one_line(definition["description"]), ""]
    lines += ["| key | value | required | meaning |", "|---|---|---|---|"]
    lines += [f"| `{key}` | {value} | {needed} | {_cell(meaning)} |" for key, value, needed, meaning in rows]
    return "\n".join(lines) + "\n"


def _defaults_table() -> str:
    """The default dimensions of a case discussion: their ids and prompts in each language."""
    from kit.i18n import dimension_prompt
    from kit.models import DEFAULT_DIMENSIONS

    lines = ["| id | " + " | ".join(LANGUAGES) + " |", "|---" * (len(LANGUAGES) + 1) + "|"]
    for dimension in DEFAULT_DIMENSIONS:
        prompts = " | ".join(_cell(dimension_prompt(dimension, language)) for language in LANGUAGES)
        lines.append(f"| `{dimension}` | {prompts} |")
    return "\n".join(lines) + "\n"


def _scale_table() -> str:
    """The default Likert scale in each language, lowest rating first."""
    from kit.i18n import default_scale

    lines = ["| rating | " + " | ".join(LANGUAGES) + " |", "|---" * (len(LANGUAGES) + 1) + "|"]
    scales = [default_scale(language) for language in LANGUAGES]
    for rating, labels in enumerate(zip(*scales, strict=True), start=1):
        lines.append(f"| {rating} | " + " | ".join(_cell(label) for label in labels) + " |")
    return "\n".join(lines) + "\n"


def _default(prop: dict[str, Any]) -> str:
    default = prop.get("default")
    if default is None or default == [] or default == {}:
        return "no"
    if isinstance(default, bool):
        return f"no (default `{str(default).lower()}`)"
    if isinstance(default, float) and default.is_integer():
        default = int(default)
    return f"no (default `{default}`)"


def _value(prop: dict[str, Any], schema: dict[str, Any]) -> str:
    """What a key holds, in words, with its limits: 'number > 0', 'list of *Option* mappings (at least 2)'."""
    options = [p for p in prop.get("anyOf", []) if p.get("type") != "null"]
    if len(options) == 1:
        prop = {**prop, **options[0]}
        prop.pop("anyOf")
    if "const" in prop:
        return f"`{prop['const']}`"
    if "enum" in prop:
        return " or ".join(f"`{value}`" for value in prop["enum"])
    if "$ref" in prop:
        return _ref(prop["$ref"])
    kind = prop.get("type")
    if kind == "array":
        text = "list of " + _plural(prop.get("items", {}), schema)
        if prop.get("minItems"):
            text += f" (at least {prop['minItems']})"
        return text
    if kind == "object":
        values = _value(prop.get("additionalProperties", {}), schema)
        return f"mapping of names to {values}s" if values != "anything" else "mapping"
    text = {"string": "text", "number": "number", "integer": "whole number", "boolean": "true or false"}.get(
        str(kind), "anything"
    )
    if "pattern" in prop:
        text += f" matching `{prop['pattern']}`"
    for limit, sign in (("exclusiveMinimum", ">"), ("minimum", "≥")):
        if limit in prop:
            bound = prop[limit]
            text += f" {sign} {int(bound) if float(bound).is_integer() else bound}"
    return text


def _plural(items: dict[str, Any], schema: dict[str, Any]) -> str:
    if "$ref" in items:
        return _ref(items["$ref"]) + " mappings"
    return {"text": "texts", "whole number": "whole numbers", "number": "numbers"}.get(
        _value(items, schema), _value(items, schema)
    )


def _ref(ref: str) -> str:
    return "*" + ref.rsplit("/", 1)[-1] + "*"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    # a table cell: no pipe that would split it, no angle bracket that Markdown would take for HTML
    return _one_line(text).replace("|", "\\|").replace("<", "&lt;")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    stale = []
    for path in (arg for arg in args if arg != "--check"):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        updated = fill(text)
        if updated != text:
            stale.append(path)
            if not check:
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(updated)
    for path in stale:
        verb = "is out of date; run python -m kit.fielddocs on it" if check else "updated"
        print(f"{path}:0: -: field tables {verb}", file=sys.stderr)
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
