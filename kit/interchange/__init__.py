"""Moving exercises between notebooks and the formats trainers already use (DESIGN §11).

GIFT (Moodle's question format) ↔ choice, matching and free-text exercises; Twee 3 (Twine's story
format) ↔ scenarios. Parsers are lark grammars shipped with the package (``gift.lark``,
``twee.lark``); lark and nbformat load only when a command runs.
"""

from __future__ import annotations

from kit.interchange.exporter import ExportResult, export_notebooks
from kit.interchange.importer import ImportResult, import_file

__all__ = ["ExportResult", "ImportResult", "export_notebooks", "import_file"]
