"""API: opinions/{id}/similar — the likely duplicates of an opinion among those the user can see."""

from typing import Literal

from ninja import Router, Schema

from gongjian import permissions
from gongjian.api.base import COMMON_ERRORS
from gongjian.solicitation.models import Opinion

from .similarity import similar_opinions, street_communities

router = Router(tags=["征求意见与筛选"])


class SimilarItem(Schema):
    id: int
    score: float


class SimilarOut(Schema):
    results: list[SimilarItem]


@router.get("/opinions/{opinion_id}/similar", response={200: SimilarOut, **COMMON_ERRORS},
            summary="疑似重复意见",
            description="同一轮次、本人可见的其他意见中与该意见说的是同一件事的，最相似的在前，最多 10 条；"
                        "score 在 0 到 1 之间，只列出大于 0 的。不看类别和渠道。默认只在该意见所在社区内找；"
                        "scope=street 扩大到整个街道（仅街道和市级用户，其他角色 403）。")
def opinion_similar(request, opinion_id: int, scope: Literal["community", "street"] = "community"):
    visible = permissions.visible(request.user, Opinion)
    opinion = permissions.get_visible_or_404(request.user, Opinion, opinion_id, queryset=visible)
    communities = None
    if scope == "street":
        permissions.require(request.user, "similar_street", opinion)
        communities = street_communities(opinion)
    found = similar_opinions(opinion, visible, limit=10, community_ids=communities)
    return {"results": [{"id": o.pk, "score": s} for o, s in found]}
