"""casework-kit: exercises, scoring, facilitator guides and a handbook for training helpers.

``import kit`` stays light: widgets, pandas and jinja2 load only where they are used.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext kit``: register the ``%%exercise`` cell magic."""
    from kit.magic import register

    register(ipython)
