"""Every write to the member records goes through these functions (one transaction each, the actor
stamped on the audit history)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from gongjian.core.audit import stamp, user_or_none
from gongjian.core.errors import Conflict

from .models import ContactRecord, DuesPayment, Member, MemberDataAccess, MemberReport, RiskSettings

PHONE_RE = re.compile(r"^[0-9+\-() ]{3,30}$")
ID_RE = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
REPORTABLE = (Member.Category.IN_SERVICE, Member.Category.FLOATING)


def id_check_digit(first17: str) -> str:
    """The check character of a resident ID number (GB 11643)."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def id_number_error(number: str) -> str | None:
    """Why `number` is not a valid 18-character resident ID number, or None when it is."""
    if not ID_RE.match(number):
        return "身份证号应为 18 位（最后一位可以是 X）"
    if id_check_digit(number[:17]) != number[17]:
        return "身份证号校验位不对，请核对"
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "身份证号中的出生日期不对"
    return None


def normalise_id_number(number: str) -> str:
    return (number or "").strip().replace(" ", "").upper()


def member_errors(member: Member) -> dict[str, list[str]]:
    """The rules a member record must meet, checked in Python (shared by single entry and imports)."""
    errors: dict[str, list[str]] = {}
    if not member.name.strip():
        errors.setdefault("name", []).append("姓名不能为空")
    if member.category not in Member.Category.values:
        errors.setdefault("category", []).append("类别应为 自管、在职、流动、下岗 或 退休")
    if member.category == Member.Category.IN_SERVICE and member.unit_id is None:
        errors.setdefault("unit", []).append("在职党员须填写工作单位")
    if member.unit_id is None and member.community_id is None:
        errors.setdefault("community", []).append("须填写居住社区（在职党员可只填工作单位）")
    if member.id_number:
        message = id_number_error(member.id_number)
        if message:
            errors.setdefault("id_number", []).append(message)
    if member.phone and not PHONE_RE.match(member.phone):
        errors.setdefault("phone", []).append("电话格式不对，只能有数字和 - + ( )")
    if member.organization_id and member.organization.unit_id and member.unit_id and \
            member.organization.unit_id != member.unit_id:
        errors.setdefault("organization", []).append("组织关系所在党组织不属于该党员的工作单位")
    today = timezone.localdate()
    if member.birth_date and member.birth_date > today:
        errors.setdefault("birth_date", []).append("出生日期不能晚于今天")
    if member.joined_on and member.joined_on > today:
        errors.setdefault("joined_on", []).append("入党日期不能晚于今天")
    return errors


def _check(member: Member) -> None:
    errors = member_errors(member)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def member_register(*, actor, name: str, category: str, community=None, unit=None, organization=None,
                    gender: str = "", birth_date: date | None = None, id_number: str = "", phone: str = "",
                    address: str = "", work_place: str = "", away: bool = False, joined_on: date | None = None,
                    registered_on: date | None = None, note: str = "") -> Member:
    if organization is None and community is not None and category != Member.Category.IN_SERVICE:
        # The relation of a member who is not in service is held by the community's Party organisation.
        organization = community_organization(community.pk)
    member = Member(name=name.strip(), category=category, community=community, unit=unit,
                    organization=organization, gender=gender, birth_date=birth_date,
                    id_number=normalise_id_number(id_number), phone=phone.strip(), address=address.strip(),
                    work_place=work_place.strip(), away=away, joined_on=joined_on,
                    registered_on=registered_on or timezone.localdate(), note=note)
    _check(member)
    member.full_clean()
    stamp(member, actor, "登记党员")
    member.save()
    return member


def community_organization(community_id: int):
    from gongjian.registry.models import PartyOrganization

    return PartyOrganization.objects.filter(community_id=community_id).order_by("id").first()


MEMBER_EDITABLE = ("name", "gender", "birth_date", "id_number", "phone", "address", "category", "community",
                   "unit", "organization", "work_place", "away", "joined_on", "note")


@transaction.atomic
def member_update(*, actor, member: Member, reason: str = "修改党员信息", **changes) -> Member:
    unknown = set(changes) - set(MEMBER_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    member = Member.objects.select_for_update().get(pk=member.pk)
    for field, value in changes.items():
        if field == "id_number":
            value = normalise_id_number(value)
        setattr(member, field, value)
    _check(member)
    member.full_clean()
    stamp(member, actor, reason)
    member.save()
    return member


@transaction.atomic
def member_bulk_register(*, actor, members: list[Member], reason: str = "批量登记党员") -> list[Member]:
    """Register many members at once (roster imports, the demo): all or none. The rows are checked
    with `member_errors`; the database constraints are the last word."""
    for member in members:
        member.id_number = normalise_id_number(member.id_number)
        if member.registered_on is None:
            member.registered_on = timezone.localdate()
        _check(member)
    user = user_or_none(actor)
    try:
        return bulk_create_with_history(members, Member, batch_size=500, default_user=user,
                                        default_change_reason=reason)
    except IntegrityError:
        raise ValidationError({"id_number": ["身份证号与已登记的党员重复"]}) from None


@transaction.atomic
def member_report_to_community(*, actor, member: Member, community, reported_on: date | None = None,
                               via: str = MemberReport.Via.STAFF, service_wish: str = "") -> MemberReport:
    """双报到: an in-service (or floating) member reports to the community where they live. When the
    member's residence was not known, it becomes this community."""
    if member.category not in REPORTABLE:
        raise ValidationError({"member": ["只有在职党员和流动党员需要到居住社区报到"]})
    if MemberReport.objects.filter(member=member, community=community).exists():
        raise Conflict(f"{member.name}已经向{community.name}报到过了")
    report = MemberReport(member=member, community=community, via=via, service_wish=service_wish.strip()[:200],
                          reported_on=reported_on or timezone.localdate())
    report.full_clean(validate_unique=False)
    stamp(report, actor, "双报到：本人报到" if via == MemberReport.Via.SELF else "双报到：工作人员录入")
    report.save()
    if member.community_id is None:
        member = Member.objects.select_for_update().get(pk=member.pk)
        member.community = community
        stamp(member, actor, f"双报到：居住社区为{community.name}")
        member.save(update_fields=["community", "updated_at"])
    return report


SELF_REPORT_NOT_FOUND = "没有找到与姓名和身份证号相符的在职党员登记。请先请所在单位党组织把您登记到党员名册，再来报到。"


def member_self_report(*, name: str, id_number: str, community, service_wish: str = "") -> MemberReport:
    """The self-service form: the member names themselves by name and ID number, which must match
    their unit's roster. The answer never says which of the two did not match."""
    number = normalise_id_number(id_number)
    member = (Member.objects.filter(id_number=number, name=name.strip(), category__in=REPORTABLE).first()
              if number and name.strip() else None)
    if member is None:
        raise ValidationError(SELF_REPORT_NOT_FOUND)
    return member_report_to_community(actor=None, member=member, community=community,
                                      via=MemberReport.Via.SELF, service_wish=service_wish)


@transaction.atomic
def contact_record(*, actor, member: Member, date: date, kind: str, note: str = "") -> ContactRecord:
    if date > timezone.localdate():
        raise ValidationError({"date": ["日期不能晚于今天"]})
    record = ContactRecord(member=member, date=date, kind=kind, note=note.strip()[:500],
                           recorded_by=user_or_none(actor))
    record.full_clean()
    stamp(record, actor, "登记联系记录")
    record.save()
    return record


def first_of_month(value: date) -> date:
    return value.replace(day=1)


@transaction.atomic
def dues_record(*, actor, member: Member, month: date, amount, paid_on: date | None = None) -> DuesPayment:
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": ["金额须为数字"]}) from None
    if amount <= 0:
        raise ValidationError({"amount": ["金额须大于 0"]})
    month = first_of_month(month)
    paid_on = paid_on or timezone.localdate()
    if month > first_of_month(timezone.localdate()) + timedelta(days=366):
        raise ValidationError({"month": ["月份太远了"]})
    if DuesPayment.objects.filter(member=member, month=month).exists():
        raise Conflict(f"{member.name} {month:%Y年%m月}的党费已经登记过了")
    payment = DuesPayment(member=member, month=month, amount=amount, paid_on=paid_on,
                          recorded_by=user_or_none(actor))
    payment.full_clean(validate_unique=False)
    stamp(payment, actor, "登记党费")
    payment.save()
    return payment


def risk_settings_get() -> RiskSettings:
    """The city's thresholds (the defaults until the city changes them; reading writes nothing)."""
    return RiskSettings.objects.filter(pk=1).first() or RiskSettings(pk=1)


@transaction.atomic
def risk_settings_update(*, actor, pocket_months: int, underground_days: int, nominal_months: int) -> RiskSettings:
    settings = RiskSettings.objects.select_for_update().filter(pk=1).first() or RiskSettings(pk=1)
    settings.pocket_months = pocket_months
    settings.underground_days = underground_days
    settings.nominal_months = nominal_months
    errors = {}
    for field, value, top in (("pocket_months", pocket_months, 120), ("underground_days", underground_days, 3650),
                              ("nominal_months", nominal_months, 120)):
        if not isinstance(value, int) or not 1 <= value <= top:
            errors[field] = [f"须为 1 到 {top} 之间的整数"]
    if errors:
        raise ValidationError(errors)
    stamp(settings, actor, "修改风险名单规则")
    settings.save()
    return settings


@transaction.atomic
def member_personal_data(*, actor, member: Member, channel: str) -> dict:
    """The member's unmasked personal data, for a user the policy allows (`view_personal`); the view
    is written to the access log in the same transaction — no log, no data."""
    MemberDataAccess.objects.create(user=actor, member=member, channel=channel)
    return {"id_number": member.id_number, "phone": member.phone, "address": member.address}


def members_import(*, actor, data: bytes, filename: str) -> list[Member]:
    """Import a roster: every row checked, then all written or none (RosterFileError / RosterRowsInvalid)."""
    from .imports import check_rows, lookups_for, read_table

    header, rows = read_table(data, filename)
    from gongjian import permissions

    members = check_rows(header, rows, lookups_for(actor, header, rows),
                         may_create=lambda member: permissions.can(actor, "create", member))
    return member_bulk_register(actor=actor, members=members, reason=f"导入党员名册：{filename}"[:500])
