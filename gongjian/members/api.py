"""API: Party members 党员管理 — the registry (personal data masked), 双报到, contact and dues records,
the risk lists with their rules, the city's thresholds, roster import, and the audited unmasked view.

Nothing here is public: members never appear under /api/v1/public/.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Query, Router, Schema, Status

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.api.base import (
    COMMON_ERRORS,
    BadRequest,
    PageParams,
    body_doc,
    page_of,
    paged,
    read_body,
    resolve_ref,
)
from gongjian.registry.models import Community, PartyOrganization, Unit

from . import risks, selectors, services
from .exports import masked
from .imports import RosterFileError, RosterRowsInvalid
from .models import ContactRecord, DuesPayment, Member, MemberReport, RiskSettings

router = Router(tags=["党员管理"])


class MemberReportOut(Schema):
    id: int
    member: int
    member_name: str
    unit: int | None
    unit_name: str
    community: int
    community_name: str
    reported_on: date
    via: str
    service_wish: str


class PartyMemberOut(Schema):
    id: int
    name: str
    gender: str
    birth_date: date | None
    id_number: str  # masked: 420981********1234
    phone: str  # masked: 138****5678
    address: str  # masked
    category: str
    community: int | None
    community_name: str
    unit: int | None
    unit_name: str
    organization: int | None
    work_place: str
    away: bool
    joined_on: date | None
    registered_on: date
    reports: list[MemberReportOut]


class PartyMemberIn(Schema):
    name: str
    category: str
    community: int | str | None = None
    unit: int | str | None = None
    organization: int | str | None = None
    gender: str = ""
    birth_date: date | None = None
    id_number: str = ""
    phone: str = ""
    address: str = ""
    work_place: str = ""
    away: bool = False
    joined_on: date | None = None
    registered_on: date | None = None
    note: str = ""


class MemberPersonalOut(Schema):
    id: int
    name: str
    id_number: str
    phone: str
    address: str


class MemberReportIn(Schema):
    community: int | str
    reported_on: date | None = None
    service_wish: str = ""


class MemberContactIn(Schema):
    date: date
    kind: str
    note: str = ""


class MemberContactOut(Schema):
    id: int
    member: int
    date: date
    kind: str
    note: str


class MemberDuesIn(Schema):
    month: str  # YYYY-MM or YYYY-MM-DD
    amount: Decimal | str
    paid_on: date | None = None


class MemberDuesOut(Schema):
    id: int
    member: int
    month: str
    amount: str
    paid_on: date


class RiskMemberOut(Schema):
    id: int
    name: str
    category: str
    community: int | None
    community_name: str
    unit: int | None
    unit_name: str
    phone: str  # masked
    last_contact: date | None = None
    last_dues: str | None = None
    follow_up: str


class MemberRiskListOut(Schema):
    rule: str
    name: str
    threshold: int
    threshold_unit: str
    description: str
    follow_up: str
    count: int
    results: list[RiskMemberOut]


class MemberRiskSettingsOut(Schema):
    pocket_months: int
    underground_days: int
    nominal_months: int


class MemberImportOut(Schema):
    created: int


def _report_out(r: MemberReport) -> dict:
    m = r.member
    return {"id": r.pk, "member": m.pk, "member_name": m.name, "unit": m.unit_id,
            "unit_name": m.unit.name if m.unit_id else "", "community": r.community_id,
            "community_name": r.community.name, "reported_on": r.reported_on, "via": r.via,
            "service_wish": r.service_wish}


def _member_out(m: Member) -> dict:
    hidden = masked(m)
    reports = []
    for r in m.reports.all():
        r.member = m
        reports.append(_report_out(r))
    return {"id": m.pk, "name": m.name, "gender": m.gender, "birth_date": m.birth_date, **hidden,
            "category": m.category, "community": m.community_id,
            "community_name": m.community.name if m.community_id else "", "unit": m.unit_id,
            "unit_name": m.unit.name if m.unit_id else "", "organization": m.organization_id,
            "work_place": m.work_place, "away": m.away, "joined_on": m.joined_on,
            "registered_on": m.registered_on, "reports": reports}


def _visible_member(request, member_id: int) -> Member:
    qs = selectors.with_relations(permissions.visible(request.user, Member))
    return permissions.get_visible_or_404(request.user, Member, member_id, queryset=qs)


def _category(value: str) -> str:
    from .imports import CATEGORY_NAMES

    category = CATEGORY_NAMES.get((value or "").strip())
    if not category:
        raise BadRequest("类别无效", {"category": ["应为 self_managed、in_service、floating、laid_off 或 retired"]})
    return category


class PartyMemberFilters(PageParams):
    community: int | None = None
    street: int | None = None
    unit: int | None = None
    category: str = ""
    q: str = ""
    reported: str = ""


@router.get("/members", response={200: page_of(PartyMemberOut), **COMMON_ERRORS}, summary="党员列表（个人信息已遮盖）")
def member_list(request, filters: Query[PartyMemberFilters]):
    qs = selectors.filter_members(permissions.visible(request.user, Member), community=filters.community,
                                  street=filters.street, unit=filters.unit, category=filters.category, q=filters.q,
                                  reported=filters.reported)
    return paged(selectors.with_relations(qs).order_by("community_id", "name", "id"), filters, out=_member_out)


@router.post("/members", response={201: PartyMemberOut, **COMMON_ERRORS}, openapi_extra=body_doc(PartyMemberIn),
             summary="登记党员")
def member_create(request):
    user = request.user
    permissions.require(user, "create", Member)
    data = read_body(request, PartyMemberIn)
    scope = permissions.scope_of(user)
    community = unit = organization = None
    if data.community not in (None, ""):
        communities = Community.objects.all() if scope.role == Role.UNIT else permissions.communities_in_scope(user)
        community = resolve_ref(communities, data.community, "community", "社区")
    if data.unit not in (None, ""):
        units = Unit.objects.filter(pk=scope.unit_id) if scope.role == Role.UNIT else permissions.visible(user, Unit)
        unit = resolve_ref(units, data.unit, "unit", "单位", by=("name",))
    elif scope.role == Role.UNIT:
        unit = Unit.objects.get(pk=scope.unit_id)
    if data.organization not in (None, ""):
        organization = resolve_ref(permissions.visible(user, PartyOrganization), data.organization,
                                   "organization", "党组织", by=("name",))
    category = _category(data.category)
    draft = Member(category=category, community=community, unit=unit)
    permissions.require(user, "create", draft)
    member = services.member_register(
        actor=user, name=data.name, category=category, community=community, unit=unit, organization=organization,
        gender=data.gender, birth_date=data.birth_date, id_number=data.id_number, phone=data.phone,
        address=data.address, work_place=data.work_place, away=data.away, joined_on=data.joined_on,
        registered_on=data.registered_on, note=data.note)
    return Status(201, _member_out(_visible_member(request, member.pk)))


@router.post("/members/import", response={201: MemberImportOut, **COMMON_ERRORS}, summary="导入党员名册（全部成功或全部不导入）",
             openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                 "type": "object", "required": ["file"], "properties": {"file": {
                     "type": "string", "format": "binary",
                     "description": "Excel（.xlsx/.xls）或 CSV；表头：姓名、性别、出生日期、身份证号、电话、类别、"
                                    "居住社区、工作单位、组织关系、入党日期、住址、现工作地点、长期在外、登记日期、备注"}}}}}}})
def member_import(request):
    user = request.user
    permissions.require(user, "import", Member)
    upload = request.FILES.get("file")
    if upload is None:
        raise BadRequest("请上传文件", {"file": ["此项必填"]})
    try:
        created = services.members_import(actor=user, data=upload.read(), filename=upload.name)
    except RosterFileError as exc:
        raise BadRequest(exc.message, {"file": [exc.message]}) from None
    except RosterRowsInvalid as exc:
        raise BadRequest(exc.detail, {"rows": exc.errors}) from None
    return Status(201, {"created": len(created)})


@router.get("/members/{member_id}", response={200: PartyMemberOut, **COMMON_ERRORS}, summary="党员详情（个人信息已遮盖）")
def member_detail(request, member_id: int):
    return _member_out(_visible_member(request, member_id))


@router.get("/members/{member_id}/personal", response={200: MemberPersonalOut, **COMMON_ERRORS},
            summary="查看完整个人信息（只限需要的角色；每次查看都记录在案）")
def member_personal(request, member_id: int):
    member = _visible_member(request, member_id)
    permissions.require(request.user, "view_personal", member)
    data = services.member_personal_data(actor=request.user, member=member, channel="api")
    return {"id": member.pk, "name": member.name, **data}


@router.post("/members/{member_id}/report", response={201: MemberReportOut, **COMMON_ERRORS},
             openapi_extra=body_doc(MemberReportIn), summary="双报到：工作人员录入在职党员到居住社区报到")
def member_report(request, member_id: int):
    user = request.user
    member = _visible_member(request, member_id)
    permissions.require(user, "report", member)
    data = read_body(request, MemberReportIn)
    scope = permissions.scope_of(user)
    # A unit reports its member to any community; the community side only to its own communities.
    communities = Community.objects.all() if scope.role in (Role.UNIT, Role.CITY) else \
        permissions.communities_in_scope(user)
    community = resolve_ref(communities, data.community, "community", "社区")
    report = services.member_report_to_community(actor=user, member=member, community=community,
                                                 reported_on=data.reported_on, service_wish=data.service_wish)
    report = MemberReport.objects.select_related("member__unit", "community").get(pk=report.pk)
    return Status(201, _report_out(report))


class MemberReportFilters(PageParams):
    community: int | None = None
    unit: int | None = None


@router.get("/member-reports", response={200: page_of(MemberReportOut), **COMMON_ERRORS},
            summary="双报到名单：社区看到向本社区报到的党员，单位看到本单位党员报到的社区")
def report_list(request, filters: Query[MemberReportFilters]):
    qs = permissions.visible(request.user, MemberReport).select_related("member__unit", "community")
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    if filters.unit is not None:
        qs = qs.filter(member__unit_id=filters.unit)
    return paged(qs.order_by("-reported_on", "-id"), filters, out=_report_out)


@router.get("/members/{member_id}/contacts", response={200: page_of(MemberContactOut), **COMMON_ERRORS},
            summary="联系记录")
def contact_list(request, member_id: int, params: Query[PageParams]):
    member = _visible_member(request, member_id)
    out = paged(ContactRecord.objects.filter(member=member).order_by("-date", "-id"), params)
    return {**out, "results": [{"id": c.pk, "member": member.pk, "date": c.date, "kind": c.kind, "note": c.note}
                               for c in out["results"]]}


@router.post("/members/{member_id}/contacts", response={201: MemberContactOut, **COMMON_ERRORS},
             openapi_extra=body_doc(MemberContactIn), summary="登记联系记录（走访、电话、会议）")
def contact_create(request, member_id: int):
    member = _visible_member(request, member_id)
    permissions.require(request.user, "contact", member)
    data = read_body(request, MemberContactIn)
    if data.kind not in ContactRecord.Kind.values:
        raise BadRequest("联系方式无效", {"kind": ["应为 visit、phone、meeting 或 other"]})
    c = services.contact_record(actor=request.user, member=member, date=data.date, kind=data.kind, note=data.note)
    return Status(201, {"id": c.pk, "member": member.pk, "date": c.date, "kind": c.kind, "note": c.note})


def _dues_out(d: DuesPayment) -> dict:
    return {"id": d.pk, "member": d.member_id, "month": f"{d.month:%Y-%m}", "amount": f"{d.amount:.2f}",
            "paid_on": d.paid_on}


def parse_month(value: str) -> date | None:
    parts = (value or "").strip().replace("/", "-").split("-")
    try:
        if len(parts) in (2, 3):
            return date(int(parts[0]), int(parts[1]), 1)
    except ValueError:
        return None
    return None


@router.get("/members/{member_id}/dues", response={200: page_of(MemberDuesOut), **COMMON_ERRORS}, summary="党费记录")
def dues_list(request, member_id: int, params: Query[PageParams]):
    member = _visible_member(request, member_id)
    return paged(DuesPayment.objects.filter(member=member).order_by("-month"), params, out=_dues_out)


@router.post("/members/{member_id}/dues", response={201: MemberDuesOut, **COMMON_ERRORS},
             openapi_extra=body_doc(MemberDuesIn), summary="登记党费（月份、金额）")
def dues_create(request, member_id: int):
    member = _visible_member(request, member_id)
    permissions.require(request.user, "dues", member)
    data = read_body(request, MemberDuesIn)
    month = parse_month(data.month)
    if month is None:
        raise BadRequest("月份格式须为 YYYY-MM", {"month": ["格式须为 YYYY-MM"]})
    d = services.dues_record(actor=request.user, member=member, month=month, amount=data.amount,
                             paid_on=data.paid_on)
    return Status(201, _dues_out(d))


class MemberRiskFilters(PageParams):
    rule: str = risks.POCKET
    community: int | None = None
    street: int | None = None


@router.get("/member-risks", response={200: MemberRiskListOut, **COMMON_ERRORS},
            summary="风险名单（口袋党员 pocket、地下党员 underground、挂名党员 nominal），附规则和阈值")
def risk_list(request, filters: Query[MemberRiskFilters]):
    rule = filters.rule
    if rule not in risks.RULES:
        raise BadRequest("rule 无效", {"rule": ["应为 pocket、underground 或 nominal"]})
    info = risks.rules(services.risk_settings_get())[rule]
    out = paged(selectors.risk_list(request.user, rule, community=filters.community, street=filters.street), filters)
    count = out["count"]
    results = []
    for row in selectors.risk_rows(rule, out["results"]):
        m = row["member"]
        results.append({"id": m.pk, "name": m.name, "category": m.category, "community": m.community_id,
                        "community_name": m.community.name if m.community_id else "", "unit": m.unit_id,
                        "unit_name": m.unit.name if m.unit_id else "", "phone": row["personal"]["phone"],
                        "last_contact": row["last_contact"],
                        "last_dues": f"{row['last_dues']:%Y-%m}" if row["last_dues"] else None,
                        "follow_up": row["follow_up"]})
    return {"rule": rule, "name": info.name, "threshold": info.threshold, "threshold_unit": info.unit,
            "description": info.text, "follow_up": info.follow_up, "count": count, "results": results}


@router.get("/member-risk-settings", response={200: MemberRiskSettingsOut, **COMMON_ERRORS}, summary="风险名单阈值")
def risk_settings(request):
    permissions.require(request.user, "view", RiskSettings)
    s = services.risk_settings_get()
    return {"pocket_months": s.pocket_months, "underground_days": s.underground_days,
            "nominal_months": s.nominal_months}


@router.put("/member-risk-settings", response={200: MemberRiskSettingsOut, **COMMON_ERRORS},
            openapi_extra=body_doc(MemberRiskSettingsOut), summary="修改风险名单阈值（市级）")
def risk_settings_update(request):
    permissions.require(request.user, "change", services.risk_settings_get())
    data = read_body(request, MemberRiskSettingsOut)
    s = services.risk_settings_update(actor=request.user, pocket_months=data.pocket_months,
                                      underground_days=data.underground_days, nominal_months=data.nominal_months)
    return {"pocket_months": s.pocket_months, "underground_days": s.underground_days,
            "nominal_months": s.nominal_months}

