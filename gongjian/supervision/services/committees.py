"""Leaders' contact points (联系点) and the community's coordination committee (党建协调委员会).

A leader's communities (their scope, `User.communities`, read by `permissions.scope_of`) change only with
their contact points: `contact_point_create` binds the community, `contact_point_end` unbinds it, in the
same transaction, so the contact-point page and what the leader sees never disagree."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from gongjian.accounts.models import Role, User
from gongjian.core.audit import stamp
from gongjian.core.errors import Conflict
from gongjian.registry.models import Community, Unit
from gongjian.supervision.models import CommitteeMember, ContactPoint

from .checks import required_text


@transaction.atomic
def contact_point_create(*, actor, leader: User, community: Community, leader_title: str = "",
                         started_on: date | None = None) -> ContactPoint:
    """Bind a city leader to a community (联系点); the leader then sees that community."""
    if leader.role != Role.LEADER:
        raise ValidationError({"leader": ["联系领导须为“联系领导”角色的用户"]})
    if ContactPoint.objects.filter(leader=leader, community=community).exists():
        raise Conflict(f"{leader} 已是{community}的联系领导")
    point = ContactPoint(leader=leader, community=community, leader_title=(leader_title or "").strip(),
                         started_on=started_on)
    stamp(point, actor, "建立领导联系点")
    point.save()
    leader.communities.add(community)
    return point


@transaction.atomic
def contact_point_update(*, actor, point: ContactPoint, leader_title: str = "",
                         started_on: date | None = None) -> ContactPoint:
    """Change a contact point's details; the leader and the community stay (end it and create another)."""
    point = ContactPoint.objects.select_for_update().get(pk=point.pk)
    point.leader_title, point.started_on = (leader_title or "").strip()[:100], started_on
    stamp(point, actor, "修改领导联系点")
    point.save()
    return point


@transaction.atomic
def contact_point_end(*, actor, point: ContactPoint) -> None:
    """End a contact point: the record goes (its audit history keeps it) and the leader no longer sees
    the community. A leader keeps at least one community, as a leader account must."""
    point = ContactPoint.objects.select_for_update().select_related("leader", "community").get(pk=point.pk)
    leader = point.leader
    if not leader.communities.exclude(pk=point.community_id).exists():
        raise Conflict(f"{point.community}是{leader.get_full_name() or leader}唯一的联系社区，"
                       "请先为其建立新的联系点，或在用户管理中停用该账号")
    stamp(point, actor, "撤销领导联系点")
    point.delete()
    leader.communities.remove(point.community_id)


def _member_name_checked(community_id: int, name: str, unit: Unit | None, post: str) -> str:
    """A member's details as both adding and changing check them; the name, stripped."""
    errors: dict = {}
    name = required_text(errors, "name", name, "请填写姓名")
    if unit is not None and unit.community_id != community_id:
        errors["unit"] = ["委员所在单位须是本社区的辖区单位"]
    if post not in CommitteeMember.Post.values:
        errors["post"] = ["委员会职务取值无效"]
    if errors:
        raise ValidationError(errors)
    return name


@transaction.atomic
def committee_member_add(*, actor, community: Community, name: str, unit: Unit | None = None,
                         post: str = CommitteeMember.Post.MEMBER, unit_position: str = "",
                         phone: str = "") -> CommitteeMember:
    name = _member_name_checked(community.pk, name, unit, post)
    if unit is not None and CommitteeMember.objects.filter(community=community, unit=unit, active=True).exists():
        raise Conflict(f"{unit}已有在任委员")
    member = CommitteeMember(community=community, unit=unit, name=name, post=post,
                             unit_position=(unit_position or "").strip(), phone=(phone or "").strip())
    stamp(member, actor, "增补协调委员会委员")
    member.save()
    return member


@transaction.atomic
def committee_member_update(*, actor, member: CommitteeMember, name: str, unit: Unit | None = None,
                            post: str = CommitteeMember.Post.MEMBER, unit_position: str = "",
                            phone: str = "") -> CommitteeMember:
    """Change a member's details (the community stays)."""
    member = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    name = _member_name_checked(member.community_id, name, unit, post)
    if (member.active and unit is not None and CommitteeMember.objects.filter(
            community_id=member.community_id, unit=unit, active=True).exclude(pk=member.pk).exists()):
        raise Conflict(f"{unit}已有在任委员")
    member.name, member.unit, member.post = name, unit, post
    member.unit_position, member.phone = (unit_position or "").strip()[:100], (phone or "").strip()[:30]
    stamp(member, actor, "修改协调委员会委员")
    member.save()
    return member


@transaction.atomic
def committee_member_retire(*, actor, member: CommitteeMember) -> CommitteeMember:
    member = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    if not member.active:
        raise Conflict("该委员已不在任")
    member.active = False
    stamp(member, actor, "委员离任")
    member.save()
    return member
