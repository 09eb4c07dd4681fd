"""``import kit`` stays light: no widgets, pandas, jinja2 or Babel until they are used (STYLE.md)."""

from __future__ import annotations

import subprocess
import sys


def test_import_kit_loads_no_heavy_dependency():
    code = (
        "import sys, kit, kit.models, kit.scoring, kit.cli; "
        "heavy = [m for m in ('ipywidgets', 'pandas', 'jinja2', 'nbclient', 'sphinx', 'babel') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
