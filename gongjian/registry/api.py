"""API: streets, communities, units (API.md › Registry)."""

from ninja import Query, Router, Schema, Status

from gongjian import permissions
from gongjian.api.base import COMMON_ERRORS, body_doc, page_of, paginate, read_body, resolve_ref

from . import selectors, services
from .models import Community, Street, Unit

router = Router(tags=["基础台账"])


class StreetIn(Schema):
    name: str
    code: str


class StreetOut(Schema):
    id: int
    name: str
    code: str


class CommunityIn(Schema):
    name: str
    code: str
    street: int | str
    residents: int = 0
    tier: int | None = None


class CommunityOut(Schema):
    id: int
    name: str
    code: str
    street: int
    residents: int
    tier: int | None


class UnitIn(Schema):
    name: str
    kind: str = Unit.Kind.OTHER
    rank: str = Unit.Rank.NONE
    community: int | str


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    rank: str
    community: int


class PageParams(Schema):
    page: int = 1
    page_size: int = 50


def _community_out(c: Community) -> dict:
    return {"id": c.pk, "name": c.name, "code": c.code, "street": c.street_id, "residents": c.residents,
            "tier": c.tier}


def _unit_out(u: Unit) -> dict:
    return {"id": u.pk, "name": u.name, "kind": u.kind, "rank": u.rank, "community": u.community_id}


@router.get("/streets", response={200: page_of(StreetOut), **COMMON_ERRORS}, summary="街道列表")
def street_list(request, params: Query[PageParams], q: str = ""):
    qs = permissions.visible(request.user, Street).order_by("code")
    if q:
        qs = qs.filter(name__contains=q)
    count, rows = paginate(qs, params.page, params.page_size)
    return {"count": count, "results": [{"id": s.pk, "name": s.name, "code": s.code} for s in rows]}


@router.post("/streets", response={201: StreetOut, **COMMON_ERRORS}, openapi_extra=body_doc(StreetIn),
             summary="新建街道")
def street_create(request):
    permissions.require(request.user, "create", Street)
    data = read_body(request, StreetIn)
    street = services.street_create(actor=request.user, name=data.name, code=data.code)
    return Status(201, {"id": street.pk, "name": street.name, "code": street.code})


@router.get("/communities", response={200: page_of(CommunityOut), **COMMON_ERRORS}, summary="社区列表")
def community_list(request, params: Query[PageParams], street: int | None = None, tier: int | None = None,
                   q: str = ""):
    qs = permissions.visible(request.user, Community).order_by("code")
    if street is not None:
        qs = qs.filter(street_id=street)
    if tier is not None:
        qs = qs.filter(tier=tier)
    if q:
        qs = qs.filter(name__contains=q)
    count, rows = paginate(qs, params.page, params.page_size)
    return {"count": count, "results": [_community_out(c) for c in rows]}


@router.post("/communities", response={201: CommunityOut, **COMMON_ERRORS},
             openapi_extra=body_doc(CommunityIn), summary="新建社区")
def community_create(request):
    permissions.require(request.user, "create", Community)
    data = read_body(request, CommunityIn)
    # Only the active streets the user keeps can be named (a street admin: its own); others answer as unknown.
    street = resolve_ref(selectors.streets_for_communities(request.user), data.street, "street", "街道")
    community = services.community_create(actor=request.user, street=street, name=data.name, code=data.code,
                                          residents=data.residents, tier=data.tier)
    return Status(201, _community_out(community))


@router.get("/units", response={200: page_of(UnitOut), **COMMON_ERRORS}, summary="辖区单位列表")
def unit_list(request, params: Query[PageParams], community: int | None = None, kind: str = "", q: str = ""):
    qs = permissions.visible(request.user, Unit).order_by("community_id", "name", "id")
    if community is not None:
        qs = qs.filter(community_id=community)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(name__contains=q)
    count, rows = paginate(qs, params.page, params.page_size)
    return {"count": count, "results": [_unit_out(u) for u in rows]}


@router.post("/units", response={201: UnitOut, **COMMON_ERRORS}, openapi_extra=body_doc(UnitIn),
             summary="新建辖区单位")
def unit_create(request):
    permissions.require(request.user, "create", Unit)
    data = read_body(request, UnitIn)
    # Only active communities inside the user's scope can be named; others answer as unknown.
    community = resolve_ref(selectors.communities_for_records(request.user, Unit), data.community, "community", "社区")
    unit = services.unit_create(actor=request.user, community=community, name=data.name, kind=data.kind,
                                rank=data.rank)
    return Status(201, _unit_out(unit))
