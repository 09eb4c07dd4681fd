"""One body class per exercise type, registered by type name (no if-chains over types)."""

from __future__ import annotations

from collections.abc import Callable

from kit.i18n import Translator
from kit.models import Exercise
from kit.ui.body import Body

BODIES: dict[str, type[Body]] = {}


def register(*type_names: str) -> Callable[[type[Body]], type[Body]]:
    def decorate(cls: type[Body]) -> type[Body]:
        for name in type_names:
            BODIES[name] = cls
        return cls

    return decorate


def body_for(exercise: Exercise, _: Translator) -> Body:
    try:
        cls = BODIES[exercise.type_name]
    except KeyError:
        raise LookupError(f"no widget for exercise type '{exercise.type_name}'") from None
    return cls(exercise, _)
