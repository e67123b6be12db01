"""API: stats (API.md › Figures)."""

from ninja import Router, Schema

from gongjian import permissions
from gongjian.api.base import COMMON_ERRORS
from gongjian.registry.models import Community, Street
from gongjian.solicitation.models import Round

from .selectors import Area, round_figures

router = Router(tags=["统计"])


class ByClass(Schema):
    A: int
    B: int
    C: int


class StatsOut(Schema):
    forms_distributed: int
    letters_sent: int
    meetings_held: int
    opinions: int
    problems: int
    problems_by_class: ByClass
    projects: int
    projects_closed: int
    projects_overdue: int
    completion_rate: float | None
    satisfaction_rate: float | None


@router.get("/stats", response={200: StatsOut, **COMMON_ERRORS}, summary="轮次数据汇总")
def stats(request, round: int | None = None, street: int | None = None, community: int | None = None):
    user = request.user
    if round is not None:
        permissions.get_visible_or_404(user, Round, round)
    if street is not None:
        permissions.get_visible_or_404(user, Street, street)
    if community is not None:
        permissions.get_visible_or_404(user, Community, community)
    scope = permissions.scope_of(user)
    area = Area(community_q=scope.community_q("community_id"), round_id=round, street_id=street,
                community_id=community)
    return round_figures(area)
