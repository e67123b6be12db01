"""The staff page that loads a county's streets and communities from the national division list."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from gongjian import permissions
from gongjian.core.errors import error_text
from gongjian.registry.models import Street

from . import services, source


@login_required
def load(request):
    """Find the county-level city by name, tick the streets that take part, load them (city admin)."""
    permissions.require(request.user, "create", Street)
    q = request.GET.get("q", "").strip()
    county_code = (request.POST.get("county") if request.method == "POST" else request.GET.get("county", "")) or ""
    matches, county, streets, error = [], None, [], ""
    try:
        if request.method == "POST":
            result = services.divisions_load(county=county_code, streets=request.POST.getlist("streets"),
                                             actor=request.user)
            messages.success(request, "已载入" + result.summary())
            return redirect(reverse("divisions:load") + "?" + urlencode({"county": result.county.code}))
        if county_code:
            county = services.county_or_error(county_code.strip())
            streets = source.streets_of(county.code)
        elif q:
            matches = source.counties_search(q)
    except source.DivisionsUnavailable as exc:
        error = exc.message
    except ValidationError as exc:
        error = error_text(exc)
        if request.method == "POST" and county is None:
            try:
                county = services.county_or_error(county_code.strip())
                streets = source.streets_of(county.code)
            except (ValidationError, source.DivisionsUnavailable):
                county = None
    registered = {s.code: s for s in Street.objects.filter(code__in=[d.code for d in streets])}
    rows = [{"division": d, "street": registered.get(d.code)} for d in streets]
    return render(request, "divisions/load.html", {
        "q": q, "matches": matches, "county": county, "rows": rows, "error": error, "can_load": True,
    })
