"""API: leaders' contact points 领导联系点 (a city leader bound to a community)."""

from datetime import date

from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from gongjian import permissions
from gongjian.accounts.models import Role, User
from gongjian.api.base import COMMON_ERRORS, PageParams, body_doc, page_of, read_body, resolve_ref
from gongjian.supervision.models import ContactPoint
from gongjian.supervision.services import committees

from .common import IdFilter, community_in_scope, page_answer

router = Router()


class ContactPointOut(Schema):
    id: int
    leader: int
    leader_name: str
    community: int
    leader_title: str
    started_on: date | None


class ContactPointIn(BaseModel):
    leader: int | str = Field(..., description="联系领导用户的 id 或用户名")
    community: int | str
    leader_title: str = ""
    started_on: date | None = None


class ContactPointFilters(PageParams):
    community: IdFilter | None = None


def contact_point_out(c: ContactPoint) -> dict:
    return {"id": c.pk, "leader": c.leader_id, "leader_name": c.leader.get_full_name() or c.leader.username,
            "community": c.community_id, "leader_title": c.leader_title, "started_on": c.started_on}


@router.get("/contact-points", response={200: page_of(ContactPointOut), **COMMON_ERRORS}, summary="领导联系点")
def contact_point_list(request, filters: Query[ContactPointFilters]):
    qs = permissions.visible(request.user, ContactPoint).select_related("leader")
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    return page_answer(qs.order_by("community_id", "id"), filters, contact_point_out)


@router.post("/contact-points", response={201: ContactPointOut, **COMMON_ERRORS},
             openapi_extra=body_doc(ContactPointIn), summary="建立领导联系点（市级）")
def contact_point_create(request):
    user = request.user
    permissions.require(user, "create", ContactPoint)
    data = read_body(request, ContactPointIn)
    community = community_in_scope(user, data.community)
    leader = resolve_ref(User.objects.filter(role=Role.LEADER), data.leader, "leader", "联系领导", by=("username",))
    point = committees.contact_point_create(actor=user, leader=leader, community=community,
                                            leader_title=data.leader_title, started_on=data.started_on)
    return Status(201, contact_point_out(point))
