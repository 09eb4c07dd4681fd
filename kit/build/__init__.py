"""``kit build``: the handbook in a participant, a facilitator and a self-study edition, from one source."""

from kit.build.edition import EDITIONS, build_edition

__all__ = ["EDITIONS", "build_edition"]
