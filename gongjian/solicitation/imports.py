"""Reading opinion batches from the files staff really have: .xlsx, old .xls, and CSV saved by Excel
or WPS on a Chinese Windows (GBK/GB18030), or in UTF-8 with or without a BOM.

This module only reads and checks; `services.opinion_import` writes. Every row is checked first and
the errors are reported as the API answers them: ``{"row": 7, "field": "社区", "message": "..."}`` with the
sheet's row number, the header being row 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import IO, Any

from django.utils import timezone

from gongjian.core.cells import cell_text as _text
from gongjian.core.sheets import (
    MAX_INFLATED_BYTES,  # noqa: F401  (the limit the upload check reports)
    Sheet,
    SheetFileError,
    check_xlsx,
    kind_by_name,
    open_sheet,
    sheet_kind,
)

from .models import Channel
from .validation import opinion_text_errors

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000  # the benchmark's import; a bigger batch is several files
# Bigger files run through the task queue with a progress page (the staff page); smaller ones inline.
BACKGROUND_ROWS = 5000
MAX_REPORTED_ERRORS = 1000

# Column headers as staff write them → the opinion field. The first of each is the template's.
HEADERS = {
    "社区": "community", "社区名称": "community",
    "渠道": "channel", "来源渠道": "channel",
    "类别": "category", "意见类别": "category",
    "内容": "content", "意见内容": "content", "意见建议": "content",
    "姓名": "submitter_name", "反映人": "submitter_name",
    "电话": "submitter_phone", "联系电话": "submitter_phone",
    "日期": "received_on", "收到日期": "received_on",
    "表号": "form_no", "意见表编号": "form_no", "编号": "form_no",
}
TEMPLATE_HEADERS = ["社区", "渠道", "类别", "内容", "姓名", "电话", "日期", "表号"]
REQUIRED = {"community": "社区", "channel": "渠道", "category": "类别", "content": "内容"}
LABELS = {"community": "社区", "channel": "渠道", "category": "类别", "content": "内容",
          "submitter_name": "姓名", "submitter_phone": "电话", "received_on": "日期", "form_no": "表号"}

CHANNEL_NAMES = {str(label): value for value, label in Channel.choices}
CHANNEL_NAMES.update({
    "征求意见表": "form", "意见表": "form", "一封信": "letter", "致居民群众的一封信": "letter",
    "座谈会": "meeting", "居民代表座谈会": "meeting", "网上征集": "online", "网上": "online", "网络": "online",
    "热线": "hotline", "12345": "hotline", "其他": "other", "其它": "other",
})
DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


# The file itself cannot be read (wrong kind, too big, broken, no header, too many rows).
ImportFileError = SheetFileError


class ImportRowsInvalid(Exception):
    """Some rows are wrong: nothing was imported. `errors` lists them (at most MAX_REPORTED_ERRORS)."""

    def __init__(self, errors: list[RowError], error_count: int):
        super().__init__(f"{error_count} errors")
        self.errors = errors
        self.error_count = error_count

    @property
    def detail(self) -> str:
        rows = sorted({e.row for e in self.errors})
        more = "" if self.error_count <= len(self.errors) else f"（只列出前 {len(self.errors)} 处）"
        return f"文件中有 {self.error_count} 处错误（涉及 {len(rows)} 行），全部未导入；请改正后重新导入{more}"

    def rows_as_dicts(self) -> list[dict]:
        return [e.as_dict() for e in self.errors]


@dataclass
class RowError:
    row: int
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class CheckResult:
    rows: list[tuple] = field(default_factory=list)  # compact, in file order; see `OpinionRow`
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    checked: int = 0


# A checked row, compact so that 100,000 of them stay small in memory:
# (community_id, channel, category_id, content, name, phone, received_on, form_no)
OpinionRow = tuple[int, str, int, str, str, str, date, str]


# ------------------------------------------------------------------------------ the upload


def check_upload(name: str, size: int, head: bytes, fileobj: IO[bytes] | None = None) -> str:
    """The kind of an uploaded file ("xlsx", "xls" or "csv"), by its extension AND its content."""
    kind_by_name(name)
    if size > MAX_UPLOAD_BYTES:
        raise ImportFileError(f"文件太大（{size / 1024 / 1024:.1f} MB），不能超过 "
                              f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB；请分成几个文件导入")
    if size == 0:
        raise ImportFileError("文件是空的")
    kind = sheet_kind(name, head)
    if kind == "xlsx" and fileobj is not None:
        check_xlsx(fileobj)
    return kind


def open_table(fileobj: IO[bytes], kind: str) -> Sheet:
    """The first sheet, its header read; rows lazily, at most MAX_ROWS of them."""
    return open_sheet(fileobj, kind, max_rows=MAX_ROWS)


def estimate_rows(fileobj: IO[bytes], kind: str) -> int | None:
    """How many data rows a file has, cheaply (to choose between inline and background import);
    None when the file does not say."""
    fileobj.seek(0)
    try:
        if kind == "xlsx":
            import openpyxl

            book = openpyxl.load_workbook(fileobj, read_only=True)
            try:
                max_row = book.worksheets[0].max_row
            finally:
                book.close()
            return max_row - 1 if isinstance(max_row, int) and max_row > 0 else None
        if kind == "xls":
            import xlrd

            return xlrd.open_workbook(file_contents=fileobj.read(), on_demand=True).sheet_by_index(0).nrows - 1
        lines = 0
        while chunk := fileobj.read(1 << 20):
            lines += chunk.count(b"\n")
        return max(0, lines - 1)
    except Exception:  # a broken file: the import itself reports it
        return None
    finally:
        fileobj.seek(0)


# ------------------------------------------------------------------------------ checking


class Lookups:
    """Name-or-code-or-id lookups of what rows may name: communities in the importer's scope,
    active categories and the channels."""

    def __init__(self, communities: Iterable, categories: Iterable):
        self.community: dict[str, int | None] = {}
        for c in communities:
            for key in (str(c.pk), c.code, c.name):
                # Two communities of one name in different streets: the name alone is ambiguous.
                if key == c.name and key in self.community and self.community[key] != c.pk:
                    self.community[key] = None
                else:
                    self.community.setdefault(key, c.pk)
        self.category: dict[str, int] = {}
        for c in categories:
            for key in (str(c.pk), c.code, c.name):
                self.category.setdefault(key, c.pk)
        self.channel = dict(CHANNEL_NAMES)
        self.channel.update({value: value for value in Channel.values})


def _date(value: Any) -> date | None:
    """A cell's date, or None when it cannot be read."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 20000 < value < 80000:  # an Excel serial number left unformatted
        return date(1899, 12, 30) + timedelta(days=int(value))
    match = DATE_RE.match(_text(value))
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def check_rows(table: Sheet, lookups: Lookups, *, on_progress: Callable[[int], None] | None = None,
               progress_every: int = 1000) -> CheckResult:
    """Check every row; keep the good ones compact and every bad one's row, field and message."""
    columns: dict[str, int] = {}
    for index, title in enumerate(table.header):
        target = HEADERS.get(title)
        if target and target not in columns:
            columns[target] = index
    result = CheckResult()
    missing = [label for key, label in REQUIRED.items() if key not in columns]
    if missing:
        for label in missing:
            result.errors.append(RowError(1, label, f"缺少“{label}”列；表头须包含：社区、渠道、类别、内容"))
        result.error_count = len(missing)
        return result

    today = timezone.localdate()
    get = {key: (lambda cells, i=index: cells[i] if i < len(cells) else None) for key, index in columns.items()}
    none = lambda cells: None  # noqa: E731
    g_name, g_phone = get.get("submitter_name", none), get.get("submitter_phone", none)
    g_date, g_form = get.get("received_on", none), get.get("form_no", none)

    for number, cells in table.rows():
        if not any(_text(c) for c in cells):
            continue  # blank lines at the end of a sheet are common; they are not opinions
        result.checked += 1
        errors: list[tuple[str, str]] = []
        community_ref = _text(get["community"](cells))
        community_id = lookups.community.get(community_ref) if community_ref else None
        if not community_ref:
            errors.append(("community", "社区不能为空"))
        elif community_ref in lookups.community and community_id is None:
            errors.append(("community", f"有多个社区叫“{community_ref}”，请填写社区代码"))
        elif community_id is None:
            errors.append(("community", f"社区“{community_ref}”不存在或不在您的管辖范围内"))
        channel_ref = _text(get["channel"](cells))
        channel = lookups.channel.get(channel_ref) or lookups.channel.get(channel_ref.lower())
        if not channel:
            errors.append(("channel", f"渠道“{channel_ref}”无法识别；应为 征求意见表、一封信、座谈会、网上征集、热线 或 其他"
                           if channel_ref else "渠道不能为空"))
        category_ref = _text(get["category"](cells))
        category_id = lookups.category.get(category_ref)
        if not category_id:
            errors.append(("category", f"类别“{category_ref}”不存在" if category_ref else "类别不能为空"))
        content = _text(get["content"](cells))
        name, phone, form_no = _text(g_name(cells)), _text(g_phone(cells)), _text(g_form(cells))
        # The one validation of every channel (solicitation.validation), row by row.
        errors.extend(opinion_text_errors(content=content, submitter_name=name, submitter_phone=phone,
                                          form_no=form_no).items())
        raw_date = g_date(cells)
        received_on = today
        if _text(raw_date):
            received_on = _date(raw_date)
            if received_on is None:
                errors.append(("received_on", f"日期“{_text(raw_date)}”无法识别，请写成 2010-05-03"))
            elif received_on > today:
                errors.append(("received_on", "日期不能晚于今天"))
        if errors:
            for key, message in errors:
                result.error_count += 1
                if len(result.errors) < MAX_REPORTED_ERRORS:
                    result.errors.append(RowError(number, LABELS[key], message))
        elif not result.error_count:
            result.rows.append((community_id, channel, category_id, content, name, phone, received_on, form_no))
        if on_progress and result.checked % progress_every == 0:
            on_progress(result.checked)
    if not result.error_count and not result.rows:
        result.errors.append(RowError(2, "内容", "文件里没有意见：第 1 行是表头，意见从第 2 行开始"))
        result.error_count = 1
    if result.error_count:
        result.rows = []  # nothing is imported when any row is wrong; free the memory early
    return result
