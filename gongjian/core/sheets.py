"""Reading the sheets staff upload (every import: opinions, member rosters, projects): .xlsx, old .xls,
and CSV saved by Excel or WPS on a Chinese Windows (GBK/GB18030) or in UTF-8 with or without a BOM.

The header comes first, so an import checks its columns before any row is read; rows then come one
at a time, and reading stops at the import's row limit: a small file of a million rows is refused
after at most limit + 1 rows (`Sheet.rows_read` counts them). .xlsx bodies are read with
python-calamine (Rust, several times faster than openpyxl on big sheets), which loads a whole sheet
at once; so the sheet's XML is first streamed to count its rows, up to the limit + 1 and no further.
An .xls holds at most 65,536 rows by its format.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO
from xml.etree import ElementTree

from .cells import cell_text

EXTENSIONS = {".xlsx": "xlsx", ".xls": "xls", ".csv": "csv"}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_INFLATED_BYTES = 200 * 1024 * 1024  # an .xlsx of 20 MB inflates to ~100–150 MB of XML


class SheetFileError(Exception):
    """The file cannot be read as a sheet (wrong kind, broken, empty, no header, too many rows)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SheetTooLong(SheetFileError):
    """More rows than the import takes; `rows_read` data rows were read before it stopped."""

    def __init__(self, max_rows: int, rows_read: int):
        super().__init__(f"一次最多导入 {max_rows:,} 行，请分成几个文件导入")
        self.max_rows = max_rows
        self.rows_read = rows_read


class ImportRefused(Exception):
    """An import refused as a whole — the file, or some of its rows, are wrong — so nothing was
    created (every import is all rows or none). `rows`: [{"row", "field", "message"}] with the sheet's
    row numbers (the header is row 1); empty when the file itself is the problem."""

    def __init__(self, detail: str, rows: list[dict] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.rows = rows or []


MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def read_upload(file, filename: str = "", *, required=(), max_rows: int,
                max_bytes: int = MAX_UPLOAD_BYTES) -> tuple[list[str], list[tuple[int, tuple]]]:
    """The header and the numbered data rows of an uploaded sheet, every import's one way in: too big,
    empty, the wrong kind, a missing required column (row 1) or more than `max_rows` rows is an
    ImportRefused in plain Chinese. The header is checked before any row is read."""
    file.seek(0)
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImportRefused(f"文件太大，不能超过 {max_bytes // (1024 * 1024)} MB，请分批导入")
    if not data:
        raise ImportRefused("文件是空的")
    name = filename or getattr(file, "name", "") or (
        "x.xlsx" if data.startswith(ZIP_MAGIC) else "x.xls" if data.startswith(OLE2_MAGIC) else "x.csv")
    try:
        with open_sheet(io.BytesIO(data), sheet_kind(name, data[:2048]), max_rows=max_rows) as sheet:
            header = list(sheet.header)
            missing = [c for c in required if c not in header]
            if missing:
                raise ImportRefused("表头缺少必填列：" + "、".join(missing),
                                    [{"row": 1, "field": c, "message": "缺少此列"} for c in missing])
            return header, list(sheet.rows())
    except SheetTooLong:
        raise ImportRefused(f"一次最多导入 {max_rows:,} 行，请分批导入") from None
    except SheetFileError as exc:
        raise ImportRefused(exc.message) from None


def kind_by_name(name: str) -> str:
    """"xlsx", "xls" or "csv" by the file's extension alone (check the bytes with `sheet_kind`)."""
    lower = (name or "").lower()
    ext = next((e for e in EXTENSIONS if lower.endswith(e)), None)
    if ext is None:
        raise SheetFileError("只能导入 Excel 文件（.xlsx 或 .xls）或 CSV 文件（.csv）")
    return EXTENSIONS[ext]


def sheet_kind(name: str, head: bytes) -> str:
    """"xlsx", "xls" or "csv" — by the file's extension AND its first bytes."""
    kind = kind_by_name(name)
    if kind == "xlsx" and not head.startswith(ZIP_MAGIC):
        raise SheetFileError("文件扩展名是 .xlsx，但内容不是 Excel 工作簿；请用 Excel 或 WPS 另存为 .xlsx 后再导入")
    if kind == "xls" and not head.startswith(OLE2_MAGIC):
        raise SheetFileError("文件扩展名是 .xls，但内容不是 Excel 97-2003 工作簿；请用 Excel 或 WPS 另存后再导入")
    if kind == "csv" and (head.startswith(ZIP_MAGIC) or head.startswith(OLE2_MAGIC) or b"\x00" in head[:2048]):
        raise SheetFileError("文件扩展名是 .csv，但内容是 Excel 工作簿；请把扩展名改为 .xlsx 或 .xls，"
                             "或在 Excel 中“另存为 CSV”")
    return kind


def decode_text(data: bytes) -> str:
    """UTF-8 with or without BOM, else GB18030 (a superset of GBK, what Chinese Excel saves)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise SheetFileError("无法识别文件的文字编码；请在 Excel 中“另存为 CSV UTF-8”或直接导入 .xlsx 文件") from None


def header_text(cells) -> list[str]:
    """A header row as column titles: text, without the spaces staff put in (社 区 → 社区)."""
    return [cell_text(c).replace(" ", "").replace("\u3000", "") for c in cells]


class Sheet:
    """The first sheet of a file: `header` (the first row's titles, already read) and `rows()`, the
    numbered data rows (the header is row 1), read lazily. `rows_read` counts the data rows taken
    from the file so far; past `max_rows` rows with content, SheetTooLong."""

    def __init__(self, header_cells: tuple, rows: Iterator[tuple], *, max_rows: int | None,
                 estimated_rows: int | None = None, close: Callable[[], None] = lambda: None,
                 rows_read: int = 0):
        if not header_cells or not any(cell_text(c) for c in header_cells):
            close()
            raise SheetFileError("第 1 行应为表头，但它是空的")
        self.header = header_text(header_cells)
        self.max_rows = max_rows
        self.estimated_rows = estimated_rows  # data rows, header not counted; None when the file does not say
        self.rows_read = rows_read
        self._rows = rows
        self._close = close

    def rows(self) -> Iterator[tuple[int, tuple]]:
        """(row number, cells) of each data row, blank rows included (callers skip them)."""
        counted = 0
        for number, cells in enumerate(self._rows, start=2):
            self.rows_read += 1
            if self.max_rows is not None and any(c not in (None, "") for c in cells):
                counted += 1
                if counted > self.max_rows:
                    raise SheetTooLong(self.max_rows, self.rows_read)
            yield number, tuple(cells)

    def close(self) -> None:
        self._close()

    def __enter__(self) -> Sheet:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_sheet(fileobj: IO[bytes], kind: str, *, max_rows: int | None = None) -> Sheet:
    """The first sheet of an upload of this kind (see `sheet_kind`), its header read."""
    fileobj.seek(0)
    if kind == "xlsx":
        return _open_xlsx(fileobj, max_rows)
    if kind == "xls":
        return _open_xls(fileobj.read(), max_rows)
    return _open_csv(fileobj.read(), max_rows)


# ------------------------------------------------------------------------------ .xlsx


def _open_xlsx(fileobj, max_rows: int | None) -> Sheet:
    scanned = 0
    if max_rows is not None:
        scanned = _xlsx_count_rows(fileobj, stop_after=max_rows + 1)  # the header and max_rows rows
        if scanned > max_rows + 1:
            raise SheetTooLong(max_rows, scanned - 1)
        fileobj.seek(0)
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(fileobj)
        sheet = book.get_sheet_by_index(0)
        rows = sheet.iter_rows()
    except Exception:
        raise SheetFileError("文件已损坏，无法作为 .xlsx 打开") from None
    height = sheet.height
    # Empty cells come as "", numbers as float; cell_text() copes.
    return Sheet(next(rows, ()), rows, max_rows=max_rows, estimated_rows=(height - 1) if height else None,
                 close=book.close)


_ROW_OPEN = re.compile(rb"<(?:\w+:)?row[\s>][^>]*(?<!/)>")
_SHEET_DATA_END = re.compile(rb"</(?:\w+:)?sheetData>|<(?:\w+:)?sheetData\s*/>")
_ROW_WITH_VALUES = re.compile(rb"<(?:\w+:)?row[\s>][^>]*(?<!/)>.*?</(?:\w+:)?row>", re.S)
_VALUE_TAG = re.compile(rb"<(?:\w+:)?(?:v|t)[\s>]")


def _xlsx_count_rows(fileobj, *, stop_after: int) -> int:
    """Rows with a value in the first sheet's XML, streamed and inflated piece by piece; counting stops
    past `stop_after` (the answer is then stop_after + 1)."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            _check_directory(archive)
            with archive.open(_first_sheet_path(archive)) as xml:
                count, pending = 0, b""
                while chunk := xml.read(1 << 20):
                    pending += chunk
                    end = 0
                    for match in _ROW_WITH_VALUES.finditer(pending):
                        if _VALUE_TAG.search(match.group(0)):
                            count += 1
                            if count > stop_after:
                                return count
                        end = match.end()
                    if _SHEET_DATA_END.search(pending, end):
                        return count
                    # Keep only the row still open (it ends in a later piece), or a short tail.
                    unfinished = _ROW_OPEN.search(pending, end)
                    pending = pending[unfinished.start():] if unfinished else pending[-64:]
                return count
    except (zipfile.BadZipFile, KeyError, OSError, zlib.error, ElementTree.ParseError, EOFError):
        raise SheetFileError("文件已损坏，无法作为 .xlsx 打开") from None


def check_xlsx(fileobj) -> None:
    """An .xlsx's zip directory, read before anything is inflated: a workbook, and not a zip bomb."""
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            _check_directory(archive)
    except zipfile.BadZipFile:
        raise SheetFileError("文件已损坏，无法作为 .xlsx 打开") from None
    finally:
        fileobj.seek(0)


def _check_directory(archive: zipfile.ZipFile) -> None:
    if "xl/workbook.xml" not in archive.namelist():
        raise SheetFileError("文件扩展名是 .xlsx，但里面没有工作表；请用 Excel 或 WPS 另存为 .xlsx")
    inflated = sum(info.file_size for info in archive.infolist())
    if inflated > MAX_INFLATED_BYTES:  # the directory states the inflated sizes
        raise SheetFileError(f"文件解压后过大（{inflated / 1024 / 1024:.0f} MB），不能超过 "
                             f"{MAX_INFLATED_BYTES // 1024 // 1024} MB；请分成几个文件导入")


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    """The part of the workbook's first sheet, as Excel orders them (workbook.xml, then its relations)."""
    names = set(archive.namelist())
    fallback = "xl/worksheets/sheet1.xml"
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        sheet = next(el for el in book.iter() if el.tag.endswith("}sheet") or el.tag == "sheet")
        rel_id = next(v for k, v in sheet.attrib.items() if k.endswith("}id"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        target = next(el.attrib["Target"] for el in rels.iter() if el.attrib.get("Id") == rel_id)
    except (StopIteration, KeyError, ElementTree.ParseError):
        return fallback
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return path if path in names else fallback


# ------------------------------------------------------------------------------ .xls and .csv


def _open_xls(data: bytes, max_rows: int | None) -> Sheet:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        sheet = book.sheet_by_index(0)
    except Exception:
        raise SheetFileError("文件已损坏，无法作为 .xls 打开") from None
    if sheet.nrows == 0:
        book.release_resources()
        raise SheetFileError("表格是空的：第 1 行应为表头")

    def value(cell):
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
            except Exception:
                return cell.value
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        return cell.value

    def stream():
        for index in range(1, sheet.nrows):
            yield tuple(value(c) for c in sheet.row(index))

    return Sheet(tuple(value(c) for c in sheet.row(0)), stream(), max_rows=max_rows,
                 estimated_rows=sheet.nrows - 1, close=book.release_resources)


def _open_csv(data: bytes, max_rows: int | None) -> Sheet:
    text = decode_text(data)  # the whole text: bounded by the upload's size, and cheap beside parsing
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, ())
    except csv.Error:
        raise SheetFileError("CSV 文件格式有误，无法读取表头") from None

    def stream():
        try:
            yield from reader
        except csv.Error as exc:
            raise SheetFileError(f"CSV 文件格式有误：{exc}") from None

    return Sheet(tuple(header), stream(), max_rows=max_rows, estimated_rows=max(0, text.count("\n") - 1))
