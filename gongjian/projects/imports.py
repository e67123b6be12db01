"""Bulk set-up (批量立项) from a sheet staff keep in Excel/WPS: .xlsx, old .xls, or CSV (UTF-8, UTF-8 with
BOM, GBK/GB18030). All rows or none: every row is checked first, and any error reports the sheet's
row number (the header being row 1), the column and a message; nothing is half-imported.

Columns by Chinese header: 问题档案号, 项目名称, 牵头单位, 协办单位 (、-separated), 承办人, 联系电话,
完成时限, 预算, 资金来源, 重点 (是/否), 批次.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.core.cells import cell_text as _cell_text
from gongjian.core.sheets import ImportRefused, read_upload

from . import services
from .models import Project
from .selectors import key_project_warnings

COLUMNS = ("问题档案号", "项目名称", "牵头单位", "协办单位", "承办人", "联系电话", "完成时限", "预算", "资金来源",
           "重点", "批次")
REQUIRED = ("问题档案号", "项目名称", "牵头单位", "承办人", "完成时限")
MAX_ROWS = 5000
# Column names a service's error dict uses → the sheet's header, for the row error report.
_FIELD_COLUMNS = {"problem": "问题档案号", "title": "项目名称", "lead_unit": "牵头单位", "co_units": "协办单位",
                  "handler": "承办人", "handler_phone": "联系电话", "deadline": "完成时限", "budget": "预算",
                  "fund_source": "资金来源", "is_key": "重点", "batch": "批次"}


@dataclass
class ImportResult:
    projects: list[Project] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------ reading the sheet


def read_sheet(file, filename: str) -> tuple[list[str], list[tuple[int, tuple]]]:
    """The header and the numbered rows of the first sheet (the shared reader, `core.sheets`)."""
    return read_upload(file, filename, required=REQUIRED, max_rows=MAX_ROWS)


# ------------------------------------------------------------------------------ parsing cells

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)


def parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 20000 < value < 80000:  # an Excel serial day number
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = _cell_text(value).split(" ")[0]
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            return date(*(int(g) for g in match.groups()))
    raise ValueError(text)


def parse_money(value) -> Decimal:
    text = _cell_text(value).replace(",", "").replace("，", "").replace("元", "").replace("¥", "").strip()
    if not text:
        return Decimal("0")
    amount = Decimal(text)
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidOperation(text)
    return amount


_YES = {"是", "y", "yes", "true", "1", "重点", "√"}
_NO = {"", "否", "n", "no", "false", "0", "×"}


def parse_yes_no(value) -> bool:
    text = _cell_text(value).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(text)


def parse_batch(value) -> int:
    text = _cell_text(value)
    if not text:
        return 1
    match = re.fullmatch(r"第?\s*(\d+)\s*批?", text)
    if not match or int(match.group(1)) < 1:
        raise ValueError(text)
    return int(match.group(1))


def split_names(value) -> list[str]:
    return [part.strip() for part in re.split(r"[、,，;；/]", _cell_text(value)) if part.strip()]


# ------------------------------------------------------------------------------ the service

@transaction.atomic
def projects_import(*, actor, round, file, filename: str) -> ImportResult:
    """Set up the sheet's projects in `round` as drafts, all or none (ImportRefused with row errors).

    Problems are found by archive number among the round's problems the actor may set projects up for;
    units by name among the problem's community's units. Answers the created projects and the
    key-project warnings of the communities concerned.
    """
    from gongjian.registry.models import Unit
    from gongjian.solicitation.models import Problem

    header, body = read_sheet(file, filename)
    index = {name: header.index(name) for name in COLUMNS if name in header}

    def cell(row, name):
        i = index.get(name)
        return row[i] if i is not None and i < len(row) else None

    # Two queries for all lookups: the round's problems in the actor's scope, and their units.
    scope = permissions.scope_of(actor)
    archive_nos = {_cell_text(cell(r, "问题档案号")) for _number, r in body}
    problems = {p.archive_no: p for p in permissions.visible(actor, Problem)
                .filter(round=round, archive_no__in=archive_nos).select_related("community")}
    units: dict[tuple[int, str], Unit] = {
        (u.community_id, u.name): u
        for u in Unit.objects.filter(community_id__in={p.community_id for p in problems.values()})
    }

    errors: list[dict] = []
    parsed: list[tuple[int, dict]] = []
    for number, row in body:
        if not any(_cell_text(v) for v in row):
            continue

        def error(column, message, number=number):
            errors.append({"row": number, "field": column, "message": message})

        archive_no = _cell_text(cell(row, "问题档案号"))
        problem = problems.get(archive_no)
        if not archive_no:
            error("问题档案号", "此项必填")
        elif problem is None:
            error("问题档案号", f"本轮没有档案号为“{archive_no}”的问题（或不在您的范围内）")
        elif not (scope.role in {Role.CITY, Role.STREET, Role.COMMUNITY} and scope.covers_community(problem.community_id)):
            error("问题档案号", "您的角色或范围不允许为该社区立项")
            problem = None
        values = {"title": _cell_text(cell(row, "项目名称")), "handler": _cell_text(cell(row, "承办人")),
                  "handler_phone": _cell_text(cell(row, "联系电话")),
                  "fund_source": _cell_text(cell(row, "资金来源"))}
        for column, key in (("项目名称", "title"), ("承办人", "handler")):
            if not values[key]:
                error(column, "此项必填")
        if problem is not None:
            lead_name = _cell_text(cell(row, "牵头单位"))
            lead = units.get((problem.community_id, lead_name))
            if not lead_name:
                error("牵头单位", "此项必填")
            elif lead is None:
                error("牵头单位", f"“{lead_name}”不是{problem.community.name}的辖区单位")
            values["lead_unit"] = lead
            co_units = []
            for name in split_names(cell(row, "协办单位")):
                unit = units.get((problem.community_id, name))
                if unit is None:
                    error("协办单位", f"“{name}”不是{problem.community.name}的辖区单位")
                else:
                    co_units.append(unit)
            values["co_units"] = co_units
        raw_deadline = cell(row, "完成时限")
        try:
            values["deadline"] = parse_date(raw_deadline)
        except (ValueError, TypeError):
            error("完成时限", "此项必填" if not _cell_text(raw_deadline) else
                  f"“{_cell_text(raw_deadline)}”不是日期，请写成 2010-06-30")
        try:
            values["budget"] = parse_money(cell(row, "预算"))
        except (InvalidOperation, ValueError):
            error("预算", f"“{_cell_text(cell(row, '预算'))}”不是金额（元，最多两位小数）")
        try:
            values["is_key"] = parse_yes_no(cell(row, "重点"))
        except ValueError:
            error("重点", "请填“是”或“否”")
        try:
            values["batch_number"] = parse_batch(cell(row, "批次"))
        except ValueError:
            error("批次", "请填批次号，如 1 或 第1批")
        if problem is not None and problem.klass not in (Problem.Class.A, Problem.Class.B):
            error("问题档案号", f"问题 {archive_no} 不是 A 类或 B 类，不能立项")
        values["problem"] = problem
        parsed.append((number, values))

    if errors:
        raise ImportRefused(f"有 {len({e['row'] for e in errors})} 行有错误，全部未导入", errors)
    if not parsed:
        raise ImportRefused("文件中没有数据行", [])

    result = ImportResult()
    # A finished round's projects are history entered after the fact: set up before their deadlines,
    # telling nobody. Any other round's deadlines must not be past (project_create refuses them).
    past = round.status == round.Status.CLOSED
    for number, values in parsed:
        history = {"today": min(values["deadline"], timezone.localdate()), "quiet": True} if past else {}
        try:
            with transaction.atomic():
                result.projects.append(services.project_create(actor=actor, **values, **history))
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                for message in messages:
                    errors.append({"row": number, "field": _FIELD_COLUMNS.get(key, key), "message": message})
    if errors:
        raise ImportRefused(f"有 {len({e['row'] for e in errors})} 行有错误，全部未导入", errors)
    seen = set()
    for project in result.projects:
        if project.community_id not in seen:
            seen.add(project.community_id)
            result.warnings.extend(key_project_warnings(project.community, round))
    return result
