"""Residents' satisfaction ratings (满意度评价) by receipt code: no token, rate-limited like the page."""

from datetime import datetime

from django.http import Http404
from ninja import Field, Router, Schema, Status
from pydantic import BaseModel

from gongjian.api.base import RateLimited, body_doc, read_body
from gongjian.projects import services
from gongjian.projects.models import RATING_COMMENT_MAX_CHARS, Project
from gongjian.projects.ratelimits import rating_rate_limited
from gongjian.solicitation.models import Opinion

from .common import PUBLIC_TAGS
from .public import PUBLIC_ERRORS

router = Router(tags=PUBLIC_TAGS)


class ProjectRatingIn(BaseModel):
    rating: str = Field(..., description="satisfied 满意 · basic 基本满意 · unsatisfied 不满意")
    receipt_code: str = Field(..., max_length=64)
    comment: str = Field("", max_length=RATING_COMMENT_MAX_CHARS,
                         description="留言（可选，至多 300 字；工作人员可见，公示时隐去电话等号码）")


class ProjectRatingOut(Schema):
    id: int
    project: int
    rating: str
    created_at: datetime


@router.post("/public/projects/{project_id}/rating", auth=None, response={201: ProjectRatingOut, **PUBLIC_ERRORS},
             openapi_extra=body_doc(ProjectRatingIn), summary="居民满意度评价（凭回执码，每码一次）")
def public_rating(request, project_id: int):
    if rating_rate_limited(request):
        raise RateLimited()
    project = Project.objects.public().filter(pk=project_id).first()
    if project is None:
        raise Http404("项目不存在或尚未公示")
    data = read_body(request, ProjectRatingIn)
    try:
        rating = services.rating_submit(project=project, receipt_code=data.receipt_code, value=data.rating,
                                         comment=data.comment)
    except Opinion.DoesNotExist:
        raise Http404("回执码不存在") from None
    return Status(201, {"id": rating.pk, "project": project.pk, "rating": rating.value,
                        "created_at": rating.created_at})
