"""Staff pages of community conditions: the overview (per street or per community), cadres' training
records and the yearly budgets, and the .xlsx export of the overview."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from gongjian import permissions
from gongjian.core.errors import error_text
from gongjian.core.paging import page_of
from gongjian.core.params import id_param, year_param
from gongjian.core.xlsx import xlsx_response
from gongjian.registry.models import Cadre, Community

from . import selectors, services
from .models import CadreTraining, CommunityBudget
from .permissions import READERS
from .selectors import build_overview


def _require_reader(user):
    if permissions.scope_of(user).role not in READERS:
        raise PermissionDenied("社区基础条件只对市、街道、社区开放")


def _year(request) -> int:
    value = request.GET.get("year", "")
    return year_param(value, low=1990) or timezone.localdate().year


@login_required
def overview(request):
    _require_reader(request.user)
    year = _year(request)
    scope = permissions.scope_of(request.user)
    by = request.GET.get("by") or ("street" if scope.everything else "community")
    by = by if by in ("street", "community") else "street"
    data = build_overview(request.user, year, by=by)
    gaps = selectors.communities_with_gaps(permissions.communities_in_scope(request.user))
    return render(request, "conditions/overview.html", {
        "data": data, "year": year, "by": by, "gaps": gaps, "age_bands": selectors.AGE_BANDS,
        "education": selectors.EDUCATION, "premises": selectors.PREMISES,
        "years": range(timezone.localdate().year, 2008, -1),
    })


class TrainingForm(forms.Form):
    cadre = forms.ModelChoiceField(label="社区干部", queryset=Cadre.objects.none())
    title = forms.CharField(label="培训内容", max_length=200)
    organiser = forms.CharField(label="主办单位", max_length=100, required=False)
    held_on = forms.DateField(label="培训日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    hours = forms.DecimalField(label="学时", min_value=0.5, max_value=1000, decimal_places=1)
    certificate = forms.CharField(label="证书/结业情况", max_length=100, required=False)


@login_required
def trainings(request):
    _require_reader(request.user)
    cadres = permissions.visible(request.user, Cadre).select_related("community").order_by("community__code", "id")
    community_id = request.GET.get("community", "")
    if id_param(community_id):
        cadres = cadres.filter(community_id=id_param(community_id))
    form = TrainingForm(request.POST or None)
    form.fields["cadre"].queryset = cadres
    form.fields["cadre"].label_from_instance = lambda c: f"{c.community.name} · {c.name}（{c.position}）"
    if request.method == "POST":
        permissions.require(request.user, "create", CadreTraining)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.training_record(actor=request.user, cadre=data["cadre"], title=data["title"],
                                         held_on=data["held_on"], hours=data["hours"], organiser=data["organiser"],
                                         certificate=data["certificate"])
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, "培训记录已登记")
                return redirect(request.get_full_path())
    qs = permissions.visible(request.user, CadreTraining).select_related("cadre", "community").order_by("-held_on", "-id")
    if id_param(community_id):
        qs = qs.filter(community_id=id_param(community_id))
    return render(request, "conditions/trainings.html", {
        "page": page_of(request, qs), "form": form, "community_id": community_id,
        "communities": permissions.communities_in_scope(request.user).order_by("code"),
    })


class BudgetForm(forms.Form):
    community = forms.ModelChoiceField(label="社区", queryset=Community.objects.none())
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100)
    allocated = forms.DecimalField(label="核定工作经费（元）", min_value=0, decimal_places=2)
    spent = forms.DecimalField(label="已支出（元）", min_value=0, decimal_places=2, initial=0)
    source = forms.CharField(label="经费来源", max_length=100, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)


@login_required
def budgets(request):
    _require_reader(request.user)
    year = _year(request)
    may_set = permissions.can(request.user, "create", CommunityBudget)
    form = BudgetForm(request.POST or None, initial={"year": year})
    form.fields["community"].queryset = permissions.communities_in_scope(request.user).order_by("code")
    if request.method == "POST":
        permissions.require(request.user, "create", CommunityBudget)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.budget_set(actor=request.user, community=data["community"], year=data["year"],
                                    allocated=data["allocated"], spent=data["spent"], source=data["source"],
                                    note=data["note"])
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, "工作经费已保存")
                return redirect(f"{request.path}?year={data['year']}")
    rows = (permissions.visible(request.user, CommunityBudget).filter(year=year)
            .select_related("community", "community__street").order_by("community__code"))
    return render(request, "conditions/budgets.html", {
        "rows": rows, "form": form, "may_set": may_set, "year": year,
        "years": range(timezone.localdate().year, 2008, -1),
    })


@login_required
def export(request):
    _require_reader(request.user)
    year = _year(request)
    by = request.GET.get("by", "community")
    by = by if by in ("street", "community") else "community"
    data = build_overview(request.user, year, by=by)
    headers = (["街道" if by == "street" else "社区", "社区数", "居民人数"]
               + [f"办公场所-{label}" for _v, label in selectors.PREMISES]
               + ["平均办公面积(㎡)", "社区干部"] + [label for _b, label, *_r in selectors.AGE_BANDS]
               + [label for _v, label in selectors.EDUCATION]
               + ["本年受训人数", "培训学时", "核定经费(元)", "已支出(元)", "部门承诺经费(元)", "部门已拨付(元)",
                  "部门尚欠(元)"])

    def line(r):
        return ([r["name"], r.get("communities") or 0, r.get("residents") or 0]
                + [r.get(f"premises_{v}") or 0 for v, _l in selectors.PREMISES]
                + [r.get("office_area"), r.get("cadres") or 0] + [r.get(b) or 0 for b, *_r in selectors.AGE_BANDS]
                + [r.get(f"edu_{v}") or 0 for v, _l in selectors.EDUCATION]
                + [r.get("trained") or 0, r.get("hours") or 0, r.get("allocated") or 0, r.get("spent") or 0,
                   r.get("promised") or 0, r.get("paid") or 0, r["balance"]])

    rows = [line(r) for r in data["rows"]] + [line(data["total"])]
    gaps = [[c.street.name, c.name, c.get_office_premises_display(), c.office_area or ""]
            for c in selectors.communities_with_gaps(permissions.communities_in_scope(request.user))]
    return xlsx_response(f"社区基础条件-{year}.xlsx", [
        (f"{year}年基础条件", headers, rows),
        ("办公场所缺口", ["街道", "社区", "办公场所", "面积(㎡)"], gaps),
    ])
