"""API: cadres' training records, community budgets and the conditions overview (社区基础条件)."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from gongjian import permissions
from gongjian.api.base import (
    COMMON_ERRORS,
    BadRequest,
    PageParams,
    YearParam,
    body_doc,
    page_of,
    paged,
    read_body,
    resolve_ref,
)
from gongjian.registry.models import Cadre

from . import selectors, services
from .models import CadreTraining, CommunityBudget
from .selectors import build_overview

router = Router(tags=["社区基础条件"])


def _money(value) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


class CadreTrainingIn(Schema):
    cadre: int
    title: str = Field(..., min_length=1)
    held_on: date
    hours: Decimal | float | str
    organiser: str = ""
    certificate: str = ""


class CadreTrainingOut(Schema):
    id: int
    cadre: int
    cadre_name: str
    community: int
    title: str
    organiser: str
    held_on: date
    hours: str
    certificate: str


class CommunityBudgetIn(Schema):
    community: int | str
    year: int = Field(..., ge=1990, le=2100)
    allocated: Decimal | float | str
    spent: Decimal | float | str = 0
    source: str = ""
    note: str = ""


class CommunityBudgetOut(Schema):
    id: int
    community: int
    year: int
    allocated: str
    spent: str
    source: str
    note: str


class ConditionsOverviewRowOut(Schema):
    id: int | None
    name: str
    communities: int
    residents: int
    premises: dict[str, int] = Field(..., description="owned 自有 · rented 租用 · incomplete 不达标 · none 无")
    premises_gap: int = Field(..., description="租用、不达标或无固定场所的社区数")
    office_area: int | None = Field(..., description="平均办公面积（平方米）")
    cadres: int
    ages: dict[str, int] = Field(..., description="age_35 · age_45 · age_55 · age_56（56岁及以上）")
    education: dict[str, int]
    older_share: int | None
    low_education_share: int | None
    trained: int
    trained_share: int | None
    hours: str
    allocated: str
    spent: str
    promised: str
    paid: str
    balance: str


class ConditionsOverviewOut(Schema):
    year: int
    by: str
    rows: list[ConditionsOverviewRowOut]
    total: ConditionsOverviewRowOut


def _training_out(t: CadreTraining) -> dict:
    return {"id": t.pk, "cadre": t.cadre_id, "cadre_name": t.cadre.name, "community": t.community_id,
            "title": t.title, "organiser": t.organiser, "held_on": t.held_on, "hours": str(t.hours),
            "certificate": t.certificate}


def _budget_out(b: CommunityBudget) -> dict:
    return {"id": b.pk, "community": b.community_id, "year": b.year, "allocated": _money(b.allocated),
            "spent": _money(b.spent), "source": b.source, "note": b.note}


def overview_row_out(r: dict) -> dict:
    return {
        "id": r.get("id"), "name": r["name"], "communities": r.get("communities") or 0,
        "residents": r.get("residents") or 0,
        "premises": {v: r.get(f"premises_{v}") or 0 for v, _l in selectors.PREMISES},
        "premises_gap": r["premises_gap"], "office_area": r.get("office_area"), "cadres": r.get("cadres") or 0,
        "ages": {band: r.get(band) or 0 for band, *_rest in selectors.AGE_BANDS},
        "education": {v: r.get(f"edu_{v}") or 0 for v, _l in selectors.EDUCATION},
        "older_share": r["older_share"], "low_education_share": r["low_education_share"],
        "trained": r.get("trained") or 0, "trained_share": r["trained_share"], "hours": str(r.get("hours") or 0),
        "allocated": _money(r.get("allocated")), "spent": _money(r.get("spent")),
        "promised": _money(r.get("promised")), "paid": _money(r.get("paid")), "balance": _money(r["balance"]),
    }


class CadreTrainingFilters(PageParams):
    community: int | None = None
    cadre: int | None = None
    year: YearParam | None = None


@router.get("/cadre-trainings", response={200: page_of(CadreTrainingOut), **COMMON_ERRORS}, summary="干部培训记录")
def training_list(request, filters: Query[CadreTrainingFilters]):
    qs = permissions.visible(request.user, CadreTraining).select_related("cadre").order_by("-held_on", "-id")
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    if filters.cadre is not None:
        qs = qs.filter(cadre_id=filters.cadre)
    if filters.year is not None:
        qs = qs.filter(held_on__year=filters.year)
    return paged(qs, filters, out=_training_out)


@router.post("/cadre-trainings", response={201: CadreTrainingOut, **COMMON_ERRORS}, openapi_extra=body_doc(CadreTrainingIn),
             summary="登记干部培训")
def training_create(request):
    permissions.require(request.user, "create", CadreTraining)
    data = read_body(request, CadreTrainingIn)
    cadre = permissions.get_visible_or_404(request.user, Cadre, data.cadre)
    training = services.training_record(actor=request.user, cadre=cadre, title=data.title, held_on=data.held_on,
                                        hours=data.hours, organiser=data.organiser, certificate=data.certificate)
    return Status(201, _training_out(training))


class CommunityBudgetFilters(PageParams):
    community: int | None = None
    year: YearParam | None = None
    street: int | None = None


@router.get("/community-budgets", response={200: page_of(CommunityBudgetOut), **COMMON_ERRORS}, summary="社区工作经费")
def budget_list(request, filters: Query[CommunityBudgetFilters]):
    qs = permissions.visible(request.user, CommunityBudget).order_by("-year", "community_id")
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.street is not None:
        qs = qs.filter(community__street_id=filters.street)
    return paged(qs, filters, out=_budget_out)


@router.post("/community-budgets", response={201: CommunityBudgetOut, **COMMON_ERRORS}, openapi_extra=body_doc(CommunityBudgetIn),
             summary="核定（或调整）社区年度工作经费")
def budget_set(request):
    permissions.require(request.user, "create", CommunityBudget)
    data = read_body(request, CommunityBudgetIn)
    community = resolve_ref(permissions.communities_in_scope(request.user), data.community, "community", "社区")
    budget = services.budget_set(actor=request.user, community=community, year=data.year, allocated=data.allocated,
                                 spent=data.spent, source=data.source, note=data.note)
    return Status(201, _budget_out(budget))


@router.get("/conditions/overview", response={200: ConditionsOverviewOut, **COMMON_ERRORS},
            summary="社区基础条件总览：办公场所、干部年龄与文化程度、培训、经费（按街道或社区）")
def conditions_overview(request, year: YearParam | None = None, by: str = "street", street: int | None = None):
    if by not in ("street", "community"):
        raise BadRequest("by 须为 street 或 community", {"by": ["取值不在允许范围内"]})
    data = build_overview(request.user, year or timezone.localdate().year, by=by, street=street)
    return {"year": data["year"], "by": by, "rows": [overview_row_out(r) for r in data["rows"]],
            "total": overview_row_out(data["total"])}
