"""Bulk set-up: projects from an Excel sheet, all or nothing."""

from ninja import Router, Schema, Status

from gongjian import permissions
from gongjian.api.base import COMMON_ERRORS, BadRequest, resolve_ref
from gongjian.core.sheets import ImportRefused
from gongjian.projects.imports import projects_import
from gongjian.projects.models import Project
from gongjian.solicitation.models import Round

from .common import TAGS, multipart_doc

router = Router(tags=TAGS)


class ProjectImportOut(Schema):
    created: int
    ids: list[int]
    warnings: list[str]


@router.post("/projects/import", response={201: ProjectImportOut, **COMMON_ERRORS},
             openapi_extra=multipart_doc(file="Excel（.xlsx/.xls）或 CSV：问题档案号、项目名称、牵头单位、协办单位、"
                                              "承办人、联系电话、完成时限、预算、资金来源、重点、批次",
                                         round="轮次 id"),
             summary="从 Excel 批量立项（全部成功或全部不导入）")
def project_import(request):
    user = request.user
    permissions.require(user, "create", Project)
    upload = request.FILES.get("file")
    if upload is None:
        raise BadRequest("请上传文件", {"file": ["此项必填"]})
    rnd = resolve_ref(permissions.visible(user, Round), request.POST.get("round"), "round", "轮次", by=("name",))
    try:
        result = projects_import(actor=user, round=rnd, file=upload, filename=upload.name)
    except ImportRefused as exc:
        raise BadRequest(exc.detail, {"rows": exc.rows}) from None
    return Status(201, {"created": len(result.projects), "ids": [p.pk for p in result.projects],
                        "warnings": result.warnings})
