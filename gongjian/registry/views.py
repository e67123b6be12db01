from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render

from gongjian import permissions

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
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "registry/community_list.html", {
        "page": page, "q": q, "street_id": street_id,
        "streets": permissions.visible(request.user, Street).order_by("code"),
    })
