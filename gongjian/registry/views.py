"""Registry staff pages: lists with search and pagination, add, edit, retire/restore, Excel import.

The five kinds of records (streets, communities, units, Party organisations, cadres) share one set of
views driven by a table of `Kind`s: each view checks permission, parses the form, calls one service
and renders. Rows are looked up inside what the user may see, so another street's community is a 404.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.core.errors import error_text
from gongjian.core.paging import page_of
from gongjian.core.xlsx import xlsx_download, xlsx_response

from . import forms, imports, selectors, services
from .models import Cadre, Community, PartyOrganization, Street, Unit


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    model: type
    form: type
    keyword: str  # the service's argument naming the row
    create: Callable
    update: Callable
    retire: Callable
    restore: Callable
    rows: Callable  # selector(user, **filters)
    headers: tuple[str, ...]
    cells: Callable  # row → the list's cells
    filters: tuple[str, ...] = ("q", "status")
    export: tuple | None = None  # (filename, headers, cells) for ?format=xlsx
    lookup: Callable = field(default=None)  # user → the rows an id is looked up in

    @property
    def list_name(self) -> str:
        return f"registry:{LIST_NAMES[self.slug]}"

    def queryset(self, user):
        return self.lookup(user) if self.lookup else permissions.visible(user, self.model)


LIST_NAMES = {"streets": "street_list", "communities": "community_list", "units": "unit_list",
              "party-organizations": "party_organization_list", "cadres": "cadre_list"}


def _tier(c):
    return c.get_tier_display() or "未评定"


KINDS = {k.slug: k for k in (
    Kind("streets", "街道", Street, forms.StreetForm, "street", services.street_create, services.street_update,
         services.street_retire, services.street_restore, selectors.street_rows,
         ("名称", "代码", "在册社区"), lambda s: (s.name, s.code, s.community_count)),
    Kind("communities", "社区", Community, forms.CommunityForm, "community", services.community_create,
         services.community_update, services.community_retire, services.community_restore,
         selectors.community_rows, ("社区", "代码", "街道", "居民人数", "类别", "办公场所", "办公面积(㎡)", "辖区单位"),
         lambda c: (c.name, c.code, c.street.name, c.residents, _tier(c), c.get_office_premises_display(),
                    c.office_area if c.office_area is not None else "—", c.unit_count),
         filters=("q", "street", "status"),
         export=("社区.xlsx", ["社区", "街道", "居民人数", "类别", "办公场所", "辖区单位数"],
                 lambda c: (c.name, c.street.name, c.residents, _tier(c), c.get_office_premises_display(),
                            c.unit_count)),
         lookup=permissions.communities_in_scope),
    Kind("units", "辖区单位", Unit, forms.UnitForm, "unit", services.unit_create, services.unit_update,
         services.unit_retire, services.unit_restore, selectors.unit_rows,
         ("单位名称", "性质", "行政级别", "所在社区", "联系人"),
         lambda u: (u.name, u.get_kind_display(), u.get_rank_display(), u.community.name, u.contact_name),
         filters=("q", "community", "status"),
         export=("辖区单位.xlsx", ["单位名称", "性质", "行政级别", "所在社区"],
                 lambda u: (u.name, u.get_kind_display(), u.get_rank_display(), u.community.name))),
    Kind("party-organizations", "党组织", PartyOrganization, forms.PartyOrganizationForm, "organization",
         services.party_organization_create, services.party_organization_update,
         services.party_organization_retire, services.party_organization_restore,
         selectors.party_organization_rows, ("名称", "类型", "所属", "党员人数"),
         lambda o: (o.name, o.get_kind_display(), (o.community or o.unit).name, o.members_count),
         filters=("q", "community", "status"),
         lookup=lambda user: permissions.visible(user, PartyOrganization).select_related("unit")),
    Kind("cadres", "社区干部", Cadre, forms.CadreForm, "cadre", services.cadre_create, services.cadre_update,
         services.cadre_retire, services.cadre_restore, selectors.cadre_rows,
         ("姓名", "社区", "职务", "出生年份", "文化程度", "电话"),
         lambda c: (c.name, c.community.name, c.position, c.birth_year, c.get_education_display(), c.phone),
         filters=("q", "community", "status")),
)}
IMPORT_KINDS = {"streets": "streets", "communities": "communities", "units": "units",
                "party-organizations": "party_organizations", "cadres": "cadres"}


def _kind(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404("没有这类台账") from None


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 18 else None


def _nav(user) -> dict:
    return {"can_load": permissions.can(user, "create", Street)}


# ------------------------------------------------------------------------------ lists


def record_list(request, slug: str):
    kind = _kind(slug)
    user = request.user
    params = {"q": request.GET.get("q", "").strip()[:100], "status": request.GET.get("status", "")}
    if params["status"] not in selectors.STATUSES:
        params["status"] = ""
    if "street" in kind.filters:
        params["street"] = _number(request.GET.get("street", ""))
    if "community" in kind.filters:
        params["community"] = _number(request.GET.get("community", ""))
    rows = kind.rows(user, **params)
    if kind.export and request.GET.get("format") == "xlsx":
        filename, headers, cells = kind.export
        return xlsx_download(filename=filename, title=filename.removesuffix(".xlsx"), headers=headers,
                             rows=(cells(r) for r in rows.iterator(chunk_size=2000)))
    page = page_of(request, rows)
    table = [{"obj": r, "cells": list(zip(kind.headers, kind.cells(r), strict=True)),
              "can_change": permissions.can(user, "change", r)} for r in page]
    return render(request, "registry/record_list.html", {
        "kind": kind, "page": page, "table": table, "params": params, "statuses": selectors.STATUSES,
        "can_create": permissions.can(user, "create", kind.model),
        "streets": (permissions.visible(user, Street).active().order_by("code")
                    if "street" in kind.filters else ()),
        "communities": (permissions.communities_in_scope(user).active().order_by("code")
                        if "community" in kind.filters else ()),
        **_nav(user),
    })


unit_list = login_required(lambda request: record_list(request, "units"))
community_list = login_required(lambda request: record_list(request, "communities"))
street_list = login_required(lambda request: record_list(request, "streets"))
party_organization_list = login_required(lambda request: record_list(request, "party-organizations"))
cadre_list = login_required(lambda request: record_list(request, "cadres"))


# ------------------------------------------------------------------------------ add and edit


def _form(kind: Kind, user, *args, **kwargs):
    if kind.model is Community:
        kwargs["streets"] = selectors.streets_for_communities(user)
    elif kind.model is not Street:
        kwargs["communities"] = selectors.communities_for_records(user, kind.model).order_by("code")
    if kind.model is PartyOrganization:
        kwargs["units"] = (permissions.visible(user, Unit).active().select_related("community")
                           .order_by("community__code", "name"))
    return kind.form(*args, **kwargs)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def record_add(request, slug: str):
    kind = _kind(slug)
    permissions.require(request.user, "create", kind.model)
    form = _form(kind, request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = kind.create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"已新增{kind.label}“{row}”。")
            return redirect(kind.list_name)
    return render(request, "registry/record_form.html", {"kind": kind, "form": form, "obj": None,
                                                         **_nav(request.user)})


@login_required
def record_edit(request, slug: str, pk):
    kind = _kind(slug)
    obj = permissions.get_visible_or_404(request.user, kind.model, pk, kind.queryset(request.user))
    permissions.require(request.user, "change", obj)
    initial = {name: getattr(obj, name) for name in kind.form.base_fields}
    form = _form(kind, request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            kind.update(actor=request.user, **{kind.keyword: obj}, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"已保存{kind.label}“{form.cleaned_data['name']}”。")
            return redirect(kind.list_name)
    return render(request, "registry/record_form.html", {"kind": kind, "form": form, "obj": obj,
                                                         **_nav(request.user)})


# ------------------------------------------------------------------------------ retire and restore


@login_required
def record_retire(request, slug: str, pk):
    """GET asks for confirmation; POST retires."""
    kind = _kind(slug)
    obj = permissions.get_visible_or_404(request.user, kind.model, pk, kind.queryset(request.user))
    permissions.require(request.user, "retire", obj)
    if request.method == "POST":
        try:
            kind.retire(actor=request.user, **{kind.keyword: obj})
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, f"已撤销{kind.label}“{obj}”。需要时可在“已撤销”中恢复。")
        return redirect(kind.list_name)
    return render(request, "registry/record_retire.html", {"kind": kind, "obj": obj, **_nav(request.user)})


@login_required
@require_POST
def record_restore(request, slug: str, pk):
    kind = _kind(slug)
    obj = permissions.get_visible_or_404(request.user, kind.model, pk, kind.queryset(request.user))
    permissions.require(request.user, "retire", obj)
    try:
        kind.restore(actor=request.user, **{kind.keyword: obj})
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已恢复{kind.label}“{obj}”。")
    return redirect(kind.list_name)


# ------------------------------------------------------------------------------ Excel import


@login_required
def record_import(request, slug: str):
    kind = _kind(slug)
    permissions.require(request.user, "create", kind.model)
    spec = imports.SHEETS[IMPORT_KINDS[slug]]
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    detail, errors = "", []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = imports.registry_import(actor=request.user, kind=IMPORT_KINDS[slug], file=upload,
                                              filename=upload.name)
        except imports.ImportRefused as exc:
            detail, errors = exc.detail, exc.rows
        else:
            messages.success(request, f"已导入 {created} 条{kind.label}。")
            return redirect(kind.list_name)
    return render(request, "registry/record_import.html", {
        "kind": kind, "form": form, "spec": spec, "detail": detail, "errors": errors, **_nav(request.user),
    })


@login_required
def import_template(request, slug: str):
    kind = _kind(slug)
    permissions.require(request.user, "create", kind.model)
    return xlsx_response(f"{kind.label}导入模板.xlsx", imports.template_sheets(IMPORT_KINDS[slug]))
