"""Who is told: the active users of a unit, a street, a community, or the leaders bound to a
community. Every area that sends messages (project steps, supervision, meetings) asks these."""

from __future__ import annotations

from gongjian.accounts.models import Role, User
from gongjian.registry.models import Community


def street_users(community_id: int) -> list[int]:
    street_id = Community.objects.filter(pk=community_id).values_list("street_id", flat=True).first()
    return list(User.objects.filter(is_active=True, role=Role.STREET, street_id=street_id)
                .values_list("id", flat=True))


def community_users(community_id: int) -> list[int]:
    return list(User.objects.filter(is_active=True, role=Role.COMMUNITY, community_id=community_id)
                .values_list("id", flat=True))


def unit_users(unit_id: int) -> list[int]:
    return list(User.objects.filter(is_active=True, role=Role.UNIT, unit_id=unit_id).values_list("id", flat=True))


def leaders(community_id: int) -> list[int]:
    return list(User.objects.filter(is_active=True, role=Role.LEADER, communities=community_id)
                .values_list("id", flat=True))

