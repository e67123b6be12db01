"""开通向导: the set-up checklist and the city profile page (city admin)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control

from gongjian import permissions

from . import selectors, services
from .forms import CityProfileForm
from .models import CityProfile


@login_required
def checklist(request):
    if not permissions.can(request.user, "setup", CityProfile):
        raise PermissionDenied("只有市级管理员可以使用开通向导")
    steps = selectors.checklist()
    return render(request, "citysetup/checklist.html", {
        "steps": steps, "done": sum(s.done for s in steps), "total": len(steps),
    })


@login_required
def profile(request):
    if not permissions.can(request.user, "change", CityProfile):
        raise PermissionDenied("只有市级管理员可以修改城市信息")
    current = selectors.city_profile()
    form = CityProfileForm(request.POST or None, request.FILES or None, instance=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.city_profile_save(
                actor=request.user, name=data["name"], division_code=data["division_code"],
                archive_prefix=data["archive_prefix"], department=data["department"],
                emblem=request.FILES.get("emblem"), remove_emblem=data["remove_emblem"])
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                for err in errs:
                    form.add_error(field if field in form.fields else None, err)
        else:
            messages.success(request, "城市信息已保存")
            return redirect("citysetup:checklist")
    return render(request, "citysetup/profile.html", {"form": form, "profile": current})


@cache_control(max_age=3600, public=True)
def emblem(request):
    """The city's emblem, shown on public and staff pages (public by nature)."""
    profile = selectors.city_profile()
    if not profile.pk or not profile.emblem:
        raise Http404("未设置标志")
    return FileResponse(profile.emblem.open("rb"))
