"""Progress reports (填报进度) and their evidence (photos and files)."""

from datetime import datetime

from django.http import Http404
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from gongjian import permissions
from gongjian.api.base import COMMON_ERRORS, BadRequest, PageParams, body_doc, page_of, paged, read_body
from gongjian.projects import services
from gongjian.projects.models import ProgressAttachment, ProgressReport

from .common import TAGS, multipart_doc, visible_project

router = Router(tags=TAGS)


class ProjectAttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    url: str = Field(..., description="经权限检查的下载地址")
    created_at: datetime


class ProjectProgressIn(BaseModel):
    percent: int = Field(..., ge=0, le=100)
    note: str
    version: int | None = Field(None, description="可选：页面显示时的版本号，已被他人修改则 409")


class ProjectProgressOut(Schema):
    id: int
    project: int
    percent: int
    note: str
    unit: int
    unit_name: str
    created_at: datetime
    attachments: list[ProjectAttachmentOut]


def attachment_out(a: ProgressAttachment) -> dict:
    return {"id": a.pk, "name": a.name, "kind": a.kind, "size": a.size,
            "url": reverse("board:attachment", args=[a.pk]), "created_at": a.created_at}


def progress_out(r: ProgressReport) -> dict:
    return {"id": r.pk, "project": r.project_id, "percent": r.percent, "note": r.note, "unit": r.unit_id,
            "unit_name": r.unit.name, "created_at": r.created_at,
            "attachments": [attachment_out(a) for a in r.attachments.all()]}


@router.get("/projects/{project_id}/progress", response={200: page_of(ProjectProgressOut), **COMMON_ERRORS},
            summary="进度记录（最新在前）")
def progress_list(request, project_id: int, params: Query[PageParams]):
    project = visible_project(request, project_id)
    qs = (ProgressReport.objects.filter(project=project).select_related("unit")
          .prefetch_related("attachments").order_by("-created_at", "-id"))
    return paged(qs, params, out=progress_out)


@router.post("/projects/{project_id}/progress", response={201: ProjectProgressOut, **COMMON_ERRORS},
             openapi_extra=body_doc(ProjectProgressIn), summary="填报进度（牵头或协办单位）")
def progress_create(request, project_id: int):
    user = request.user
    project = visible_project(request, project_id)
    permissions.require(user, "progress", project)
    data = read_body(request, ProjectProgressIn)
    report = services.progress_report(actor=user, project=project, unit=user.unit, percent=data.percent,
                                      note=data.note, expected_version=data.version)
    return Status(201, progress_out(report))


@router.post("/projects/{project_id}/progress/{report_id}/attachments",
             response={201: ProjectAttachmentOut, **COMMON_ERRORS},
             openapi_extra=multipart_doc(file="照片或文件：jpg、png、pdf、docx、xlsx，不超过 10 MB"),
             summary="上传进度照片或文件")
def progress_attach(request, project_id: int, report_id: int):
    user = request.user
    project = visible_project(request, project_id)
    report = ProgressReport.objects.filter(project=project, pk=report_id).first()
    if report is None:
        raise Http404("进度记录不存在")
    permissions.require(user, "attach", project)
    upload = request.FILES.get("file")
    if upload is None:
        raise BadRequest("请上传文件", {"file": ["此项必填"]})
    attachment = services.progress_attach(actor=user, project=project, file=upload, filename=upload.name,
                                          report=report)
    return Status(201, attachment_out(attachment))
