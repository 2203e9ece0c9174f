"""Where the files sent for import are kept: the private store (outside the web root, named by us), CSV proven
text by its first bytes, XLSX proven a zip."""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy

from guichet.common.private_files import PrivateStore

from .reading import sniff_import

CSV, XLSX = "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {CSV: "csv", XLSX: "xlsx"}
# 100,000 rows of a CSV take about 15 MB; a workbook of the same rows, less.
MAX_BYTES = 64 * 1024 * 1024


def _sniff(head: bytes) -> str | None:
    return {"csv": CSV, "xlsx": XLSX}.get(sniff_import(head) or "")


STORE = PrivateStore(
    directory=lambda: Path(settings.DATA_DIR) / "imports",
    extensions={CSV: ".csv", XLSX: ".xlsx"},
    sniff=_sniff,
    max_bytes=lambda: MAX_BYTES,
    refusal=gettext_lazy("“%(name)s” is neither a CSV file nor an XLSX workbook."),
    default_name="import",
)
