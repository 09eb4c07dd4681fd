"""``kit build``: the handbook in a participant and a facilitator edition, from one source."""

from kit.build.edition import EDITIONS, build_edition

__all__ = ["EDITIONS", "build_edition"]
