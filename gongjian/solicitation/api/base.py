"""The solicitation API's router and the references its bodies may give (id, code or name)."""

from __future__ import annotations

from ninja import Router

from gongjian import permissions
from gongjian.api.base import BadRequest, PageParams, paged, resolve_ref

from ..imports import CHANNEL_NAMES
from ..models import Category, Channel, Round

router = Router(tags=["征求意见与筛选"])


def round_ref(user, value, field="round") -> Round:
    return resolve_ref(permissions.visible(user, Round), value, field, "轮次", by=("name",))


def community_ref(user, value, field="community"):
    """A community of the user's scope named by id, code or name."""
    return resolve_ref(permissions.communities_in_scope(user), value, field, "社区")


def category_ref(value, field="category") -> Category:
    return resolve_ref(Category.objects.filter(active=True), value, field, "类别")


def channel_code(value: str) -> str:
    value = (value or "").strip()
    channel = value if value in Channel.values else CHANNEL_NAMES.get(value)
    if not channel:
        raise BadRequest(f"渠道“{value}”无法识别", {"channel": ["应为 form, letter, meeting, online, hotline, other"
                                                                "或 征求意见表、一封信、座谈会、网上征集、热线、其他"]})
    return channel


def page_out(qs, params: PageParams, out) -> dict:
    """The list answer of one page of `qs`, each row written by `out`."""
    return paged(qs, params, out=out)
