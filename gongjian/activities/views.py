"""Staff pages of 共建活动: the list, recording an activity and its participants, volunteer-hour
totals. Each view: permission check → parse input → one service call → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.core.errors import error_text
from gongjian.core.paging import page_of
from gongjian.core.params import id_param, year_param
from gongjian.members.models import Member
from gongjian.registry.models import Cadre, Community, Unit

from . import selectors, services
from .forms import ActivityForm, ParticipantsForm
from .models import Activity, Participation
from .permissions import units_acted_for_q

PAGE_SIZE = 50
MAX_CANDIDATES = 300


def _ids(values) -> list[int]:
    out = []
    for value in values:
        for part in str(value).replace("，", ",").split(","):
            if id_param(part):
                out.append(id_param(part))
    return out


@login_required
def activity_list(request):
    user = request.user
    qs = permissions.visible(user, Activity)
    kind = request.GET.get("kind", "")
    year = request.GET.get("year", "")
    community = request.GET.get("community", "")
    if kind:
        qs = qs.filter(kind=kind)
    if year_param(year) is not None:
        qs = qs.filter(date__year=year_param(year))
    if id_param(community):
        qs = qs.filter(community_id=id_param(community))
    qs = (qs.select_related("community", "organiser_unit", "organiser_community")
          .annotate(participant_count=Count("participations")).order_by("-date", "-id"))
    scope = permissions.scope_of(user)
    return render(request, "activities/activity_list.html", {
        "page": page_of(request, qs, PAGE_SIZE), "kinds": Activity.Kind.choices, "kind": kind, "year": year,
        "community_id": community,
        "communities": list(permissions.communities_in_scope(user).order_by("code")[:500])
        if scope.role != Role.UNIT else [],
        "may_create": permissions.can(user, "create", Activity),
    })


def _find_community(text: str):
    text = (text or "").strip()
    if not text:
        return None
    qs = Community.objects.all()
    if id_param(text) and qs.filter(pk=id_param(text)).exists():
        return qs.get(pk=id_param(text))
    return qs.filter(code=text).first() or qs.filter(name=text).first()


@login_required
def activity_create(request):
    user = request.user
    permissions.require(user, "create", Activity)
    scope = permissions.scope_of(user)
    is_unit = scope.role == Role.UNIT
    initial = {"date": timezone.localdate(), "hours": 2, "public": True,
               "kind": Activity.Kind.SANJIN if is_unit else Activity.Kind.VOLUNTEER}
    organiser_units = None if is_unit else Unit.objects.filter(units_acted_for_q(scope)).order_by("name")
    form = ActivityForm(request.POST or None, initial=initial, organiser_units=organiser_units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        community = _find_community(data["community"])
        if community is None:
            form.add_error("community", "社区不存在")
        else:
            organiser_unit = Unit.objects.get(pk=scope.unit_id) if is_unit else data["organiser_unit"]
            organiser_community = None if organiser_unit else community
            draft = Activity(community=community, organiser_unit=organiser_unit,
                             organiser_community=organiser_community)
            if not permissions.can(user, "create", draft):
                form.add_error("community", "只能登记您管辖社区的活动")
            else:
                try:
                    activity = services.activity_create(
                        actor=user, kind=data["kind"], title=data["title"], community=community, date=data["date"],
                        organiser_unit=organiser_unit, organiser_community=organiser_community,
                        hours=data["hours"], place=data["place"], description=data["description"],
                        public=data["public"])
                except ValidationError as exc:
                    form.add_error(None, error_text(exc))
                else:
                    messages.success(request, "已登记活动，请登记参加人")
                    return redirect("activities:activity_detail", activity.pk)
    communities = Community.objects.select_related("street").order_by("street__code", "code")
    if scope.role in (Role.STREET, Role.COMMUNITY):
        communities = communities.filter(scope.community_q("id"))
    return render(request, "activities/activity_form.html", {"form": form, "communities": communities[:500]})


def _activity(request, pk) -> Activity:
    qs = permissions.visible(request.user, Activity).select_related(
        "community", "organiser_unit", "organiser_community").prefetch_related(
        Prefetch("participations", queryset=Participation.objects.select_related("member", "cadre", "unit")))
    return permissions.get_visible_or_404(request.user, Activity, pk, queryset=qs)


def _candidates(user, activity: Activity):
    """People the user may add: members they see (a unit: its own; a community: those living there),
    and the cadres of the activity's community."""
    scope = permissions.scope_of(user)
    members = permissions.visible(user, Member).select_related("unit")
    if scope.role != Role.UNIT:
        members = members.filter(community_id=activity.community_id)
    taken = {p.member_id for p in activity.participations.all() if p.member_id}
    cadres_taken = {p.cadre_id for p in activity.participations.all() if p.cadre_id}
    return (list(members.exclude(pk__in=taken).order_by("name", "id")[:MAX_CANDIDATES]),
            list(Cadre.objects.filter(community_id=activity.community_id).exclude(pk__in=cadres_taken)
                 .order_by("id")))


@login_required
def activity_detail(request, pk):
    activity = _activity(request, pk)
    may_add = permissions.can(request.user, "participants", activity)
    members, cadres = _candidates(request.user, activity) if may_add else ([], [])
    participations = list(activity.participations.all())
    participants_form = ParticipantsForm()
    participants_form.fields["hours"].help_text = f"不填按活动时长 {activity.hours} 小时"
    return render(request, "activities/activity_detail.html", {
        "activity": activity, "participations": participations, "may_add": may_add,
        "participants_form": participants_form,
        "candidate_members": members, "candidate_cadres": cadres,
        "total_hours": sum((p.hours for p in participations), 0),
    })


@login_required
@require_POST
def participants_add(request, pk):
    user = request.user
    activity = _activity(request, pk)
    permissions.require(user, "participants", activity)
    form = ParticipantsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "时长须在 0.1 到 24 小时之间")
        return redirect("activities:activity_detail", activity.pk)
    member_ids = _ids(request.POST.getlist("members"))
    cadre_ids = _ids(request.POST.getlist("cadres"))
    members = list(permissions.visible(user, Member).filter(pk__in=member_ids))
    cadres = list(Cadre.objects.filter(pk__in=cadre_ids, community_id=activity.community_id))
    if len(members) != len(set(member_ids)) or len(cadres) != len(set(cadre_ids)):
        messages.error(request, "有的参加人不存在或不在您的范围内，未登记")
        return redirect("activities:activity_detail", activity.pk)
    try:
        created = services.participants_add(actor=user, activity=activity, members=members, cadres=cadres,
                                            hours=form.cleaned_data["hours"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已登记 {len(created)} 名参加人")
    return redirect("activities:activity_detail", activity.pk)


@login_required
def volunteer_hours(request):
    user = request.user
    by = request.GET.get("by", "member")
    if by not in ("member", "cadre", "unit"):
        by = "member"
    year = request.GET.get("year", "")
    qs = permissions.visible(user, Participation)
    rows = {"member": selectors.hours_by_member, "cadre": selectors.hours_by_cadre,
            "unit": selectors.hours_by_unit}[by](qs, year_param(year))
    return render(request, "activities/hours.html", {"page": page_of(request, rows, PAGE_SIZE), "by": by,
                                                     "year": year})
