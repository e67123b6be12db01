"""Excel exports that staff open in Excel or WPS: Chinese headers, frozen header row, widths set,
formula injection neutralised, written row by row (openpyxl write-only) so a big list stays small in
memory, and answered from a temporary file in chunks."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A value Excel will not run: text starting like a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal, date, datetime)):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone().replace(tzinfo=None)
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


Sheet = tuple[str, Sequence, Iterable[Sequence]]  # (title, headers, rows); a header may be (text, width)


def write_workbook(target, sheets: Iterable[Sheet]) -> list[int]:
    """Write sheets of (title, headers, rows) to `target` (a path or a binary file), row by row.

    Returns the number of data rows of each sheet.
    """
    workbook = Workbook(write_only=True)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="EFEFEA")
    counts = []
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.freeze_panes = "A2"
        names = []
        for index, header in enumerate(headers):
            name, width = header if isinstance(header, tuple) else (header, None)
            names.append(str(name))
            sheet.column_dimensions[_column_letter(index)].width = width or max(10, min(40, len(str(name)) * 2 + 4))
        header_cells = []
        for name in names:
            cell = WriteOnlyCell(sheet, value=safe_cell(name))
            cell.font, cell.fill = bold, fill
            header_cells.append(cell)
        sheet.append(header_cells)
        count = 0
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
            count += 1
        counts.append(count)
    workbook.save(target)
    return counts


def write_xlsx(target, *, title: str, headers: Sequence[str], rows: Iterable[Sequence],
               widths: Sequence[int] | None = None) -> int:
    """Write one sheet to `target`. Returns the number of data rows."""
    if widths:
        headers = [(h, w) for h, w in zip(headers, widths, strict=True)]
    return write_workbook(target, [(title, headers, rows)])[0]


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    out = io.BytesIO()
    write_workbook(out, sheets)
    return out.getvalue()


def xlsx_response(filename: str, sheets: Iterable[Sheet]) -> FileResponse:
    """An attachment answered in chunks from a temporary file (removed when the response closes)."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write_workbook(handle, sheets)
    handle.seek(0)
    response = FileResponse(handle, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"
    return response


def xlsx_download(*, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence],
                  widths: Sequence[int] | None = None) -> FileResponse:
    """One sheet as an attachment (see xlsx_response)."""
    if widths:
        headers = [(h, w) for h, w in zip(headers, widths, strict=True)]
    return xlsx_response(filename, [(title, headers, rows)])


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
