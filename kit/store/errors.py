"""What can go wrong with a response store, said so that a trainer or participant can act on it."""

from __future__ import annotations

from kit.errors import InputError, KitError


class StoreError(KitError):
    """The store cannot be opened, read or written; ``where`` names the file or database."""

    def __init__(self, where: str, reason: str, fix: str = ""):
        self.where = where
        self.reason = reason
        self.fix = fix
        super().__init__(f"{where}: {reason}" + (f"; {fix}" if fix else ""))


class StoreUnusable(StoreError, InputError):
    """A store given to read (``kit score``, ``kit store export``) cannot be used at all."""
