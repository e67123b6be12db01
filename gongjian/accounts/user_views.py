"""用户管理: the city admin (and a street admin for its own communities and units) creates users,
imports them from Excel, prints initial-password login slips, resets passwords and deactivates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongjian import permissions
from gongjian.core.paging import page_of
from gongjian.core.xlsx import xlsx_download

from . import imports, services
from .forms import UserCreateForm, UserEditForm, UserImportForm, role_choices
from .models import Role, User

PER_PAGE = 30


def _require_manager(user):
    if not permissions.can(user, "create", User):
        raise PermissionDenied("只有市级管理员和街道管理员可以管理用户")


def _slips(request, created, title):
    """The login slips page: shown once, right after the passwords were made (they are not stored)."""
    return render(request, "accounts/users/slips.html", {
        "created": created, "title": title,
        "login_url": request.build_absolute_uri("/staff/login/"),
    })


@login_required
def user_list(request):
    _require_manager(request.user)
    qs = (permissions.visible(request.user, User)
          .select_related("street", "community", "unit").prefetch_related("communities")
          .order_by("-is_active", "role", "username"))
    q = request.GET.get("q", "").strip()[:50]
    role = request.GET.get("role", "")
    status = request.GET.get("status", "active")
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(first_name__contains=q) | Q(phone__contains=q)
                       | Q(community__name__contains=q) | Q(unit__name__contains=q) | Q(street__name__contains=q))
    if role in Role.values:
        qs = qs.filter(role=role)
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "inactive":
        qs = qs.filter(is_active=False)
    if request.GET.get("format") == "xlsx":
        rows = ((u.username, u.first_name, u.phone, u.role_label, u.scope_label, "启用" if u.is_active else "停用",
                 u.last_login.strftime("%Y-%m-%d %H:%M") if u.last_login else "从未登录") for u in qs)
        return xlsx_download(filename="用户.xlsx", title="用户",
                             headers=["用户名", "姓名", "手机", "角色", "所属", "状态", "最近登录"], rows=rows)
    return render(request, "accounts/users/list.html", {
        "page": page_of(request, qs, PER_PAGE), "q": q, "role": role, "status": status,
        "roles": role_choices(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    _require_manager(request.user)
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scope = form.scope()
        communities = list(data.get("communities") or [])
        candidate = User(role=data["role"], **({services.SCOPE_FIELD[data["role"]]: scope} if scope else {}))
        if not permissions.can(request.user, "create", candidate):
            raise PermissionDenied("超出您的管理范围")
        password = services.initial_password()
        try:
            user = services.user_create(actor=request.user, username=data["username"], password=password,
                                        role=data["role"], scope=scope, communities=communities,
                                        must_change_password=True, first_name=data["first_name"])
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                target = {"scope": {Role.STREET: "street", Role.COMMUNITY: "community",
                                    Role.UNIT: "unit"}.get(data["role"])}.get(field, field)
                for err in errs:
                    form.add_error(target if target in form.fields else None, err)
        else:
            if data["phone"]:
                services.user_update(actor=request.user, user=user, first_name=user.first_name, phone=data["phone"])
            messages.success(request, f"已开设账号 {user.username}，请打印登录条交给本人")
            return _slips(request, [imports.Created(user, password)], "新账号登录条")
    return render(request, "accounts/users/create.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def user_detail(request, pk):
    _require_manager(request.user)
    target = permissions.get_visible_or_404(request.user, User, pk)
    may_change = permissions.can(request.user, "change", target)
    form = UserEditForm(request.POST or None, actor=request.user, target=target, initial={
        "first_name": target.first_name, "phone": target.phone, "communities": list(target.communities.all())})
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied("您不能修改这个账号")
        if form.is_valid():
            try:
                services.user_update(actor=request.user, user=target, first_name=form.cleaned_data["first_name"],
                                     phone=form.cleaned_data["phone"],
                                     communities=form.cleaned_data.get("communities"))
            except ValidationError as exc:
                for field, errs in exc.message_dict.items():
                    for err in errs:
                        form.add_error(field if field in form.fields else None, err)
            else:
                messages.success(request, "已保存")
                return redirect("accounts:user_detail", pk=target.pk)
    return render(request, "accounts/users/detail.html", {"target": target, "form": form, "may_change": may_change})


@login_required
@require_http_methods(["GET", "POST"])
def user_password_reset(request, pk):
    _require_manager(request.user)
    target = permissions.get_visible_or_404(request.user, User, pk)
    permissions.require(request.user, "reset_password", target)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        password = services.user_password_reset(actor=request.user, user=target)
        messages.success(request, f"已重置 {target.username} 的密码，请打印登录条交给本人")
        return _slips(request, [imports.Created(target, password)], "重置密码登录条")
    return render(request, "accounts/users/confirm.html", {
        "target": target, "title": "重置密码",
        "explain": "将生成一个新的初始密码，旧密码和已发出的 API 令牌立即失效；本人下次登录须修改密码。",
        "button": "确认重置密码"})


@login_required
@require_http_methods(["GET", "POST"])
def user_active(request, pk):
    _require_manager(request.user)
    target = permissions.get_visible_or_404(request.user, User, pk)
    permissions.require(request.user, "deactivate", target)
    activate = not target.is_active
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            services.user_set_active(actor=request.user, user=target, active=activate)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已{'启用' if activate else '停用'}账号 {target.username}")
        return redirect("accounts:user_detail", pk=target.pk)
    return render(request, "accounts/users/confirm.html", {
        "target": target, "title": "启用账号" if activate else "停用账号",
        "explain": ("启用后本人可以再次登录。" if activate else
                    "停用后本人不能再登录，已发出的 API 令牌立即失效；账号不会删除，历史记录里仍保留其姓名。"),
        "button": "确认启用" if activate else "确认停用"})


@login_required
@require_http_methods(["GET", "POST"])
def user_import(request):
    _require_manager(request.user)
    if request.GET.get("template") == "1":
        return xlsx_download(filename="用户导入模板.xlsx", title="用户", headers=imports.HEADERS,
                             rows=imports.TEMPLATE_EXAMPLE)
    form = UserImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            created = imports.users_import(actor=request.user, fileobj=form.cleaned_data["file"])
        except imports.ImportRefused as exc:
            form.add_error("file", exc.detail)
            errors = exc.rows
        else:
            messages.success(request, f"已导入 {len(created)} 个用户，请打印登录条交给本人")
            return _slips(request, created, "导入用户登录条")
    return render(request, "accounts/users/import.html", {"form": form, "errors": errors,
                                                           "max_rows": imports.MAX_ROWS})
