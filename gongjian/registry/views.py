from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render

from gongjian import permissions
from gongjian.core.xlsx import xlsx_download

from .models import Community, Street, Unit


@login_required
def unit_list(request):
    qs = (permissions.visible(request.user, Unit).select_related("community")
          .order_by("community__code", "name", "id"))
    q = request.GET.get("q", "").strip()
    community_id = request.GET.get("community", "")
    if q:
        qs = qs.filter(name__contains=q)
    if community_id.isdigit():
        qs = qs.filter(community_id=int(community_id))
    if request.GET.get("format") == "xlsx":
        rows = ((u.name, u.get_kind_display(), u.get_rank_display(), u.community.name)
                for u in qs.iterator(chunk_size=2000))
        return xlsx_download(filename="辖区单位.xlsx", title="辖区单位", headers=["单位名称", "性质", "行政级别", "所在社区"],
                             rows=rows, widths=[36, 12, 12, 16])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    communities = Community.objects.filter(permissions.scope_of(request.user).community_q("id")).order_by("code")
    return render(request, "registry/unit_list.html", {
        "page": page, "q": q, "community_id": community_id, "communities": communities,
    })


@login_required
def community_list(request):
    qs = (permissions.visible(request.user, Community)
          .filter(permissions.scope_of(request.user).community_q("id"))
          .select_related("street").annotate(unit_count=Count("units")).order_by("code"))
    q = request.GET.get("q", "").strip()
    street_id = request.GET.get("street", "")
    if q:
        qs = qs.filter(name__contains=q)
    if street_id.isdigit():
        qs = qs.filter(street_id=int(street_id))
    if request.GET.get("format") == "xlsx":
        rows = ((c.name, c.street.name, c.residents, c.get_tier_display() or "未评定", c.get_office_premises_display(),
                 c.unit_count) for c in qs)
        return xlsx_download(filename="社区.xlsx", title="社区",
                             headers=["社区", "街道", "居民人数", "类别", "办公场所", "辖区单位数"], rows=rows)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "registry/community_list.html", {
        "page": page, "q": q, "street_id": street_id,
        "streets": permissions.visible(request.user, Street).order_by("code"),
    })
