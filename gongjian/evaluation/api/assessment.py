"""API: the yearly assessment 目标责任考核 — weights, scores with every term, rankings, exports."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from gongjian import permissions
from gongjian.api.base import COMMON_ERRORS, BadRequest, PageParams, YearParam, body_doc, paginate, read_body
from gongjian.core.errors import Conflict
from gongjian.evaluation import exports, scoring, services
from gongjian.evaluation.models import AssessmentWeights, ExportJob
from gongjian.evaluation.permissions import assessed_communities, assessed_units
from gongjian.permissions import MAX_ID
from gongjian.registry.models import Community, Street, Unit

router = Router()


class AssessmentWeightsOut(Schema):
    year: int
    is_default: bool = Field(..., description="本年度未设置，使用默认权重")
    completion: str
    timeliness: str
    satisfaction: str
    evaluation: str
    participation: str
    warning_penalty: str
    community_rating: str
    community_completion: str
    community_meetings: str


class AssessmentWeightsIn(BaseModel):
    year: int = Field(..., ge=2000, le=2100)
    completion: float | None = Field(None, ge=0)
    timeliness: float | None = Field(None, ge=0)
    satisfaction: float | None = Field(None, ge=0)
    evaluation: float | None = Field(None, ge=0)
    participation: float | None = Field(None, ge=0)
    warning_penalty: float | None = Field(None, ge=0)
    community_rating: float | None = Field(None, ge=0)
    community_completion: float | None = Field(None, ge=0)
    community_meetings: float | None = Field(None, ge=0)


class AssessmentTermOut(Schema):
    key: str
    label: str
    explanation: str
    value: float | None = Field(..., description="0–1 的比率；督办通报为次数；无数据为 null")
    value_display: str
    weight: str
    contribution: float = Field(..., description="对总分的贡献（分），各项之和即总分")
    detail: str
    available: bool = Field(..., description="本年度是否有该项的记录（如共建活动）；没有时权重按 0 计")
    negative: bool


class AssessmentScoreOut(Schema):
    id: int
    name: str
    community: int
    community_name: str
    street: int
    street_name: str
    total: float | None
    rank_street: int | None
    rank_city: int | None
    formula: str = Field(..., description="代入数值的计算式")
    terms: list[AssessmentTermOut]


class AssessmentScoresOut(Schema):
    year: int
    formula: str
    count: int
    results: list[AssessmentScoreOut]


class AssessmentScoreParams(PageParams):
    year: YearParam
    street: int | None = Field(None, ge=1, le=MAX_ID)
    community: int | None = Field(None, ge=1, le=MAX_ID)


class AssessmentExportParams(Schema):
    year: YearParam
    kind: str = Field("units", description="units 单位考核表 · communities 社区考核表")
    format: str = Field("xlsx", description="xlsx 或 pdf")
    street: int | None = Field(None, ge=1, le=MAX_ID)


class AssessmentExportJobOut(Schema):
    id: int
    year: int
    kind: str
    format: str
    status: str = Field(..., description="queued, running, done, failed")
    rows: int
    error: str
    file_url: str | None


def score_out(s: scoring.Score) -> dict:
    return {"id": s.id, "name": s.name, "community": s.community_id, "community_name": s.community_name,
            "street": s.street_id, "street_name": s.street_name, "total": s.total,
            "rank_street": s.rank_street, "rank_city": s.rank_city, "formula": s.formula,
            "terms": [{"key": t.key, "label": t.label, "explanation": t.explanation,
                       "value": None if not t.has_data else round(float(t.value), 4),
                       "value_display": t.value_display, "weight": f"{t.weight:.2f}",
                       "contribution": round(t.contribution, 2), "detail": t.detail, "available": t.available,
                       "negative": t.negative} for t in s.terms]}


def _weights_out(w: scoring.Weights) -> dict:
    return {"year": w.year, "is_default": w.is_default, **{k: f"{v:.2f}" for k, v in w.values.items()}}


def job_out(job: ExportJob) -> dict:
    return {"id": job.pk, "year": job.year, "kind": job.kind, "format": job.fmt, "status": job.status,
            "rows": job.rows, "error": job.error,
            "file_url": f"/api/v1/assessment/exports/{job.pk}/file" if job.status == ExportJob.Status.DONE else None}


@router.get("/assessment/weights", response={200: AssessmentWeightsOut, **COMMON_ERRORS}, summary="年度考核权重")
def weights_get(request, year: YearParam):
    if not permissions.can(request.user, "view", AssessmentWeights):
        raise PermissionDenied("您的角色或范围不允许此操作")
    return _weights_out(scoring.weights_for(year))


@router.post("/assessment/weights", response={200: AssessmentWeightsOut, 201: AssessmentWeightsOut, **COMMON_ERRORS},
             openapi_extra=body_doc(AssessmentWeightsIn), summary="设置年度考核权重（市级）；新设 201，修改 200；得分随即重算")
def weights_set(request):
    permissions.require(request.user, "change", AssessmentWeights)
    data = read_body(request, AssessmentWeightsIn)
    existed = AssessmentWeights.objects.filter(year=data.year).exists()
    values = {k: v for k, v in data.model_dump().items() if k != "year" and v is not None}
    services.weights_set(actor=request.user, year=data.year, **values)
    out = _weights_out(scoring.weights_for(data.year))
    return Status(200 if existed else 201, out)


def _scores_answer(scores: list[scoring.Score], params: AssessmentScoreParams, formula: str) -> dict:
    count, rows = paginate(_ListQuerySet(scores), params.page, params.page_size)
    return {"year": params.year, "formula": formula, "count": count, "results": [score_out(s) for s in rows]}


class _ListQuerySet(list):
    """paginate() over a computed list."""

    def count(self):
        return len(self)


@router.get("/assessment/units", response={200: AssessmentScoresOut, **COMMON_ERRORS},
            summary="辖区单位年度考核得分与排名（单位只看到自己）")
def unit_scores(request, params: Query[AssessmentScoreParams]):
    qs = assessed_units(request.user)
    if params.street is not None:
        qs = qs.filter(community__street_id=params.street)
    if params.community is not None:
        qs = qs.filter(community_id=params.community)
    return _scores_answer(scoring.unit_scores(params.year, qs), params, scoring.FORMULA)


@router.get("/assessment/units/{unit_id}", response={200: AssessmentScoreOut, **COMMON_ERRORS},
            summary="一个单位的考核得分：每一项的数值、权重和贡献")
def unit_score(request, unit_id: int, year: YearParam):
    unit = permissions.get_visible_or_404(request.user, Unit, unit_id, queryset=assessed_units(request.user))
    return score_out(scoring.unit_score(year, unit))


@router.get("/assessment/communities", response={200: AssessmentScoresOut, **COMMON_ERRORS},
            summary="社区年度考核得分与街道内排名")
def community_scores(request, params: Query[AssessmentScoreParams]):
    qs = assessed_communities(request.user)
    if params.street is not None:
        qs = qs.filter(street_id=params.street)
    if params.community is not None:
        qs = qs.filter(pk=params.community)
    scores = sorted(scoring.community_scores(params.year, qs),
                    key=lambda s: (s.street_id, s.rank_street is None, s.rank_street or 0, s.name))
    return _scores_answer(scores, params, scoring.COMMUNITY_FORMULA)


@router.get("/assessment/communities/{community_id}", response={200: AssessmentScoreOut, **COMMON_ERRORS},
            summary="一个社区的考核得分及各项")
def community_score(request, community_id: int, year: YearParam):
    community = permissions.get_visible_or_404(request.user, Community, community_id,
                                               queryset=assessed_communities(request.user))
    return score_out(scoring.community_score(year, community))


_EXPORT_DOC = {"responses": {"200": {"description": "文件（.xlsx 或 .pdf）", "content": {
    exports.CONTENT_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
    exports.CONTENT_TYPES["pdf"]: {"schema": {"type": "string", "format": "binary"}}}}}}


@router.get("/assessment/export", response={202: AssessmentExportJobOut, **COMMON_ERRORS}, openapi_extra=_EXPORT_DOC,
            summary="导出考核表（Excel 或 PDF）。行数少时直接返回文件（200）；多时转后台生成（202，查询任务后下载）")
def assessment_export(request, params: Query[AssessmentExportParams]):
    user = request.user
    permissions.require(user, "create", ExportJob)
    errors = {}
    if params.kind not in ExportJob.Kind.values:
        errors["kind"] = ["须为 units 或 communities"]
    if params.format not in ExportJob.Format.values:
        errors["format"] = ["须为 xlsx 或 pdf"]
    if errors:
        raise BadRequest("输入有误：" + "；".join(f"{k} {v[0]}" for k, v in errors.items()), errors)
    street = None
    if params.street is not None:
        street = Street.objects.filter(pk=params.street).first()
        if street is None:
            raise Http404("街道不存在")
    qs = assessed_units(user) if params.kind == "units" else assessed_communities(user)
    if street is not None:
        qs = qs.filter(**{"community__street": street} if params.kind == "units" else {"street": street})
    if qs.count() > exports.sync_limit():
        job = services.export_request(actor=user, year=params.year, kind=params.kind, fmt=params.format,
                                      street=street)
        return Status(202, job_out(job))
    content, _rows = exports.render(year=params.year, kind=params.kind, fmt=params.format, user=user,
                                    street_id=street.pk if street else None)
    label = dict(ExportJob.Kind.choices)[params.kind]
    return exports.file_response(content, params.format, f"{params.year}年{label}.{params.format}")


@router.get("/assessment/exports/{job_id}", response={200: AssessmentExportJobOut, **COMMON_ERRORS}, summary="后台导出任务状态")
def export_job(request, job_id: int):
    return job_out(permissions.get_visible_or_404(request.user, ExportJob, job_id))


@router.get("/assessment/exports/{job_id}/file", response=COMMON_ERRORS,
            openapi_extra=_EXPORT_DOC, summary="下载后台生成的考核表")
def export_file(request, job_id: int):
    job = permissions.get_visible_or_404(request.user, ExportJob, job_id)
    if job.status != ExportJob.Status.DONE:
        raise Conflict("文件尚未生成完毕")
    with job.file.open("rb") as handle:
        content = handle.read()
    return exports.file_response(content, job.fmt, job.filename)
