"""意见类别: the city admin adds, renames, reorders and deactivates opinion categories. A category in
use is deactivated, never deleted; an unused one the city added may be deleted."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.core.errors import Conflict, error_text
from gongjian.core.paging import page_of

from .. import services
from ..categories import STANDARD_CODES
from ..forms import CategoryEditForm, CategoryForm
from ..models import Category, Opinion, Problem


def _require_admin(user) -> None:
    if not permissions.can(user, "create", Category):
        raise PermissionDenied("只有市级管理员可以管理意见类别")


def _add_errors(form, exc: ValidationError) -> None:
    for field, errs in exc.message_dict.items():
        for err in errs:
            form.add_error(field if field in form.fields else None, err)


@login_required
def category_list(request):
    user = request.user
    _require_admin(user)
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            category = services.category_create(actor=user, code=data["code"], name=data["name"],
                                                description=data["description"], sort_order=data["sort_order"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"已新增类别“{category.name}”")
            return redirect("solicitation:category_list")
    q = request.GET.get("q", "").strip()
    rows = permissions.visible(user, Category).order_by("sort_order", "code")
    if q:
        rows = rows.filter(Q(name__contains=q) | Q(code__contains=q.lower()))
    page = page_of(request, rows, per_page=100)
    # Counted over every opinion and problem (not only the admin's view of them: the city admin sees all),
    # one grouped query each, rather than a join of opinions with problems.
    ids = [c.pk for c in page]
    opinions = dict(Opinion.objects.filter(category_id__in=ids).order_by().values("category_id")
                    .annotate(n=Count("id")).values_list("category_id", "n"))
    problems = dict(Problem.objects.filter(category_id__in=ids).order_by().values("category_id")
                    .annotate(n=Count("id")).values_list("category_id", "n"))
    for category in page:
        category.standard = category.code in STANDARD_CODES
        category.n_opinions, category.n_problems = opinions.get(category.pk, 0), problems.get(category.pk, 0)
        category.in_use = bool(category.n_opinions or category.n_problems)
    return render(request, "solicitation/category_list.html", {"page": page, "q": q, "form": form})


@login_required
def category_update(request, pk: int):
    user = request.user
    category = permissions.get_visible_or_404(user, Category, pk)
    permissions.require(user, "change", category)
    form = CategoryEditForm(request.POST or None, initial={
        "name": category.name, "description": category.description, "sort_order": category.sort_order})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.category_update(actor=user, category=category, name=data["name"],
                                     description=data["description"], sort_order=data["sort_order"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"类别“{data['name']}”已保存")
            return redirect("solicitation:category_list")
    return render(request, "solicitation/category_edit.html", {"category": category, "form": form})


@login_required
@require_POST
def category_move(request, pk: int):
    user = request.user
    category = permissions.get_visible_or_404(user, Category, pk)
    permissions.require(user, "change", category)
    try:
        services.category_move(actor=user, category=category, direction=request.POST.get("direction", ""))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("solicitation:category_list")


@login_required
def category_set_active(request, pk: int):
    """Deactivate (or bring back) a category, after a confirmation page that says what it means."""
    user = request.user
    category = permissions.get_visible_or_404(user, Category, pk)
    permissions.require(user, "change", category)
    active = not category.active
    if request.method == "POST":
        try:
            services.category_set_active(actor=user, category=category, active=active)
        except Conflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"类别“{category.name}”已{'启用' if active else '停用'}")
        return redirect("solicitation:category_list")
    explain = ("启用后，居民和工作人员录入意见时又可以选择这个类别。" if active else
               "停用后，居民和工作人员录入意见时不能再选择这个类别；已有的意见和问题仍保留这个类别，"
               "统计照常。以后可以重新启用。")
    return render(request, "solicitation/category_confirm.html", {
        "category": category, "title": "启用类别" if active else "停用类别", "explain": explain,
        "button": "确认启用" if active else "确认停用",
    })


@login_required
def category_delete(request, pk: int):
    user = request.user
    category = permissions.get_visible_or_404(user, Category, pk)
    permissions.require(user, "change", category)
    if request.method == "POST":
        try:
            services.category_delete(actor=user, category=category)
        except Conflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"类别“{category.name}”已删除")
        return redirect("solicitation:category_list")
    return render(request, "solicitation/category_confirm.html", {
        "category": category, "title": "删除类别",
        "explain": "这个类别还没有任何意见或问题使用。删除后不能恢复；如以后可能再用，请改为停用。",
        "button": "确认删除",
    })
