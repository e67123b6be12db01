"""The public list of co-building activities: upcoming and past, by community. Activities only —
what, where, when, who organised it, how many took part — never a person's name or data."""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from gongjian.core.paging import page_of
from gongjian.core.params import id_param
from gongjian.registry.models import Community

from . import selectors
from .models import Activity


def index(request):
    community = request.GET.get("community", "")
    community_id = id_param(community)
    upcoming = selectors.public_activities(when="upcoming", community_id=community_id).annotate(
        participant_count=Count("participations"))[:30]
    past = page_of(request, selectors.public_activities(when="past", community_id=community_id).annotate(
        participant_count=Count("participations")))
    return render(request, "activities/public/index.html", {
        "upcoming": upcoming, "page": past, "communities": Community.objects.order_by("code"),
        "community_id": community_id,
    })


def detail(request, pk):
    activity = (Activity.objects.filter(public=True, pk=pk)
                .select_related("community", "organiser_unit", "organiser_community")
                .annotate(participant_count=Count("participations")).first())
    if activity is None:
        raise Http404("活动不存在")
    return render(request, "activities/public/detail.html",
                  {"activity": activity, "upcoming": activity.date >= timezone.localdate()})
