"""Staff pages of 党员管理: the roster, a member's page (masked; the unmasked view is logged), contact,
dues and 双报到 entry, 一卡两表 print and export, roster import and export, the risk lists, and the
city's thresholds. Each view: permission check → parse input → one service call → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.core.errors import Conflict, error_text
from gongjian.core.paging import page_of
from gongjian.core.params import id_param
from gongjian.registry.models import Community, Street, Unit

from . import exports, risks, selectors, services
from .api import parse_month
from .forms import ContactForm, DuesForm, ImportForm, MemberForm, ReportForm, RiskSettingsForm
from .imports import TEMPLATE_HEADERS, RosterFileError, RosterRowsInvalid
from .models import Member, MemberDataAccess, MemberReport, RiskSettings

PAGE_SIZE = 50
MAX_CHOICES = 500
STAFF_ROLES = {Role.CITY, Role.STREET, Role.COMMUNITY, Role.UNIT, Role.LIAISON, Role.LEADER}


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _communities_for(user, *, any_community: bool = False):
    """Communities the user may name on a form: those in scope; any community for a unit (its members
    live all over the city) or when `any_community`."""
    scope = permissions.scope_of(user)
    qs = Community.objects.all() if any_community or scope.role == Role.UNIT else \
        permissions.communities_in_scope(user)
    return qs.select_related("street").order_by("street__code", "code")


def _filter_communities(user) -> list:
    """The community choices of a list's filter (a unit filters by nothing)."""
    if permissions.scope_of(user).role == Role.UNIT:
        return []
    return list(permissions.communities_in_scope(user).order_by("code")[:MAX_CHOICES])


def _find(qs, text: str, keys=("code", "name")):
    text = (text or "").strip()
    if not text:
        return None
    if id_param(text):
        found = qs.filter(pk=id_param(text)).first()
        if found:
            return found
    for key in keys:
        found = qs.filter(**{key: text}).first()
        if found:
            return found
    return None


def _member(request, pk) -> Member:
    qs = selectors.with_relations(permissions.visible(request.user, Member))
    return permissions.get_visible_or_404(request.user, Member, pk, queryset=qs)


def _filters(request) -> dict:
    get = request.GET
    return {key: get.get(key, "").strip() for key in ("q", "community", "street", "unit", "category", "reported")}


def _filtered(request, f: dict):
    return selectors.filter_members(permissions.visible(request.user, Member), community=id_param(f["community"]),
                                    street=id_param(f["street"]), unit=id_param(f["unit"]), category=f["category"],
                                    q=f["q"], reported=f["reported"])


# ------------------------------------------------------------------------------ roster


@login_required
def member_list(request):
    f = _filters(request)
    qs = selectors.with_relations(_filtered(request, f)).order_by("community__code", "name", "id")
    page = page_of(request, qs, PAGE_SIZE)
    rows = [{"member": m, "personal": exports.masked(m)} for m in page]
    return render(request, "members/member_list.html", {
        "page": page, "rows": rows, "f": f, "categories": Member.Category.choices,
        "communities": _filter_communities(request.user),
        "may_create": permissions.can(request.user, "create", Member),
    })


@login_required
def member_export(request):
    permissions.require(request.user, "export", Member)
    qs = selectors.with_relations(_filtered(request, _filters(request))).order_by("community__code", "name", "id")
    return _xlsx(exports.roster_xlsx(qs.iterator(chunk_size=1000)),
                 f"党员花名册-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def member_create(request):
    user = request.user
    permissions.require(user, "create", Member)
    scope = permissions.scope_of(user)
    is_unit = scope.role == Role.UNIT
    form = MemberForm(request.POST or None, initial={
        "category": Member.Category.IN_SERVICE if is_unit else Member.Category.SELF_MANAGED})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        community = _find(_communities_for(user), data["community"])
        units = Unit.objects.filter(pk=scope.unit_id) if is_unit else permissions.visible(user, Unit)
        unit = _find(units, data["unit"], keys=("name",))
        if is_unit and unit is None:
            unit = Unit.objects.get(pk=scope.unit_id)
        if data["community"] and community is None:
            form.add_error("community", "社区不存在或不在您的管辖范围内")
        if data["unit"] and unit is None:
            form.add_error("unit", "单位不存在或不在您的管辖范围内")
        if not form.errors:
            draft = Member(category=data["category"], community=community, unit=unit)
            if not permissions.can(user, "create", draft):
                form.add_error("community", "这名党员不住在您管辖的社区，不能由您登记")
        if not form.errors:
            try:
                member = services.member_register(
                    actor=user, name=data["name"], category=data["category"], community=community, unit=unit,
                    gender=data["gender"], birth_date=data["birth_date"], id_number=data["id_number"],
                    phone=data["phone"], address=data["address"], joined_on=data["joined_on"],
                    work_place=data["work_place"], away=data["away"], note=data["note"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"已登记党员 {member.name}")
                return redirect("members:member_detail", member.pk)
    return render(request, "members/member_form.html", {
        "form": form, "communities": _communities_for(user)[:MAX_CHOICES],
        "units": (Unit.objects.filter(pk=scope.unit_id) if is_unit
                  else permissions.visible(user, Unit).order_by("name"))[:MAX_CHOICES],
    })


def _detail_context(request, member: Member, personal: dict | None = None) -> dict:
    user = request.user
    card = selectors.member_card(member)
    return {
        **card, "shown": personal or card["personal"], "unmasked": personal is not None,
        "may_personal": permissions.can(user, "view_personal", member),
        "may_contact": permissions.can(user, "contact", member),
        "may_dues": permissions.can(user, "dues", member),
        "may_report": permissions.can(user, "report", member) and member.category in services.REPORTABLE,
        "contact_form": ContactForm(initial={"date": timezone.localdate()}, auto_id="c_%s"),
        "dues_form": DuesForm(initial={"month": f"{timezone.localdate():%Y-%m}", "paid_on": timezone.localdate()},
                              auto_id="d_%s"),
        "report_form": ReportForm(initial={"community": member.community.name if member.community_id else "",
                                           "reported_on": timezone.localdate()}, auto_id="r_%s"),
        "accesses": list(MemberDataAccess.objects.filter(member=member).select_related("user")[:20])
        if permissions.scope_of(user).everything else [],
    }


@login_required
def member_detail(request, pk):
    member = _member(request, pk)
    return render(request, "members/member_detail.html", _detail_context(request, member))


@login_required
@require_POST
def member_personal(request, pk):
    """Show the unmasked ID number, phone and address once; the view is logged (no log, no data)."""
    member = _member(request, pk)
    permissions.require(request.user, "view_personal", member)
    personal = services.member_personal_data(actor=request.user, member=member, channel="page")
    response = render(request, "members/member_detail.html", _detail_context(request, member, personal))
    response["Cache-Control"] = "no-store"
    return response


def _back(member: Member):
    return redirect("members:member_detail", member.pk)


def _fail(request, exc) -> None:
    if isinstance(exc, ValidationError):
        messages.error(request, error_text(exc))
    else:
        messages.error(request, exc.message)


@login_required
@require_POST
def contact_add(request, pk):
    member = _member(request, pk)
    permissions.require(request.user, "contact", member)
    form = ContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, "联系记录填写有误：" + "；".join(e for errs in form.errors.values() for e in errs))
        return _back(member)
    try:
        services.contact_record(actor=request.user, member=member, **form.cleaned_data)
        messages.success(request, "已登记联系记录")
    except (ValidationError, Conflict) as exc:
        _fail(request, exc)
    return _back(member)


@login_required
@require_POST
def dues_add(request, pk):
    member = _member(request, pk)
    permissions.require(request.user, "dues", member)
    form = DuesForm(request.POST)
    month = parse_month(request.POST.get("month", ""))
    if not form.is_valid() or month is None:
        messages.error(request, "党费填写有误：月份写成 2010-05，金额须大于 0")
        return _back(member)
    try:
        services.dues_record(actor=request.user, member=member, month=month, amount=form.cleaned_data["amount"],
                             paid_on=form.cleaned_data["paid_on"])
        messages.success(request, f"已登记 {month:%Y年%m月} 党费")
    except (ValidationError, Conflict) as exc:
        _fail(request, exc)
    return _back(member)


@login_required
@require_POST
def report_add(request, pk):
    user = request.user
    member = _member(request, pk)
    permissions.require(user, "report", member)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写报到社区")
        return _back(member)
    scope = permissions.scope_of(user)
    community = _find(_communities_for(user, any_community=scope.role in (Role.UNIT, Role.CITY)),
                      form.cleaned_data["community"])
    if community is None:
        messages.error(request, "社区不存在或不在您的管辖范围内")
        return _back(member)
    try:
        services.member_report_to_community(actor=user, member=member, community=community,
                                            reported_on=form.cleaned_data["reported_on"],
                                            service_wish=form.cleaned_data["service_wish"])
        messages.success(request, f"已登记：{member.name}向{community.name}报到")
    except (ValidationError, Conflict) as exc:
        _fail(request, exc)
    return _back(member)


# ------------------------------------------------------------------------------ 一卡两表


@login_required
def member_card(request, pk):
    member = _member(request, pk)
    return render(request, "members/member_card.html", selectors.member_card(member))


@login_required
def member_card_xlsx(request, pk):
    member = _member(request, pk)
    permissions.require(request.user, "export", member)
    return _xlsx(exports.card_xlsx(selectors.member_card(member)), f"一卡两表-{member.pk}.xlsx")


# ------------------------------------------------------------------------------ 双报到


@login_required
def report_list(request):
    """双报到 as each side sees it: a community the members who reported to it, a unit where its
    members reported."""
    qs = (permissions.visible(request.user, MemberReport)
          .select_related("member", "member__unit", "community").order_by("-reported_on", "-id"))
    community = request.GET.get("community", "")
    if id_param(community):
        qs = qs.filter(community_id=id_param(community))
    return render(request, "members/report_list.html", {
        "page": page_of(request, qs, PAGE_SIZE), "is_unit": permissions.scope_of(request.user).role == Role.UNIT,
    })


# ------------------------------------------------------------------------------ import


@login_required
def member_import(request):
    permissions.require(request.user, "import", Member)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, detail = [], ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = services.members_import(actor=request.user, data=upload.read(), filename=upload.name)
        except RosterFileError as exc:
            detail = exc.message
        except RosterRowsInvalid as exc:
            detail, errors = exc.detail, exc.errors
        except ValidationError as exc:
            detail = error_text(exc)
        else:
            messages.success(request, f"已导入 {len(created)} 名党员")
            return redirect("members:member_list")
    return render(request, "members/import.html", {"form": form, "errors": errors, "detail": detail,
                                                   "headers": TEMPLATE_HEADERS})


@login_required
def import_template(request):
    permissions.require(request.user, "import", Member)
    example = ["张建国", "男", "1965-03-12", "", "13800000000", "在职", "三眼井社区", "应城市住房和城乡建设局",
               "", "1988-07-01", "人民路 12 号", "", "否", "", ""]
    return _xlsx(exports.workbook([("党员名册", TEMPLATE_HEADERS, [example])]), "党员名册模板.xlsx")


# ------------------------------------------------------------------------------ risk lists


def _risk_params(request):
    rule = request.GET.get("rule", risks.POCKET)
    if rule not in risks.RULES:
        rule = risks.POCKET
    street = request.GET.get("street", "")
    community = request.GET.get("community", "")
    return rule, id_param(street), id_param(community)


@login_required
def risk_lists(request):
    user = request.user
    if permissions.scope_of(user).role not in STAFF_ROLES:
        raise PermissionDenied
    rule, street, community = _risk_params(request)
    settings = services.risk_settings_get()
    rule_info = risks.rules(settings)
    page = page_of(request, selectors.risk_list(user, rule, street=street, community=community), PAGE_SIZE)
    scope = permissions.scope_of(user)
    return render(request, "members/risks.html", {
        "rule": rule_info[rule], "rules": rule_info.values(), "page": page,
        "rows": selectors.risk_rows(rule, page),
        "summary": selectors.risk_summary(user, street=street, community=community),
        "streets": permissions.visible(user, Street).order_by("code") if scope.everything else [],
        "communities": _filter_communities(user),
        "street_id": street, "community_id": community,
        "may_change": permissions.can(user, "change", settings),
    })


@login_required
def risk_export(request):
    permissions.require(request.user, "export", Member)
    rule, street, community = _risk_params(request)
    info = risks.rules(services.risk_settings_get())[rule]
    rows = selectors.risk_rows(rule, selectors.risk_list(request.user, rule, street=street,
                                                         community=community)[:20000])
    body = [[r["member"].community.street.name if r["member"].community_id else "",
             r["member"].community.name if r["member"].community_id else "", r["member"].name,
             r["member"].get_category_display(), r["member"].unit.name if r["member"].unit_id else "",
             r["personal"]["phone"], r["last_contact"], f"{r['last_dues']:%Y-%m}" if r["last_dues"] else "",
             r["follow_up"]] for r in rows]
    return _xlsx(exports.workbook([
        (info.name, ["街道", "社区", "姓名", "类别", "单位", "电话", "最近联系", "最近交党费月份", "跟进责任人"], body),
        ("规则", ["规则", "阈值"], [[info.text, f"{info.threshold} {info.unit}"]]),
    ]), f"{info.name}-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def risk_settings(request):
    user = request.user
    settings = services.risk_settings_get()
    permissions.require(user, "change", settings)
    form = RiskSettingsForm(request.POST or None, initial={
        "pocket_months": settings.pocket_months, "underground_days": settings.underground_days,
        "nominal_months": settings.nominal_months})
    if request.method == "POST" and form.is_valid():
        services.risk_settings_update(actor=user, **form.cleaned_data)
        messages.success(request, "已保存风险名单规则")
        return redirect("members:risk_lists")
    return render(request, "members/risk_settings.html", {"form": form,
                                                          "history": RiskSettings.history.all()[:10]})
