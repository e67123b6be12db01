"""Extensions (延期申请): requested by the lead unit, decided by the street or city."""

from datetime import date, datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from gongjian import permissions
from gongjian.api.base import COMMON_ERRORS, PageParams, body_doc, page_of, paged, read_body
from gongjian.projects import services
from gongjian.projects.models import Extension

from .common import TAGS, visible_project

router = Router(tags=TAGS)


class ProjectExtensionIn(BaseModel):
    deadline: date
    reason: str
    version: int | None = Field(None, description="可选：页面显示时的版本号，已被他人修改则 409")


class ProjectExtensionDecideIn(BaseModel):
    approve: bool
    note: str = ""
    version: int | None = Field(None, description="可选：页面显示时的版本号，已被他人修改则 409")


class ProjectExtensionOut(Schema):
    id: int
    project: int
    old_deadline: date
    new_deadline: date
    reason: str
    status: str
    decision_note: str
    created_at: datetime
    decided_at: datetime | None


def extension_out(x: Extension) -> dict:
    return {"id": x.pk, "project": x.project_id, "old_deadline": x.old_deadline, "new_deadline": x.new_deadline,
            "reason": x.reason, "status": x.status, "decision_note": x.decision_note,
            "created_at": x.created_at, "decided_at": x.decided_at}


@router.get("/projects/{project_id}/extensions", response={200: page_of(ProjectExtensionOut), **COMMON_ERRORS},
            summary="延期申请列表")
def extension_list(request, project_id: int, params: Query[PageParams]):
    project = visible_project(request, project_id)
    return paged(Extension.objects.filter(project=project).order_by("-created_at", "-id"), params, out=extension_out)


@router.post("/projects/{project_id}/extension", response={201: ProjectExtensionOut, **COMMON_ERRORS},
             openapi_extra=body_doc(ProjectExtensionIn), summary="申请延期（牵头单位）")
def extension_request(request, project_id: int):
    user = request.user
    project = visible_project(request, project_id)
    permissions.require(user, "extension_request", project)
    data = read_body(request, ProjectExtensionIn)
    extension = services.extension_request(actor=user, project=project, deadline=data.deadline,
                                           reason=data.reason, expected_version=data.version)
    return Status(201, extension_out(extension))


@router.post("/projects/{project_id}/extensions/{extension_id}/decide",
             response={200: ProjectExtensionOut, **COMMON_ERRORS}, openapi_extra=body_doc(ProjectExtensionDecideIn),
             summary="审批延期申请（街道、市级）")
def extension_decide(request, project_id: int, extension_id: int):
    user = request.user
    project = visible_project(request, project_id)
    extension = Extension.objects.filter(project=project, pk=extension_id).first()
    if extension is None:
        raise Http404("延期申请不存在")
    permissions.require(user, "extension_decide", project)
    data = read_body(request, ProjectExtensionDecideIn)
    extension = services.extension_decide(actor=user, extension=extension, approve=data.approve, note=data.note,
                                          expected_version=data.version)
    return extension_out(extension)
