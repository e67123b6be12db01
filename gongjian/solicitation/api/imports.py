"""The opinions import (all rows or none) and the progress of a background import."""

from __future__ import annotations

from ninja import Schema, Status

from gongjian import permissions
from gongjian.api.base import COMMON_ERRORS, BadRequest

from .. import services
from ..imports import ImportFileError, ImportRowsInvalid, check_upload
from ..models import ImportJob, Opinion
from .base import round_ref, router


class OpinionImportOut(Schema):
    created: int


class OpinionImportJobOut(Schema):
    id: int
    status: str
    total: int | None
    done: int
    created: int
    detail: str
    errors: dict


_IMPORT_DOC = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file", "round"],
    "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": ".xlsx、.xls 或 .csv（UTF-8、带 BOM 的 UTF-8、GBK/GB18030）；表头：社区、渠道、类别、内容、"
                                "姓名、电话、日期（可选 表号）"},
        "round": {"type": "string", "description": "轮次 id 或名称"},
    }}}}}}


@router.post("/opinions/import", response={201: OpinionImportOut, **COMMON_ERRORS}, openapi_extra=_IMPORT_DOC,
             summary="批量导入意见：全部导入或全部不导入；出错时 errors.rows 列出每行的错误")
def opinion_import(request):
    permissions.require(request.user, "create", Opinion)
    upload = request.FILES.get("file")
    errors = {}
    if upload is None:
        errors["file"] = ["请上传文件"]
    if not request.POST.get("round"):
        errors["round"] = ["此项必填"]
    if errors:
        raise BadRequest("输入有误：请上传文件并指定轮次", errors)
    rnd = round_ref(request.user, request.POST["round"])
    try:
        head = upload.read(8)
        upload.seek(0)
        kind = check_upload(upload.name, upload.size, head, upload)
        created = services.opinion_import(actor=request.user, round=rnd,
                                          communities=permissions.communities_in_scope(request.user),
                                          fileobj=upload, kind=kind)
    except ImportFileError as exc:
        raise BadRequest(exc.message, {"file": [exc.message]}) from None
    except ImportRowsInvalid as exc:
        raise BadRequest(exc.detail, {"rows": exc.rows_as_dicts()}) from None
    return Status(201, {"created": created})


@router.get("/opinions/import/{int:job_id}", response={200: OpinionImportJobOut, **COMMON_ERRORS},
            summary="后台导入任务的进度（工作人员页面上传的大文件）")
def import_job_detail(request, job_id: int):
    job = permissions.get_visible_or_404(request.user, ImportJob, job_id)
    return {"id": job.pk, "status": job.status, "total": job.total, "done": job.done, "created": job.created,
            "detail": job.detail, "errors": {"rows": job.errors} if job.errors else {}}
