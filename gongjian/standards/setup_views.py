"""The city admin's set-up pages of demonstration-community creation 示范社区创建: the standard
(name, year, score lines), its criteria (add, edit, reorder, remove while no community has assessed
against it) and the city's target (share of communities reaching the standard by a date).

Each view: look the object up among the visible ones (404) → permission (403) → parse the form → one
service call (the same the API calls) → redirect with a plain-words message; a refusal is shown on the
form, which keeps what was typed.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.core.errors import Conflict, error_text

from . import services
from .models import Assessment, Criterion, Standard, Target

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCORE = {"max_digits": 6, "decimal_places": 1, "min_value": 0,
         "error_messages": {"required": "请填写分数", "invalid": "分数须为数字"}}


class StandardForm(forms.Form):
    name = forms.CharField(label="名称", max_length=150, error_messages={"required": "请填写标准名称"})
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100,
                              error_messages={"required": "请填写年度", "invalid": "年度须为数字"})
    pass_score = forms.DecimalField(label="达到省级示范标准的分数", **SCORE)
    tier1_min = forms.DecimalField(label="一类社区最低分", **SCORE)
    tier2_min = forms.DecimalField(label="二类社区最低分", **SCORE)
    active = forms.BooleanField(label="正在使用", required=False, initial=True)


class CriterionForm(forms.Form):
    group = forms.ChoiceField(label="类别", choices=Criterion.Group.choices)
    title = forms.CharField(label="内容", max_length=200, error_messages={"required": "请填写评分项内容"})
    points = forms.DecimalField(label="分值", max_digits=5, decimal_places=1, min_value=0.1,
                                error_messages={"required": "请填写分值", "invalid": "分值须为数字",
                                                "min_value": "分值须大于 0"})
    description = forms.CharField(label="评分说明（可不填）", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TargetForm(forms.Form):
    standard = forms.ModelChoiceField(label="标准", queryset=Standard.objects.none(), empty_label=None)
    name = forms.CharField(label="目标", max_length=200, error_messages={"required": "请填写目标"},
                           help_text="如：两年内使 80% 的社区达到省级示范社区标准")
    share = forms.DecimalField(label="达标社区比例（%）", max_digits=5, decimal_places=2, min_value=0.01,
                               max_value=100, error_messages={"required": "请填写比例", "invalid": "比例须为数字"})
    due_on = forms.DateField(label="期限", widget=DATE_INPUT,
                             error_messages={"required": "请填写期限", "invalid": "日期格式应为 2012-12-31"})

    def __init__(self, *args, standards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = standards


def _refused(form: forms.Form, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, getattr(exc, "message", None) or error_text(exc))


def _form_page(request, form, title: str, back: str, back_label: str, note: str = ""):
    return render(request, "standards/setup_form.html",
                  {"form": form, "title": title, "back": back, "back_label": back_label, "note": note})


# ------------------------------------------------------------------------------ standards and targets

@login_required
def standard_list(request):
    user = request.user
    permissions.require(user, "create", Standard)
    standards = list(permissions.visible(user, Standard).order_by("-active", "-year", "-id"))
    targets = list(permissions.visible(user, Target).select_related("standard").order_by("due_on", "id"))
    used = set(Assessment.objects.filter(standard__in=standards).values_list("standard_id", flat=True).distinct())
    for s in standards:
        s.in_use = s.pk in used
    return render(request, "standards/setup_list.html", {"standards": standards, "targets": targets})


@login_required
def standard_create(request):
    user = request.user
    permissions.require(user, "create", Standard)
    form = StandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            standard = services.standard_create(actor=user, **{k: v for k, v in form.cleaned_data.items()
                                                               if k != "active"})
        except (ValidationError, Conflict) as exc:
            _refused(form, exc)
        else:
            messages.success(request, f"已制定“{standard}”，请接着增加评分项")
            return redirect("standards:standard_edit", standard.pk)
    return _form_page(request, form, "制定示范社区标准", "standards:standard_list", "返回标准与目标")


@login_required
def standard_edit(request, pk):
    """The standard's fields and its criteria, in order, with the actions on each."""
    user = request.user
    standard = permissions.get_visible_or_404(user, Standard, pk)
    permissions.require(user, "change", standard)
    form = StandardForm(request.POST or None, initial={
        "name": standard.name, "year": standard.year, "pass_score": standard.pass_score,
        "tier1_min": standard.tier1_min, "tier2_min": standard.tier2_min, "active": standard.active})
    if request.method == "POST" and form.is_valid():
        try:
            services.standard_update(actor=user, standard=standard, **form.cleaned_data)
        except (ValidationError, Conflict) as exc:
            _refused(form, exc)
        else:
            messages.success(request, "标准已保存")
            return redirect("standards:standard_edit", standard.pk)
    criteria = list(standard.criteria.order_by("order", "id"))
    return render(request, "standards/setup_standard.html", {
        "standard": standard, "form": form, "criteria": criteria,
        "total": sum((c.points for c in criteria), 0),
        "in_use": Assessment.objects.filter(standard=standard).exists(),
    })


def _target_form_page(request, form, target=None):
    title = "修改创建目标" if target else "设定全市创建目标"
    return _form_page(request, form, title, "standards:standard_list", "返回标准与目标",
                      note="目标：到期限时，达到省级示范社区标准的社区占全市社区的比例。")


@login_required
def target_create(request):
    user = request.user
    permissions.require(user, "create", Target)
    standards = permissions.visible(user, Standard).order_by("-active", "-year", "-id")
    form = TargetForm(request.POST or None, standards=standards)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_set(actor=user, **form.cleaned_data)
        except (ValidationError, Conflict) as exc:
            _refused(form, exc)
        else:
            messages.success(request, "已设定创建目标")
            return redirect("standards:standard_list")
    return _target_form_page(request, form)


@login_required
def target_edit(request, pk):
    user = request.user
    target = permissions.get_visible_or_404(user, Target, pk)
    permissions.require(user, "change", target)
    standards = permissions.visible(user, Standard).filter(pk=target.standard_id)
    form = TargetForm(request.POST or None, standards=standards, initial={
        "standard": target.standard_id, "name": target.name, "share": target.share, "due_on": target.due_on})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "standard"}
        try:
            services.target_update(actor=user, target=target, **data)
        except (ValidationError, Conflict) as exc:
            _refused(form, exc)
        else:
            messages.success(request, "创建目标已修改")
            return redirect("standards:standard_list")
    return _target_form_page(request, form, target)


# ------------------------------------------------------------------------------ criteria

@login_required
def criterion_add(request, pk):
    user = request.user
    standard = permissions.get_visible_or_404(user, Standard, pk)
    permissions.require(user, "create", Criterion)
    form = CriterionForm(request.POST or None, initial={"group": Criterion.Group.BASICS})
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_add(actor=user, standard=standard, **form.cleaned_data)
        except (ValidationError, Conflict) as exc:
            _refused(form, exc)
        else:
            messages.success(request, f"已增加评分项“{form.cleaned_data['title']}”")
            return redirect("standards:standard_edit", standard.pk)
    return _form_page(request, form, f"{standard}：增加评分项", "standards:standard_list", "返回标准与目标")


def _criterion_or_404(request, pk) -> Criterion:
    return permissions.get_visible_or_404(request.user, Criterion, pk,
                                          permissions.visible(request.user, Criterion).select_related("standard"))


@login_required
def criterion_edit(request, pk):
    user = request.user
    criterion = _criterion_or_404(request, pk)
    permissions.require(user, "change", criterion)
    form = CriterionForm(request.POST or None, initial={
        "group": criterion.group, "title": criterion.title, "points": criterion.points,
        "description": criterion.description})
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_update(actor=user, criterion=criterion, **form.cleaned_data)
        except (ValidationError, Conflict) as exc:
            _refused(form, exc)
        else:
            messages.success(request, "评分项已修改")
            return redirect("standards:standard_edit", criterion.standard_id)
    return _form_page(request, form, f"{criterion.standard}：修改评分项", "standards:standard_list", "返回标准与目标")


@login_required
@require_POST
def criterion_move(request, pk):
    user = request.user
    criterion = _criterion_or_404(request, pk)
    permissions.require(user, "change", criterion)
    try:
        services.criterion_move(actor=user, criterion=criterion, up=request.POST.get("direction") == "up")
    except Conflict as exc:
        messages.error(request, exc.message)
    return redirect("standards:standard_edit", criterion.standard_id)


@login_required
def criterion_remove(request, pk):
    """GET asks for confirmation; POST removes the criterion."""
    user = request.user
    criterion = _criterion_or_404(request, pk)
    permissions.require(user, "delete", criterion)
    if request.method == "POST":
        try:
            services.criterion_remove(actor=user, criterion=criterion)
        except Conflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已删除评分项“{criterion.title}”")
        return redirect("standards:standard_edit", criterion.standard_id)
    return render(request, "standards/setup_criterion_remove.html", {"criterion": criterion})
