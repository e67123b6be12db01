"""Excel import of the registry (streets, communities, units, Party organisations, cadres): all rows or
none. Every row is checked first, then written through the same services as the pages; any error
names the sheet's row number (the header being row 1), the column and what is wrong.

Rows name streets, communities and units as staff write them: by name, or by code where names repeat.
Choices take the Chinese label (一类社区, 事业单位, 正科级 …) or the code. The sheet is read by the project
import's reader (.xlsx, .xls, CSV in UTF-8 or GBK), the one reader of staff sheets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from gongjian import permissions
from gongjian.core.cells import cell_text
from gongjian.core.sheets import ImportRefused, read_upload

from . import selectors, services
from .models import Cadre, Community, PartyOrganization, Street, Unit

MAX_ROWS = 5000


@dataclass(frozen=True)
class SheetSpec:
    title: str
    model: type
    headers: tuple[str, ...]
    required: tuple[str, ...]
    notes: tuple[tuple[str, str], ...]
    parse: Callable  # (cell, lookups, error) -> keyword arguments of `create`
    create: Callable
    fields: dict[str, str]  # a service's error key → the column to name


def _choices(choices) -> dict[str, object]:
    """Label or code → value: 一类社区, 一类 and 1 all name tier 1."""
    found = {}
    for value, label in choices:
        for key in (str(value), str(label), str(label).removesuffix("社区")):
            found[key] = value
    return found


def _labels(choices) -> str:
    return "、".join(str(label) for _value, label in choices)


class Lookups:
    """Every row's references resolved from a few queries made once per import, inside the actor's scope."""

    def __init__(self, actor, model):
        self.streets = list(selectors.streets_for_communities(actor)) if model is Community else []
        self.communities = (list(selectors.communities_for_records(actor, model))
                            if model in (Unit, PartyOrganization, Cadre) else [])
        self.units = (list(permissions.visible(actor, Unit).filter(active=True).select_related("community"))
                      if model is PartyOrganization else [])

    @staticmethod
    def _by_code_or_name(rows, text, label):
        matches = [r for r in rows if r.code == text] or [r for r in rows if r.name == text]
        if not matches:
            raise ValueError(f"没有名为“{text}”的{label}（或已撤销、不在您的范围内）")
        if len(matches) > 1:
            raise ValueError(f"有 {len(matches)} 个名为“{text}”的{label}，请填写{label}代码")
        return matches[0]

    def street(self, text):
        return self._by_code_or_name(self.streets, text, "街道")

    def community(self, text):
        return self._by_code_or_name(self.communities, text, "社区")

    def unit(self, text, community=None):
        matches = [u for u in self.units if u.name == text and (community is None or u.community_id == community.pk)]
        if not matches:
            raise ValueError(f"没有名为“{text}”的辖区单位（或已撤销、不在您的范围内）")
        if len(matches) > 1:
            raise ValueError(f"有 {len(matches)} 个名为“{text}”的单位，请同时填写所属社区")
        return matches[0]


def _int(text, column, error, *, default=None, low=0, high=10**9):
    if not text:
        return default
    try:
        number = int(float(text))
        if number != float(text) or not low <= number <= high:
            raise ValueError(text)
    except ValueError:
        error(column, f"“{text}”不是 {low} 到 {high} 之间的整数")
        return default
    return number


def _choice(text, choices, column, error, default=None):
    if not text:
        return default
    value = _choices(choices).get(text)
    if value is None:
        error(column, f"“{text}”不是可选值（{_labels(choices)}）")
        return default
    return value


def _ref(resolve, text, column, error, *args):
    try:
        return resolve(text, *args)
    except ValueError as exc:
        error(column, str(exc))
        return None


def _street_row(cell, lookups, error):
    return {"name": cell("名称"), "code": cell("代码")}


def _community_row(cell, lookups, error):
    return {"street": _ref(lookups.street, cell("街道"), "街道", error), "name": cell("名称"), "code": cell("代码"),
            "residents": _int(cell("居民人数"), "居民人数", error, default=0),
            "tier": _choice(cell("类别"), Community.Tier.choices, "类别", error),
            "office_premises": _choice(cell("办公场所"), Community.Premises.choices, "办公场所", error,
                                       default=Community.Premises.OWNED),
            "office_area": _int(cell("办公面积"), "办公面积", error)}


def _unit_row(cell, lookups, error):
    return {"name": cell("单位名称"), "community": _ref(lookups.community, cell("所在社区"), "所在社区", error),
            "kind": _choice(cell("单位性质"), Unit.Kind.choices, "单位性质", error, default=Unit.Kind.OTHER),
            "rank": _choice(cell("行政级别"), Unit.Rank.choices, "行政级别", error, default=Unit.Rank.NONE),
            "contact_name": cell("联系人"), "contact_phone": cell("联系电话")}


def _party_organization_row(cell, lookups, error):
    community_text, unit_text = cell("所属社区"), cell("所属单位")
    community = _ref(lookups.community, community_text, "所属社区", error) if community_text else None
    unit = None
    if unit_text:
        unit = _ref(lookups.unit, unit_text, "所属单位", error, community)
        community = None
    elif not community_text:
        error("所属社区", "“所属社区”和“所属单位”须填一个")
    return {"name": cell("名称"), "community": community, "unit": unit,
            "kind": _choice(cell("类型"), PartyOrganization.Kind.choices, "类型", error,
                            default=PartyOrganization.Kind.BRANCH),
            "members_count": _int(cell("党员人数"), "党员人数", error, default=0)}


def _cadre_row(cell, lookups, error):
    return {"name": cell("姓名"), "community": _ref(lookups.community, cell("社区"), "社区", error),
            "position": cell("职务"),
            "birth_year": _int(cell("出生年份"), "出生年份", error, low=1900, high=2100),
            "education": _choice(cell("文化程度"), Cadre.Education.choices, "文化程度", error),
            "phone": cell("电话")}


SHEETS: dict[str, SheetSpec] = {
    "streets": SheetSpec(
        "街道", Street, ("名称", "代码"), ("名称", "代码"),
        (("代码", "全国行政区划代码 9 位（如 420981001），或本地代码"),),
        _street_row, services.street_create, {"name": "名称", "code": "代码"}),
    "communities": SheetSpec(
        "社区", Community, ("街道", "名称", "代码", "居民人数", "类别", "办公场所", "办公面积"),
        ("街道", "名称", "代码"),
        (("街道", "街道名称或代码"), ("代码", "全国行政区划代码 12 位，或本地代码"),
         ("类别", _labels(Community.Tier.choices) + "，可空"), ("办公场所", _labels(Community.Premises.choices)),
         ("办公面积", "平方米，整数")),
        _community_row, services.community_create,
        {"street": "街道", "name": "名称", "code": "代码", "residents": "居民人数", "tier": "类别",
         "office_premises": "办公场所", "office_area": "办公面积", "__all__": "名称"}),
    "units": SheetSpec(
        "辖区单位", Unit, ("单位名称", "所在社区", "单位性质", "行政级别", "联系人", "联系电话"),
        ("单位名称", "所在社区"),
        (("所在社区", "社区名称，同名时填社区代码"), ("单位性质", _labels(Unit.Kind.choices)),
         ("行政级别", _labels(Unit.Rank.choices))),
        _unit_row, services.unit_create,
        {"name": "单位名称", "community": "所在社区", "kind": "单位性质", "rank": "行政级别",
         "contact_name": "联系人", "contact_phone": "联系电话", "__all__": "单位名称"}),
    "party_organizations": SheetSpec(
        "党组织", PartyOrganization, ("名称", "类型", "所属社区", "所属单位", "党员人数"), ("名称",),
        (("类型", _labels(PartyOrganization.Kind.choices)),
         ("所属社区", "社区党组织填所属社区；单位党组织填所属单位（单位重名时两列都填）")),
        _party_organization_row, services.party_organization_create,
        {"name": "名称", "kind": "类型", "community": "所属社区", "unit": "所属单位", "members_count": "党员人数",
         "__all__": "名称"}),
    "cadres": SheetSpec(
        "社区干部", Cadre, ("姓名", "社区", "职务", "出生年份", "文化程度", "电话"), ("姓名", "社区", "出生年份", "文化程度"),
        (("文化程度", _labels(Cadre.Education.choices)), ("出生年份", "如 1975")),
        _cadre_row, services.cadre_create,
        {"name": "姓名", "community": "社区", "position": "职务", "birth_year": "出生年份", "education": "文化程度",
         "phone": "电话"}),
}


def _fail(errors: list[dict]):
    raise ImportRefused(f"有 {len({e['row'] for e in errors})} 行有错误，全部未导入", errors)


@transaction.atomic
def registry_import(*, actor, kind: str, file, filename: str) -> int:
    """Create the sheet's rows of `kind` (a key of SHEETS), all or none; answers how many were created.

    Raises ImportRefused with {"row", "field", "message"} for every problem found.
    """
    spec = SHEETS[kind]
    header, body = read_upload(file, filename, required=spec.required, max_rows=MAX_ROWS)
    index = {name: header.index(name) for name in spec.headers if name in header}
    lookups = Lookups(actor, spec.model)

    errors: list[dict] = []
    parsed: list[tuple[int, dict]] = []
    for number, row in body:
        if not any(cell_text(v) for v in row):
            continue

        def cell(name, row=row):
            i = index.get(name)
            return cell_text(row[i]) if i is not None and i < len(row) else ""

        def error(column, message, number=number):
            errors.append({"row": number, "field": column, "message": message})

        for column in spec.required:
            if not cell(column):
                error(column, "此项必填")
        values = spec.parse(cell, lookups, error)
        parsed.append((number, values))
    if errors:
        _fail(errors)
    if not parsed:
        raise ImportRefused("文件中没有数据行", [])

    for number, values in parsed:
        try:
            with transaction.atomic():
                spec.create(actor=actor, **values)
        except ValidationError as exc:
            found = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            for key, messages in found.items():
                for message in messages:
                    errors.append({"row": number, "field": spec.fields.get(key, key), "message": message})
    if errors:
        _fail(errors)
    return len(parsed)


def template_sheets(kind: str):
    """The template workbook: the header row, and a sheet of notes with the accepted values."""
    spec = SHEETS[kind]
    notes = [(name, "必填" if name in spec.required else "可空", dict(spec.notes).get(name, ""))
             for name in spec.headers]
    return [(spec.title, [(h, 18) for h in spec.headers], []), ("填写说明", [("列", 14), ("", 8), ("说明", 60)], notes)]
