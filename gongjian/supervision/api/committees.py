"""API: the community's coordination committee 党建协调委员会 — its members (not Party members: those
are the members area's, with other fields)."""

from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.api.base import COMMON_ERRORS, PageParams, body_doc, page_of, read_body, resolve_ref
from gongjian.core.masking import mask_phone
from gongjian.registry.models import Unit
from gongjian.supervision.models import CommitteeMember
from gongjian.supervision.services import committees

from .common import IdFilter, community_in_scope, page_answer

router = Router()


class CommitteeMemberOut(Schema):
    id: int
    community: int
    unit: int | None
    name: str
    post: str = Field(..., description="deputy 副主任 · member 委员（主任由联系领导担任）")
    unit_position: str
    phone: str = Field(..., description="单位用户看到的是脱敏号码")
    active: bool


class CommitteeMemberIn(BaseModel):
    community: int | str
    name: str
    unit: int | str | None = None
    post: str = "member"
    unit_position: str = ""
    phone: str = ""


class CommitteeMemberFilters(PageParams):
    community: IdFilter | None = None


def member_out(m: CommitteeMember, masked: bool) -> dict:
    return {"id": m.pk, "community": m.community_id, "unit": m.unit_id, "name": m.name, "post": m.post,
            "unit_position": m.unit_position, "phone": mask_phone(m.phone) if masked else m.phone,
            "active": m.active}


@router.get("/committee-members", response={200: page_of(CommitteeMemberOut), **COMMON_ERRORS},
            summary="社区党建协调委员会委员")
def committee_member_list(request, filters: Query[CommitteeMemberFilters]):
    qs = permissions.visible(request.user, CommitteeMember)
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    masked = permissions.scope_of(request.user).role == Role.UNIT
    return page_answer(qs.order_by("community_id", "post", "id"), filters, lambda m: member_out(m, masked))


@router.post("/committee-members", response={201: CommitteeMemberOut, **COMMON_ERRORS},
             openapi_extra=body_doc(CommitteeMemberIn), summary="增补协调委员会委员")
def committee_member_create(request):
    user = request.user
    permissions.require(user, "create", CommitteeMember)
    data = read_body(request, CommitteeMemberIn)
    community = community_in_scope(user, data.community)
    permissions.require(user, "create", CommitteeMember(community_id=community.pk))
    unit = None
    if data.unit not in (None, ""):
        unit = resolve_ref(Unit.objects.filter(community=community), data.unit, "unit", "辖区单位", by=("name",))
    member = committees.committee_member_add(actor=user, community=community, name=data.name, unit=unit,
                                             post=data.post, unit_position=data.unit_position, phone=data.phone)
    return Status(201, member_out(member, False))


@router.post("/committee-members/{member_id}/retire", response={200: CommitteeMemberOut, **COMMON_ERRORS},
             summary="委员离任")
def committee_member_retire(request, member_id: int):
    member = permissions.get_visible_or_404(request.user, CommitteeMember, member_id)
    permissions.require(request.user, "retire", member)
    return member_out(committees.committee_member_retire(actor=request.user, member=member), False)
