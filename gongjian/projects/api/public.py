"""The public board (公示) as JSON: no token; anonymous answers cached like the board's pages."""

import json
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema

from gongjian.api.base import ErrorOut, PageParams, page_of, paginate, rate_limit
from gongjian.projects import board_cache, selectors
from gongjian.projects.models import Project

from .common import PUBLIC_TAGS

router = Router(tags=PUBLIC_TAGS)

PUBLIC_ERRORS = {400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut}
JSON_TYPE = "application/json; charset=utf-8"


class PublicProjectOut(Schema):
    id: int
    round: int
    batch: int | None
    community: int
    community_name: str
    street: int
    title: str
    lead_unit: int
    lead_unit_name: str
    handler: str = Field(..., description="已遮掩，如 张**")
    deadline: date
    status: str
    status_label: str
    progress: int
    key: bool
    overdue: bool


class PublicProjectProgressOut(Schema):
    percent: int
    note: str = Field(..., description="文中的电话、身份证号已遮掩")
    unit: str
    at: datetime


class PublicProjectEventOut(Schema):
    action: str
    from_status: str
    to_status: str
    note: str
    at: datetime


class PublicProjectExtensionOut(Schema):
    id: int
    old_deadline: date
    new_deadline: date
    reason: str
    status: str
    decision_note: str
    requested_at: datetime
    decided_at: datetime | None


class PublicProjectChangeOut(Schema):
    field: str
    label: str
    old: str
    new: str
    reason: str
    changed_at: datetime
    text: str = Field(..., description="如：2010-07-01 完成时限由“2010-06-30”变更为“2010-08-31”")


class PublicProjectPublishedOut(Schema):
    title: str
    lead_unit: str
    co_units: str
    handler: str
    deadline: date
    key: bool
    published_at: datetime


class PublicProjectRatingsOut(Schema):
    satisfied: int
    basic: int
    unsatisfied: int
    total: int
    satisfaction_rate: float | None


class PublicProjectDetailOut(PublicProjectOut):
    published: PublicProjectPublishedOut | None = Field(..., description="首次公示时的内容，此后的变更见 changes")
    progress_timeline: list[PublicProjectProgressOut]
    events: list[PublicProjectEventOut]
    extensions: list[PublicProjectExtensionOut]
    changes: list[PublicProjectChangeOut]
    ratings: PublicProjectRatingsOut


class PublicProjectFilters(PageParams):
    community: int | None = None
    street: int | None = None
    round: int | None = None
    status: str | None = None

    def selector_filters(self) -> selectors.ProjectFilters:
        return selectors.ProjectFilters(community=self.community, street=self.street, round=self.round,
                                        status=self.status)


def _public_read(request):
    # Generous by default; a deployment behind a shared proxy address may raise or clear it ("").
    rate = getattr(settings, "GONGJIAN_PUBLIC_READ_RATE", "600/m")
    if rate:
        rate_limit(request, "public_projects_read", rate)


@router.get("/public/projects", auth=None, response={200: page_of(PublicProjectOut), **PUBLIC_ERRORS},
            summary="公示的项目（已审批及以后）")
def public_project_list(request, filters: Query[PublicProjectFilters]):
    _public_read(request)
    paginate(Project.objects.none(), filters.page, filters.page_size)  # checks page and page_size
    key = None
    if filters.community is not None and filters.street is None:
        # A community's board: answered from the cache without SQL until a service changes it.
        key = board_cache.community_cache_key("api", filters.community, filters.round, filters.status,
                                              filters.page, filters.page_size)
        content = cache.get(key)
        if content is not None:
            return HttpResponse(content, content_type=JSON_TYPE)
    count, rows = selectors.public_board(filters.selector_filters(), offset=(filters.page - 1) * filters.page_size,
                                         limit=filters.page_size)
    answer = {"count": count, "results": rows}
    if key is None:
        return answer
    content = json.dumps(page_of(PublicProjectOut).model_validate(answer).model_dump(mode="json"),
                         ensure_ascii=False).encode()
    cache.set(key, content, board_cache.CACHE_SECONDS)
    return HttpResponse(content, content_type=JSON_TYPE)


@router.get("/public/projects/{project_id}", auth=None, response={200: PublicProjectDetailOut, **PUBLIC_ERRORS},
            summary="公示项目详情：进度、动态、延期、变更")
def public_project_detail(request, project_id: int):
    _public_read(request)
    key = board_cache.project_cache_key("api", project_id)
    content = cache.get(key)
    if content is not None:
        return HttpResponse(content, content_type=JSON_TYPE)
    answer = _public_project_detail(project_id)
    content = json.dumps(PublicProjectDetailOut.model_validate(answer).model_dump(mode="json"),
                         ensure_ascii=False).encode()
    cache.set(key, content, board_cache.CACHE_SECONDS)
    return HttpResponse(content, content_type=JSON_TYPE)


def _public_project_detail(project_id: int) -> dict:
    # Once published, a project stays visible (a declined one shows as 待审批 until re-approved).
    _count, rows = selectors.public_board(selectors.ProjectFilters(), limit=1, ids=[project_id],
                                          include_once_published=True)
    if not rows:
        raise Http404("项目不存在或尚未公示")
    out = rows[0]
    out.update(selectors.public_detail(project_id))
    summary = selectors.rating_summary(project_id)
    out["ratings"] = {k: summary[k] for k in ("satisfied", "basic", "unsatisfied", "total", "satisfaction_rate")}
    return out
