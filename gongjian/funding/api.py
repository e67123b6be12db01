"""API: task admission requests 准入申请, fund promises 经费承诺, payments 拨付 and the ledger summary."""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

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
from gongjian.registry.models import Community, Unit

from . import selectors, services
from .models import FundPromise, Payment, TaskRequest
from .permissions import promise_q

router = Router(tags=["准入与经费"])


def _money(value) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


class FundAmountIn(Schema):
    community: int | str
    amount: Decimal | str | float


class TaskRequestIn(Schema):
    unit: int | str | None = Field(None, description="申请部门（单位）；单位用户可不填，即本单位")
    title: str = Field(..., min_length=1)
    description: str = ""
    communities: list[int | str] = Field(..., min_length=1)
    starts_on: date
    ends_on: date | None = None
    staff_count: int = Field(0, ge=0, le=1000)
    staff_note: str = ""
    service_contract: str = ""
    amount_per_community: Decimal | str | float = 0
    amounts: list[FundAmountIn] = Field(default_factory=list, description="按社区分别承诺的经费，优先于 amount_per_community")
    funds_due_on: date | None = None


class FundPromiseOut(Schema):
    id: int
    request: int
    community: int
    community_name: str
    amount: str
    paid: str
    balance: str
    due_on: date | None
    overdue: bool


class TaskRequestOut(Schema):
    id: int
    unit: int
    unit_name: str
    title: str
    description: str
    communities: list[int]
    starts_on: date
    ends_on: date | None
    staff_count: int
    staff_note: str
    service_contract: str
    status: str
    promised: str
    paid: str
    balance: str
    unfunded: bool = Field(..., description="既无派驻人员也无经费随转")
    overridden: bool = Field(..., description="无人员、无经费而特批准入")
    override_reason: str
    decision_note: str
    decided_at: datetime | None
    overdue_promises: int
    created_at: datetime


class TaskRequestAdmitIn(Schema):
    override_reason: str = Field("", description="无人员、无经费随转时必填：特批理由")
    note: str = ""


class TaskRequestRefuseIn(Schema):
    reason: str


class FundPromiseIn(Schema):
    request: int
    community: int | str
    amount: Decimal | str | float
    due_on: date | None = None


class FundPaymentIn(Schema):
    promise: int
    amount: Decimal | str | float
    paid_on: date
    note: str = ""


class FundPaymentOut(Schema):
    id: int
    promise: int
    request: int
    community: int
    amount: str
    paid_on: date
    note: str
    voucher: bool


class FundsTotalsOut(Schema):
    promised: str
    paid: str
    balance: str
    overdue: int
    overdue_amount: str


class FundsSummaryRow(Schema):
    id: int
    name: str
    street: str | None = None
    tasks: int
    promised: str
    paid: str
    balance: str
    overdue: int


class FundsSummaryOut(Schema):
    totals: FundsTotalsOut
    rows: list[FundsSummaryRow]


def _promise_out(p: FundPromise, today) -> dict:
    return {"id": p.pk, "request": p.request_id, "community": p.community_id, "community_name": p.community.name,
            "amount": _money(p.amount), "paid": _money(p.paid), "balance": _money(p.balance), "due_on": p.due_on,
            "overdue": p.request.status == TaskRequest.Status.ADMITTED and p.is_overdue(today)}


def _request_out(r: TaskRequest, today) -> dict:
    """A request with the promises the reader may see (prefetched) and the totals over those."""
    promises = list(r.promises.all())
    promised = sum((p.amount for p in promises), Decimal(0))
    paid = sum((p.paid for p in promises), Decimal(0))
    admitted = r.status == TaskRequest.Status.ADMITTED
    return {
        "id": r.pk, "unit": r.unit_id, "unit_name": r.unit.name, "title": r.title, "description": r.description,
        "communities": [p.community_id for p in promises], "starts_on": r.starts_on, "ends_on": r.ends_on,
        "staff_count": r.staff_count, "staff_note": r.staff_note, "service_contract": r.service_contract,
        "status": r.status, "promised": _money(promised), "paid": _money(paid), "balance": _money(promised - paid),
        "unfunded": r.staff_count == 0 and promised == 0, "overridden": r.overridden,
        "override_reason": r.override_reason, "decision_note": r.decision_note, "decided_at": r.decided_at,
        "overdue_promises": sum(1 for p in promises if admitted and p.is_overdue(today)),
        "created_at": r.created_at,
    }


def _requests(user):
    """Visible requests with only the promises the user sees: a community its own row, not the city's."""
    return (permissions.visible(user, TaskRequest).select_related("unit")
            .prefetch_related(Prefetch("promises", queryset=permissions.visible(user, FundPromise)
                                       .order_by("community_id"))))


def _request_or_404(request, pk) -> TaskRequest:
    return permissions.get_visible_or_404(request.user, TaskRequest, pk, queryset=_requests(request.user))


# ------------------------------------------------------------------------------ requests

class TaskRequestFilters(PageParams):
    status: str = ""
    unit: int | None = None
    community: int | None = None
    unfunded: bool | None = None
    overdue: bool | None = None
    q: str = ""


@router.get("/task-requests", response={200: page_of(TaskRequestOut), **COMMON_ERRORS}, summary="工作准入申请列表")
def task_request_list(request, filters: Query[TaskRequestFilters]):
    today = timezone.localdate()
    user = request.user
    qs = selectors.requests_with_figures(_requests(user), today, promise_q(permissions.scope_of(user), "promises__")
                                         ).order_by("-created_at", "-id")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    if filters.community is not None:
        seen = permissions.visible(user, FundPromise).filter(community_id=filters.community)
        qs = qs.filter(pk__in=seen.values("request_id"))
    if filters.unfunded is not None:
        qs = qs.filter(selectors.unfunded_q()) if filters.unfunded else qs.exclude(selectors.unfunded_q())
    if filters.overdue is not None:
        qs = qs.filter(overdue_count__gt=0) if filters.overdue else qs.filter(overdue_count=0)
    if filters.q:
        qs = qs.filter(title__contains=filters.q)
    return paged(qs, filters, out=lambda r: _request_out(r, today))


@router.post("/task-requests", response={201: TaskRequestOut, **COMMON_ERRORS},
             openapi_extra=body_doc(TaskRequestIn), summary="提出工作准入申请")
def task_request_create(request):
    permissions.require(request.user, "create", TaskRequest)
    data = read_body(request, TaskRequestIn)
    scope = permissions.scope_of(request.user)
    if scope.role == Role.UNIT:
        unit = Unit.objects.get(pk=scope.unit_id)
        if data.unit not in (None, "", unit.pk, str(unit.pk), unit.name):
            raise BadRequest("单位用户只能以本单位名义申请", {"unit": ["只能是本单位"]})
    else:
        unit = resolve_ref(Unit.objects.all(), data.unit, "unit", "申请部门", by=("name",))
    communities = [resolve_ref(Community.objects.all(), c, "communities", "社区") for c in data.communities]
    amounts = {resolve_ref(Community.objects.all(), a.community, "amounts", "社区"): a.amount for a in data.amounts}
    created = services.task_request_file(
        actor=request.user, unit=unit, title=data.title, description=data.description, communities=communities,
        starts_on=data.starts_on, ends_on=data.ends_on, staff_count=data.staff_count, staff_note=data.staff_note,
        service_contract=data.service_contract, amount_per_community=data.amount_per_community,
        amounts=amounts, funds_due_on=data.funds_due_on)
    return Status(201, _request_out(_requests(request.user).get(pk=created.pk), timezone.localdate()))


@router.get("/task-requests/{request_id}", response={200: TaskRequestOut, **COMMON_ERRORS},
            summary="工作准入申请")
def task_request_detail(request, request_id: int):
    return _request_out(_request_or_404(request, request_id), timezone.localdate())


@router.post("/task-requests/{request_id}/admit", response={200: TaskRequestOut, **COMMON_ERRORS},
             openapi_extra=body_doc(TaskRequestAdmitIn), summary="准入（市级）")
def task_request_admit(request, request_id: int):
    task = _request_or_404(request, request_id)
    permissions.require(request.user, "admit", task)
    data = read_body(request, TaskRequestAdmitIn)
    services.task_admit(actor=request.user, request=task, override_reason=data.override_reason, note=data.note)
    return _request_out(_request_or_404(request, request_id), timezone.localdate())


@router.post("/task-requests/{request_id}/refuse", response={200: TaskRequestOut, **COMMON_ERRORS},
             openapi_extra=body_doc(TaskRequestRefuseIn), summary="不予准入（市级）")
def task_request_refuse(request, request_id: int):
    task = _request_or_404(request, request_id)
    permissions.require(request.user, "refuse", task)
    data = read_body(request, TaskRequestRefuseIn)
    services.task_refuse(actor=request.user, request=task, reason=data.reason)
    return _request_out(_request_or_404(request, request_id), timezone.localdate())


# ------------------------------------------------------------------------------ ledger

class FundPromiseFilters(PageParams):
    request: int | None = None
    community: int | None = None
    status: str = ""
    overdue: bool | None = None


@router.get("/fund-promises", response={200: page_of(FundPromiseOut), **COMMON_ERRORS}, summary="经费承诺（台账）")
def promise_list(request, filters: Query[FundPromiseFilters]):
    today = timezone.localdate()
    qs = (permissions.visible(request.user, FundPromise).select_related("request", "community")
          .order_by("request_id", "community_id"))
    if filters.request is not None:
        qs = qs.filter(request_id=filters.request)
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    if filters.status:
        qs = qs.filter(request__status=filters.status)
    if filters.overdue is not None:
        qs = qs.filter(selectors.overdue_q(today)) if filters.overdue else qs.exclude(selectors.overdue_q(today))
    return paged(qs, filters, out=lambda p: _promise_out(p, today))


@router.post("/fund-promises", response={201: FundPromiseOut, **COMMON_ERRORS}, openapi_extra=body_doc(FundPromiseIn),
             summary="承诺（或调整）某社区的经费")
def promise_create(request):
    permissions.require(request.user, "create", FundPromise)
    data = read_body(request, FundPromiseIn)
    task = _request_or_404(request, data.request)
    permissions.require(request.user, "promise", task)
    community = resolve_ref(Community.objects.all(), data.community, "community", "社区")
    promise = services.funds_promise(actor=request.user, request=task, community=community, amount=data.amount,
                                     due_on=data.due_on)
    promise = FundPromise.objects.select_related("request", "community").get(pk=promise.pk)
    return Status(201, _promise_out(promise, timezone.localdate()))


def _payment_out(p: Payment) -> dict:
    return {"id": p.pk, "promise": p.promise_id, "request": p.promise.request_id, "community": p.promise.community_id,
            "amount": _money(p.amount), "paid_on": p.paid_on, "note": p.note, "voucher": bool(p.voucher)}


class FundPaymentFilters(PageParams):
    promise: int | None = None
    request: int | None = None
    community: int | None = None


@router.get("/payments", response={200: page_of(FundPaymentOut), **COMMON_ERRORS}, summary="拨付记录")
def payment_list(request, filters: Query[FundPaymentFilters]):
    qs = permissions.visible(request.user, Payment).select_related("promise").order_by("-paid_on", "-id")
    if filters.promise is not None:
        qs = qs.filter(promise_id=filters.promise)
    if filters.request is not None:
        qs = qs.filter(promise__request_id=filters.request)
    if filters.community is not None:
        qs = qs.filter(promise__community_id=filters.community)
    return paged(qs, filters, out=_payment_out)


@router.post("/payments", response={201: FundPaymentOut, **COMMON_ERRORS}, openapi_extra=body_doc(FundPaymentIn),
             summary="登记拨付")
def payment_create(request):
    permissions.require(request.user, "create", Payment)
    data = read_body(request, FundPaymentIn)
    promise = permissions.get_visible_or_404(
        request.user, FundPromise, data.promise,
        queryset=permissions.visible(request.user, FundPromise).select_related("request"))
    permissions.require(request.user, "pay", promise)
    payment = services.payment_record(actor=request.user, promise=promise, amount=data.amount,
                                      paid_on=data.paid_on, note=data.note)
    return Status(201, _payment_out(Payment.objects.select_related("promise").get(pk=payment.pk)))


@router.get("/funds/summary", response={200: FundsSummaryOut, **COMMON_ERRORS},
            summary="经费台账汇总：按社区或部门（已准入事项）")
def funds_summary(request, group: str = "community", street: int | None = None):
    if group not in ("community", "department"):
        raise BadRequest("group 须为 community 或 department", {"group": ["取值不在允许范围内"]})
    today = timezone.localdate()
    promises = permissions.visible(request.user, FundPromise)
    if street is not None:
        promises = promises.filter(community__street_id=street)
    t = selectors.totals(promises, today)
    totals = {"promised": _money(t["promised"]), "paid": _money(t["paid"]), "balance": _money(t["balance"]),
              "overdue": t["overdue"], "overdue_amount": _money(t["overdue_amount"])}
    if group == "community":
        rows = [{"id": r["community_id"], "name": r["community__name"], "street": r["community__street__name"],
                 "tasks": r["tasks"], "promised": _money(r["promised"]), "paid": _money(r["paid"]),
                 "balance": _money(r["balance"]), "overdue": r["overdue"]}
                for r in selectors.by_community(promises, today)]
    else:
        rows = [{"id": r["request__unit_id"], "name": r["request__unit__name"], "tasks": r["tasks"],
                 "promised": _money(r["promised"]), "paid": _money(r["paid"]), "balance": _money(r["balance"]),
                 "overdue": r["overdue"]}
                for r in selectors.by_department(promises, today)]
    return {"totals": totals, "rows": rows}
