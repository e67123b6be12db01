"""Reading member rosters (党员花名册) from the files units keep: .xlsx, old .xls, or CSV (UTF-8 with or
without BOM, GBK/GB18030 as Chinese Excel saves it).

Like the opinions import, it is all or nothing: every row is checked first, and any error means nothing
is written; errors come back as ``{"row": 7, "field": "身份证号", "message": "..."}`` with the sheet's
row number (the header is row 1). This module reads and checks; `services.members_import` writes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from gongjian.core.cells import cell_text as _text
from gongjian.core.sheets import SheetFileError, open_sheet, sheet_kind

from .models import Member
from .services import PHONE_RE, id_number_error, member_errors, normalise_id_number

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20000
MAX_REPORTED_ERRORS = 500

HEADERS = {
    "姓名": "name", "性别": "gender", "出生日期": "birth_date", "出生年月": "birth_date",
    "身份证号": "id_number", "身份证号码": "id_number", "公民身份号码": "id_number",
    "电话": "phone", "联系电话": "phone", "手机": "phone",
    "类别": "category", "党员类别": "category",
    "居住社区": "community", "社区": "community",
    "工作单位": "unit", "单位": "unit",
    "组织关系": "organization", "组织关系所在党组织": "organization", "所在党组织": "organization",
    "入党日期": "joined_on", "入党时间": "joined_on",
    "住址": "address", "家庭住址": "address",
    "现工作地点": "work_place", "务工地点": "work_place",
    "长期在外": "away",
    "登记日期": "registered_on",
    "备注": "note",
}
TEMPLATE_HEADERS = ["姓名", "性别", "出生日期", "身份证号", "电话", "类别", "居住社区", "工作单位", "组织关系",
                    "入党日期", "住址", "现工作地点", "长期在外", "登记日期", "备注"]
LABELS = {value: key for key, value in reversed(list(HEADERS.items()))}
LABELS.update({"name": "姓名", "community": "居住社区", "unit": "工作单位", "organization": "组织关系",
               "id_number": "身份证号", "phone": "电话", "category": "类别", "birth_date": "出生日期",
               "joined_on": "入党日期", "registered_on": "登记日期", "away": "长期在外", "gender": "性别"})

CATEGORY_NAMES = {str(label): value for value, label in Member.Category.choices}
CATEGORY_NAMES.update({str(label).removesuffix("党员"): value for value, label in Member.Category.choices})
CATEGORY_NAMES.update({value: value for value in Member.Category.values})
CATEGORY_NAMES.update({"在职党员双报到": "in_service", "离退休": "retired", "离退休党员": "retired"})
GENDERS = {"男": "male", "女": "female", "male": "male", "female": "female", "": ""}
YES = {"是", "y", "yes", "1", "true", "√", "在外"}
NO = {"否", "n", "no", "0", "false", ""}


class RosterFileError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RosterRowsInvalid(Exception):
    def __init__(self, errors: list[dict], error_count: int):
        super().__init__(f"{error_count} errors")
        self.errors = errors
        self.error_count = error_count

    @property
    def detail(self) -> str:
        rows = len({e["row"] for e in self.errors})
        more = "" if self.error_count <= len(self.errors) else f"（只列出前 {len(self.errors)} 处）"
        return f"名册中有 {self.error_count} 处错误（涉及 {rows} 行），全部未导入；请改正后重新导入{more}"


# ------------------------------------------------------------------------------ reading


def read_table(data: bytes, filename: str) -> tuple[list[str], list[tuple[int, tuple]]]:
    """The header and the numbered rows of the first sheet (the shared reader, `core.sheets`): the
    header is checked before any row is read, and reading stops past MAX_ROWS rows."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise RosterFileError(f"文件太大，不能超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB")
    if not data:
        raise RosterFileError("文件是空的")
    try:
        kind = sheet_kind(filename, data[:2048])
        with open_sheet(io.BytesIO(data), kind, max_rows=MAX_ROWS) as sheet:
            header_check(sheet.header)
            return sheet.header, list(sheet.rows())
    except SheetFileError as exc:
        raise RosterFileError(exc.message) from None


def header_check(header: list[str]) -> dict[str, int]:
    """The column of each field the header names; RosterRowsInvalid (row 1) when 姓名 or 类别 is missing."""
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        target = HEADERS.get(title)
        if target and target not in columns:
            columns[target] = index
    missing = [label for key, label in (("name", "姓名"), ("category", "类别")) if key not in columns]
    if missing:
        raise RosterRowsInvalid([{"row": 1, "field": label, "message": f"缺少“{label}”列"} for label in missing],
                                len(missing))
    return columns


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 1000 < value < 80000:
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = _text(value).replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-").replace(".", "-")
    parts = [p for p in text.split("-") if p]
    try:
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 2:  # 出生年月: 1962-05
            return date(int(parts[0]), int(parts[1]), 1)
    except ValueError:
        return None
    return None


# ------------------------------------------------------------------------------ checking


@dataclass
class Lookups:
    """What rows may name, restricted to the importer's scope. Names that two objects share map to
    None (ambiguous: the row must use the code or id)."""

    communities: dict[str, Any] = field(default_factory=dict)
    units: dict[str, Any] = field(default_factory=dict)
    organizations: dict[str, Any] = field(default_factory=dict)
    community_orgs: dict[int, Any] = field(default_factory=dict)  # community id → its Party organisation
    default_unit: Any = None  # a unit user's own unit

    @staticmethod
    def index(objects, keys) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for obj in objects:
            for key in keys(obj):
                if not key:
                    continue
                if key in found and found[key] is not None and found[key].pk != obj.pk:
                    found[key] = None
                else:
                    found.setdefault(key, obj)
        return found


def _ref(table: dict, text: str, label: str, errors: list, key: str):
    if not text:
        return None
    if text in table and table[text] is None:
        errors.append((key, f"有多个{label}叫“{text}”，请写代码或编号"))
        return None
    obj = table.get(text)
    if obj is None:
        errors.append((key, f"{label}“{text}”不存在或不在您的管辖范围内"))
    return obj


def check_rows(header: list[str], rows: list[tuple[int, tuple]], lookups: Lookups,
               may_create=lambda member: True) -> list[Member]:
    """Unsaved Member objects for every row, or RosterRowsInvalid listing every error.
    `may_create(member)` says whether the importer may register that member (their scope)."""
    columns = header_check(header)

    def cell(cells, key):
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    today = timezone.localdate()
    errors: list[dict] = []
    error_count = 0
    members: list[Member] = []
    seen_ids: dict[str, int] = {}
    for number, cells in rows:
        if not any(_text(c) for c in cells):
            continue
        row_errors: list[tuple[str, str]] = []
        category_text = _text(cell(cells, "category"))
        category = CATEGORY_NAMES.get(category_text)
        if not category:
            row_errors.append(("category", f"类别“{category_text}”无法识别；应为 自管、在职、流动、下岗 或 退休"
                               if category_text else "类别不能为空"))
        community = _ref(lookups.communities, _text(cell(cells, "community")), "社区", row_errors, "community")
        unit = _ref(lookups.units, _text(cell(cells, "unit")), "单位", row_errors, "unit")
        if unit is None and not _text(cell(cells, "unit")) and lookups.default_unit is not None:
            unit = lookups.default_unit
        organization = _ref(lookups.organizations, _text(cell(cells, "organization")), "党组织", row_errors,
                            "organization")
        if organization is None and not _text(cell(cells, "organization")) and community is not None \
                and category and category != Member.Category.IN_SERVICE:
            organization = lookups.community_orgs.get(community.pk)
        gender_text = _text(cell(cells, "gender"))
        if gender_text not in GENDERS:
            row_errors.append(("gender", "性别应为 男 或 女"))
        id_number = normalise_id_number(_text(cell(cells, "id_number")))
        if id_number:
            message = id_number_error(id_number)
            if message:
                row_errors.append(("id_number", message))
            elif id_number in seen_ids:
                row_errors.append(("id_number", f"与第 {seen_ids[id_number]} 行的身份证号重复"))
            else:
                seen_ids[id_number] = number
        phone = _text(cell(cells, "phone"))
        if phone and not PHONE_RE.match(phone):
            row_errors.append(("phone", f"电话“{phone}”格式不对"))
        dates = {}
        for key in ("birth_date", "joined_on", "registered_on"):
            raw = cell(cells, key)
            if _text(raw):
                value = _date(raw)
                if value is None:
                    row_errors.append((key, f"日期“{_text(raw)}”无法识别，请写成 1962-05-03"))
                elif value > today:
                    row_errors.append((key, "日期不能晚于今天"))
                dates[key] = value
        away_text = _text(cell(cells, "away")).lower()
        if away_text not in YES and away_text not in NO:
            row_errors.append(("away", "长期在外应填 是 或 否"))
        member = Member(
            name=_text(cell(cells, "name"))[:50], gender=GENDERS.get(gender_text, ""),
            birth_date=dates.get("birth_date"), id_number=id_number, phone=phone,
            address=_text(cell(cells, "address"))[:200], category=category or "", community=community, unit=unit,
            organization=organization, work_place=_text(cell(cells, "work_place"))[:200],
            away=away_text in YES, joined_on=dates.get("joined_on"),
            registered_on=dates.get("registered_on") or today, note=_text(cell(cells, "note"))[:500])
        if not row_errors:
            for key, messages in member_errors(member).items():
                row_errors.extend((key, m) for m in messages)
        if not row_errors and not may_create(member):
            row_errors.append(("community", "这名党员不住在您管辖的社区，不能由您登记"))
        for key, message in row_errors:
            error_count += 1
            if len(errors) < MAX_REPORTED_ERRORS:
                errors.append({"row": number, "field": LABELS.get(key, key), "message": message})
        if not row_errors:
            members.append(member)
    if not error_count and not members:
        raise RosterRowsInvalid([{"row": 2, "field": "姓名", "message": "名册里没有党员：第 1 行是表头，从第 2 行开始"}], 1)
    if seen_ids:
        taken = set(Member.objects.filter(id_number__in=list(seen_ids)).values_list("id_number", flat=True))
        for id_number in sorted(taken, key=seen_ids.get):
            error_count += 1
            if len(errors) < MAX_REPORTED_ERRORS:
                errors.append({"row": seen_ids[id_number], "field": "身份证号", "message": "该身份证号的党员已经登记过了"})
    if error_count:
        errors.sort(key=lambda e: e["row"])
        raise RosterRowsInvalid(errors, error_count)
    return members


def lookups_for(user, header: list[str], rows: list[tuple[int, tuple]]) -> Lookups:
    """Resolve only the names the file uses, inside the importer's scope: a unit names its own unit
    and any community (its members live all over the city); a community or street the communities and
    units of its scope; the city everything."""
    from django.db.models import Q

    from gongjian import permissions
    from gongjian.accounts.models import Role
    from gongjian.registry.models import Community, PartyOrganization, Unit

    scope = permissions.scope_of(user)
    wanted: dict[str, set[str]] = {"community": set(), "unit": set(), "organization": set()}
    for index, title in enumerate(header):
        key = HEADERS.get(title)
        if key in wanted:
            wanted[key].update(_text(cells[index]) for _n, cells in rows if index < len(cells))
    for values in wanted.values():
        values.discard("")

    def named(qs, values, keys=("name", "code")):
        if not values:
            return []
        q = Q(pk__in=[int(v) for v in values if v.isdigit()])
        for key in keys:
            q |= Q(**{f"{key}__in": list(values)})
        return list(qs.filter(q))

    communities = Community.objects.all() if scope.role == Role.UNIT else \
        Community.objects.filter(scope.community_q("id"))
    units = Unit.objects.filter(pk=scope.unit_id) if scope.role == Role.UNIT else permissions.visible(user, Unit)
    lookups = Lookups(
        communities=Lookups.index(named(communities, wanted["community"]), lambda c: (str(c.pk), c.code, c.name)),
        units=Lookups.index(named(units, wanted["unit"], keys=("name",)), lambda u: (str(u.pk), u.name)),
        organizations=Lookups.index(named(permissions.visible(user, PartyOrganization), wanted["organization"],
                                          keys=("name",)), lambda o: (str(o.pk), o.name)),
    )
    if scope.role == Role.UNIT:
        lookups.default_unit = Unit.objects.filter(pk=scope.unit_id).first()
    ids = {c.pk for c in lookups.communities.values() if c is not None}
    for org in PartyOrganization.objects.filter(community_id__in=ids).order_by("-id"):
        lookups.community_orgs[org.community_id] = org
    return lookups
