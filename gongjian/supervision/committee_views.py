"""Staff pages of the set-up the city and streets keep: leaders' contact points 领导联系点 (city) and the
communities' coordination committees 协调委员会 (street for its own communities, city for all; the
community and its units read theirs).

Each view: look the object up among the visible ones (404) → permission (403) → parse the form → one
service call (the same the API calls) → redirect with a plain-words message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse

from gongjian import permissions
from gongjian.accounts.models import Role, User
from gongjian.core.errors import Conflict
from gongjian.core.masking import mask_phone
from gongjian.core.paging import page_of
from gongjian.registry.models import Community, Unit

from .forms import CommitteeMemberForm, ContactPointForm, add_service_errors
from .models import CommitteeMember, ContactPoint
from .services import committees


def _id(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and int(value) <= permissions.MAX_ID else None


def _community_or_404(request, pk) -> Community:
    return permissions.get_visible_or_404(request.user, Community, pk,
                                          queryset=permissions.communities_in_scope(request.user))


# ------------------------------------------------------------------------------ contact points

@login_required
def contact_points(request):
    user = request.user
    q = (request.GET.get("q") or "").strip()[:50]
    rows = permissions.visible(user, ContactPoint).select_related("leader", "community__street")
    if q:
        rows = rows.filter(Q(community__name__icontains=q) | Q(leader__first_name__icontains=q)
                           | Q(leader__username__icontains=q) | Q(leader_title__icontains=q))
    page = page_of(request, rows.order_by("community__street__code", "community__code", "id"))
    return render(request, "supervision/contact_points.html", {
        "page": page, "q": q, "can_create": permissions.can(user, "create", ContactPoint),
        "can_change": permissions.scope_of(user).role == Role.CITY,
    })


@login_required
def contact_point_add(request):
    user = request.user
    permissions.require(user, "create", ContactPoint)
    form = ContactPointForm(request.POST or None,
                            leaders=User.objects.filter(role=Role.LEADER, is_active=True).order_by("username"),
                            communities=permissions.communities_in_scope(user).order_by("code"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            committees.contact_point_create(actor=user, leader=data["leader"], community=data["community"],
                                            leader_title=data["leader_title"], started_on=data["started_on"])
        except (ValidationError, Conflict) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已建立联系点：{data['leader']} · {data['community']}")
            return redirect("supervision:contact_points")
    return render(request, "supervision/contact_point_form.html", {"form": form, "point": None})


@login_required
def contact_point_edit(request, pk):
    user = request.user
    point = permissions.get_visible_or_404(user, ContactPoint, pk,
                                           permissions.visible(user, ContactPoint).select_related("leader", "community"))
    permissions.require(user, "change", point)
    form = ContactPointForm(request.POST or None, editing=True,
                            initial={"leader_title": point.leader_title, "started_on": point.started_on})
    if request.method == "POST" and form.is_valid():
        try:
            committees.contact_point_update(actor=user, point=point, **form.cleaned_data)
        except (ValidationError, Conflict) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "联系点已修改")
            return redirect("supervision:contact_points")
    return render(request, "supervision/contact_point_form.html", {"form": form, "point": point})


@login_required
def contact_point_end(request, pk):
    """GET asks for confirmation; POST ends the contact point."""
    user = request.user
    point = permissions.get_visible_or_404(user, ContactPoint, pk,
                                           permissions.visible(user, ContactPoint).select_related("leader", "community"))
    permissions.require(user, "end", point)
    if request.method == "POST":
        try:
            committees.contact_point_end(actor=user, point=point)
        except (ValidationError, Conflict) as exc:
            messages.error(request, getattr(exc, "message", None) or "；".join(exc.messages))
        else:
            messages.success(request, f"已撤销联系点：{point}")
        return redirect("supervision:contact_points")
    return render(request, "supervision/contact_point_end.html", {"point": point})


# ------------------------------------------------------------------------------ coordination committee

@login_required
def committee(request):
    """The committee members of the user's communities, filtered by community and searched by name."""
    user = request.user
    scope = permissions.scope_of(user)
    communities = list(permissions.communities_in_scope(user).order_by("code").values("id", "name"))
    community_id = _id(request.GET.get("community"))
    q = (request.GET.get("q") or "").strip()[:50]
    show = request.GET.get("show") or "active"
    rows = permissions.visible(user, CommitteeMember).select_related("community", "unit")
    if community_id is not None:
        rows = rows.filter(community_id=community_id)
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(unit__name__icontains=q) | Q(unit_position__icontains=q))
    if show != "all":
        rows = rows.filter(active=True)
    page = page_of(request, rows.order_by("community__code", "-active", "post", "id"))
    masked = scope.role == Role.UNIT
    for member in page.object_list:
        member.shown_phone = mask_phone(member.phone) if masked else member.phone
        member.may_change = permissions.can(user, "change", member)
    return render(request, "supervision/committee.html", {
        "page": page, "q": q, "show": show, "communities": communities, "community_id": community_id,
        "can_create": permissions.can(user, "create", CommitteeMember),
    })


def _committee_url() -> str:
    return reverse("supervision:committee")


def _member_form(request, community, initial=None):
    units = Unit.objects.filter(community=community).order_by("id")
    return CommitteeMemberForm(request.POST or None, units=units, initial=initial)


@login_required
def committee_member_add(request, community_pk):
    user = request.user
    community = _community_or_404(request, community_pk)
    permissions.require(user, "create", CommitteeMember(community_id=community.pk))
    form = _member_form(request, community, initial={"post": CommitteeMember.Post.MEMBER})
    if request.method == "POST" and form.is_valid():
        try:
            committees.committee_member_add(actor=user, community=community, **form.cleaned_data)
        except (ValidationError, Conflict) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已增补{community}协调委员会委员：{form.cleaned_data['name']}")
            return redirect(f"{_committee_url()}?community={community.pk}")
    return render(request, "supervision/committee_member_form.html",
                  {"form": form, "community": community, "member": None})


@login_required
def committee_member_edit(request, pk):
    user = request.user
    member = permissions.get_visible_or_404(user, CommitteeMember, pk,
                                            permissions.visible(user, CommitteeMember).select_related("community"))
    permissions.require(user, "change", member)
    form = _member_form(request, member.community, initial={
        "name": member.name, "unit": member.unit_id, "post": member.post,
        "unit_position": member.unit_position, "phone": member.phone})
    if request.method == "POST" and form.is_valid():
        try:
            committees.committee_member_update(actor=user, member=member, **form.cleaned_data)
        except (ValidationError, Conflict) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "委员信息已修改")
            return redirect(f"{_committee_url()}?community={member.community_id}")
    return render(request, "supervision/committee_member_form.html",
                  {"form": form, "community": member.community, "member": member})


@login_required
def committee_member_retire(request, pk):
    """GET asks for confirmation; POST records that the member left the committee."""
    user = request.user
    member = permissions.get_visible_or_404(user, CommitteeMember, pk,
                                            permissions.visible(user, CommitteeMember).select_related("community"))
    permissions.require(user, "retire", member)
    if request.method == "POST":
        try:
            committees.committee_member_retire(actor=user, member=member)
        except Conflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{member.name}已离任")
        return redirect(f"{_committee_url()}?community={member.community_id}")
    return render(request, "supervision/committee_member_retire.html", {"member": member})
