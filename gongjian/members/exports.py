"""How member data leaves the system: the masked view every screen and export uses, the .xlsx files
(Chinese headers, frozen header row, cells that Excel would run as formulas neutralised), and the
一卡两表 (contact card, registration form, activity record) filled from the records."""

from __future__ import annotations

from collections.abc import Iterable

from gongjian.core.masking import mask_id_number, mask_phone
from gongjian.core.xlsx import XLSX_TYPE, safe_cell, workbook_bytes  # noqa: F401  (re-exported)


def mask_address(address: str | None) -> str:
    """Keep the first part (street, residential area), hide the rest: 人民路****."""
    if not address:
        return ""
    keep = min(len(address) // 2, 8)
    return address[:keep] + "****"


def masked(member) -> dict:
    """The member's personal data as every screen, export and print shows it by default."""
    return {"id_number": mask_id_number(member.id_number), "phone": mask_phone(member.phone),
            "address": mask_address(member.address)}


def workbook(sheets) -> bytes:
    """An .xlsx of (title, headers, rows) sheets (gongjian.core.xlsx: frozen header, no formulas)."""
    return workbook_bytes(sheets)


ROSTER_HEADERS = ["姓名", "性别", "出生日期", "身份证号", "电话", "类别", "居住社区", "工作单位", "组织关系",
                  "入党日期", "住址", "现工作地点", "长期在外", "登记日期", "双报到社区"]


def roster_rows(members) -> Iterable[list]:
    """Rows of the roster export (masked). `members` should come with community, unit, organization
    selected and `reports__community` prefetched."""
    for m in members:
        hidden = masked(m)
        yield [m.name, m.get_gender_display(), m.birth_date, hidden["id_number"], hidden["phone"],
               m.get_category_display(), m.community.name if m.community_id else "",
               m.unit.name if m.unit_id else "", m.organization.name if m.organization_id else "",
               m.joined_on, hidden["address"], m.work_place, "是" if m.away else "否", m.registered_on,
               "、".join(r.community.name for r in m.reports.all())]


def roster_xlsx(members) -> bytes:
    return workbook([("党员花名册", ROSTER_HEADERS, roster_rows(members))])


def card_xlsx(card: dict) -> bytes:
    """一卡两表 of one member as a workbook of three sheets (masked)."""
    m = card["member"]
    hidden = card["personal"]
    contact = [
        ["姓名", m.name], ["类别", m.get_category_display()], ["电话", hidden["phone"]],
        ["居住社区", m.community.name if m.community_id else ""], ["工作单位", m.unit.name if m.unit_id else ""],
        ["社区联系人", card["community_contact"]],
        ["双报到", "、".join(f"{r.community.name}（{r.reported_on:%Y-%m-%d}）" for r in card["reports"]) or "未报到"],
    ]
    registration = [
        ["姓名", m.name], ["性别", m.get_gender_display()], ["出生日期", m.birth_date],
        ["身份证号", hidden["id_number"]], ["电话", hidden["phone"]], ["住址", hidden["address"]],
        ["类别", m.get_category_display()], ["组织关系", m.organization.name if m.organization_id else ""],
        ["入党日期", m.joined_on], ["现工作地点", m.work_place], ["长期在外", "是" if m.away else "否"],
        ["登记日期", m.registered_on], ["备注", m.note],
    ]
    activity_rows = [[p.activity.date, p.activity.get_kind_display(), p.activity.title, p.activity.community.name,
                      p.hours] for p in card["participations"]]
    activity_rows += [[c.date, f"联系：{c.get_kind_display()}", c.note, "", None] for c in card["contacts"]]
    activity_rows.sort(key=lambda r: r[0], reverse=True)
    return workbook([
        ("党员联系卡", ["项目", "内容"], contact),
        ("党员登记表", ["项目", "内容"], registration),
        ("党员活动记录表", ["日期", "类型", "内容", "社区", "时长(小时)"], activity_rows),
    ])
