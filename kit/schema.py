"""The JSON Schema of the exercise format, for editors' YAML autocomplete (``kit schema``)."""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = "1"


def exercise_schema() -> dict[str, Any]:
    """The JSON Schema of one exercise; every key carries the description that its model field has."""
    from kit.models import EXERCISE_TYPES
    from kit.models.base import TYPE_DESCRIPTION

    definitions: dict[str, Any] = {}
    variants = []
    for type_name, model in EXERCISE_TYPES.items():
        schema = model.model_json_schema(ref_template="#/$defs/{model}")
        definitions.update(schema.pop("$defs", {}))
        schema["properties"]["type"] = {"const": type_name, "title": "Type", "description": TYPE_DESCRIPTION}
        name = model.__name__
        definitions[name] = schema
        variants.append({"if": {"properties": {"type": {"const": type_name}}, "required": ["type"]},
                         "then": {"$ref": f"#/$defs/{name}"}})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://casework-kit.invalid/schema/exercise-v{SCHEMA_VERSION}.json",
        "title": "casework-kit exercise (the YAML of a %%exercise cell)",
        "x-schema-version": SCHEMA_VERSION,
        "type": "object",
        "required": ["id", "type", "title"],
        "properties": {"type": {"enum": list(EXERCISE_TYPES), "description": TYPE_DESCRIPTION}},
        "allOf": variants,
        "$defs": definitions,
    }
