"""Staff pages of demonstration-community creation: the standard with the target's progress and the
tiers, the assessments, one assessment (self-assessment with evidence, submit, review), and export."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.core.errors import Conflict, error_text
from gongjian.core.files import file_response
from gongjian.core.xlsx import xlsx_response
from gongjian.registry.models import Community

from . import selectors, services
from .models import TIER_FOCUS, Assessment, AssessmentItem, Criterion, Evidence, Standard, Target
from .permissions import ASSESSORS, READERS


class EvidenceForm(forms.Form):
    criterion = forms.ModelChoiceField(label="佐证材料对应的评分项", queryset=Criterion.objects.none(), empty_label=None)
    file = forms.FileField(label="上传佐证材料（照片、pdf、Word、Excel，10 MB 以内）", required=False)

    def __init__(self, *args, standard: Standard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = standard.criteria.all()
        self.fields["criterion"].label_from_instance = lambda c: c.title


class ReviewForm(forms.Form):
    note = forms.CharField(label="审核意见（退回时必填）", widget=forms.Textarea, required=False)


def _current_standard(request):
    standards = permissions.visible(request.user, Standard).order_by("-active", "-year", "-id")
    chosen = request.GET.get("standard", "")
    if chosen.strip():
        return permissions.get_visible_or_404(request.user, Standard, chosen), standards
    return standards.first(), standards


@login_required
def index(request):
    scope = permissions.scope_of(request.user)
    if scope.role not in READERS:
        raise PermissionDenied("示范社区创建只对市、街道、社区、联络员和联系领导开放")
    standard, standards = _current_standard(request)
    context = {"standard": standard, "standards": standards, "tier_focus": TIER_FOCUS}
    if standard is not None:
        criteria = list(standard.criteria.all())
        groups = [(label, [c for c in criteria if c.group == value],
                   sum((c.points for c in criteria if c.group == value), Decimal(0)))
                  for value, label in Criterion.Group.choices]
        communities = permissions.communities_in_scope(request.user)
        city_targets = list(permissions.visible(request.user, Target).filter(standard=standard))
        progress = [selectors.target_progress(t, Community.objects.all()) for t in city_targets]
        assessments = (permissions.visible(request.user, Assessment).filter(standard=standard)
                       .select_related("community", "community__street").order_by("community__code"))
        assessed = {a.community_id for a in assessments}
        context.update({
            "groups": groups, "total_points": sum((c.points for c in criteria), Decimal(0)),
            "progress": progress, "mine": selectors.tier_counts(standard, communities),
            "assessments": assessments,
            "unassessed": communities.exclude(pk__in=assessed).select_related("street").order_by("code"),
            "may_start": scope.role in ASSESSORS,
        })
    return render(request, "standards/index.html", context)


def _assessment_or_404(request, pk) -> Assessment:
    qs = (permissions.visible(request.user, Assessment).select_related("standard", "community")
          .prefetch_related(Prefetch("items", queryset=AssessmentItem.objects.select_related("criterion")),
                            "items__evidence"))
    return permissions.get_visible_or_404(request.user, Assessment, pk, queryset=qs)


@login_required
@require_POST
def start(request, standard_pk: int, community_pk: int):
    """Open (or reopen) a community's self-assessment."""
    standard = permissions.get_visible_or_404(request.user, Standard, standard_pk)
    community = permissions.get_visible_or_404(request.user, Community, community_pk)
    scope = permissions.scope_of(request.user)
    if not (permissions.can(request.user, "create", Assessment) and scope.covers_community(community.pk)):
        raise PermissionDenied("只能为本社区自评")
    try:
        assessment = services.self_assessment_save(actor=request.user, standard=standard, community=community,
                                                   scores={})
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("standards:index")
    return redirect("standards:assessment", pk=assessment.pk)


@login_required
def assessment(request, pk: int):
    a = _assessment_or_404(request, pk)
    items = {i.criterion_id: i for i in a.items.all()}
    rows = []
    for criterion in a.standard.criteria.all():
        rows.append({"criterion": criterion, "item": items.get(criterion.pk)})
    editable = a.status in services.EDITABLE and permissions.can(request.user, "self_assess", a)
    review_action = services.review_action(a, "approve")
    may_review = (a.status in (Assessment.Status.SUBMITTED, Assessment.Status.STREET_REVIEWED)
                  and permissions.can(request.user, review_action, a))
    return render(request, "standards/assessment.html", {
        "a": a, "rows": rows, "editable": editable, "may_review": may_review,
        "review_stage": "市级审定" if review_action == "city_approve" else "街道审核",
        "may_submit": editable and permissions.can(request.user, "submit", a),
        "evidence_form": EvidenceForm(standard=a.standard), "review_form": ReviewForm(),
        "history": a.history.select_related("history_user").order_by("-history_date")[:20],
    })


def _posted_scores(request, prefix: str) -> dict:
    return {int(k[len(prefix):]): v for k, v in request.POST.items() if k.startswith(prefix)
            and k[len(prefix):].isdigit() and v.strip() != ""}


@login_required
@require_POST
def assessment_save(request, pk: int):
    a = _assessment_or_404(request, pk)
    permissions.require(request.user, "self_assess", a)
    notes = {int(k[5:]): v for k, v in request.POST.items() if k.startswith("note_") and k[5:].isdigit()}
    try:
        services.self_assessment_save(actor=request.user, standard=a.standard, community=a.community,
                                      scores=_posted_scores(request, "points_"), notes=notes)
        if request.FILES.get("file") and request.POST.get("criterion", "").isdigit():
            criterion = Criterion.objects.filter(pk=int(request.POST["criterion"]), standard=a.standard).first()
            if criterion is None:
                raise ValidationError("评分项不存在")
            upload = request.FILES["file"]
            services.evidence_attach(actor=request.user, assessment=a, criterion=criterion, file=upload,
                                     filename=upload.name)
        if request.POST.get("submit"):
            permissions.require(request.user, "submit", a)
            services.self_assessment_submit(actor=request.user, assessment=a)
            messages.success(request, "自评已提交街道审核")
        else:
            messages.success(request, "自评已保存")
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("standards:assessment", pk=a.pk)


@login_required
@require_POST
def assessment_review(request, pk: int):
    a = _assessment_or_404(request, pk)
    decision = request.POST.get("decision", "approve")
    try:
        action = services.review_action(a, decision)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("standards:assessment", pk=a.pk)
    permissions.require(request.user, action, a)
    try:
        done = services.assessment_review(actor=request.user, assessment=a, decision=decision,
                                          scores=_posted_scores(request, "review_"), note=request.POST.get("note", ""))
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        if done.status == Assessment.Status.FINAL:
            messages.success(request, f"已审定：{done.final_score} 分，{done.get_tier_display()}")
        else:
            messages.success(request, "已" + ("退回修改" if decision == "return" else "审核通过"))
    return redirect("standards:assessment", pk=a.pk)


@login_required
def export(request):
    scope = permissions.scope_of(request.user)
    if scope.role not in READERS:
        raise PermissionDenied("示范社区创建只对市、街道、社区、联络员和联系领导开放")
    standard, _standards = _current_standard(request)
    if standard is None:
        return redirect("standards:index")
    assessments = (permissions.visible(request.user, Assessment).filter(standard=standard)
                   .select_related("community", "community__street").order_by("community__code"))
    status_label = dict(Assessment.Status.choices)
    rows = [[a.community.street.name, a.community.name, str(status_label[a.status]), a.self_score, a.street_score,
             a.final_score, a.get_tier_display() if a.tier else "", a.reached, TIER_FOCUS.get(a.tier, "")]
            for a in assessments]
    criteria = [[c.get_group_display(), c.order, c.title, c.points, c.description] for c in standard.criteria.all()]
    return xlsx_response(f"{standard.name}-测评结果.xlsx", [
        ("测评结果", ["街道", "社区", "状态", "自评分", "街道审核分", "市级审定分", "评定类别", "达到省级示范标准",
                      "工作重点"], rows),
        ("评分标准", ["类别", "序号", "内容", "分值", "评分说明"], criteria),
    ])


@login_required
def evidence_file(request, pk):
    """One piece of evidence (佐证材料), to those who may see its assessment; others get 404."""
    evidence = permissions.get_visible_or_404(request.user, Evidence, pk)
    return file_response(evidence.file, name=evidence.name, kind=evidence.kind)
