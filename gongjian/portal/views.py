"""Public pages 居民页面: no login, no personal data.

A resident picks the community and category, writes the opinion (name and phone optional), and gets a
receipt code to follow it with. Submissions and look-ups are rate-limited per client address, sharing
the counters of the public API.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django_ratelimit.core import is_ratelimited

from gongjian.citysetup.selectors import next_round_notice
from gongjian.core.errors import Conflict
from gongjian.registry.models import Community
from gongjian.reports.selectors import Area, round_figures
from gongjian.solicitation import services
from gongjian.solicitation.models import Category, Channel, Round
from gongjian.solicitation.selectors import opinion_by_receipt, opinion_public_status, round_open_newest

from .forms import PublicOpinionForm

SUBMIT_RATE = getattr(settings, "GONGJIAN_PUBLIC_OPINION_RATE", "20/h")
TRACK_RATE = getattr(settings, "GONGJIAN_PUBLIC_TRACK_RATE", "60/m")
MAX_COMMUNITY_CHOICES = 500


def _community_choices():
    """Communities grouped by street for the select; None when there are too many for one list."""
    rows = list(Community.objects.select_related("street").order_by("street__code", "code")
                [:MAX_COMMUNITY_CHOICES + 1])
    return None if len(rows) > MAX_COMMUNITY_CHOICES else rows


def home(request):
    rnd = Round.objects.order_by("-year", "-id").first()
    figures = round_figures(Area(community_q=None, round_id=rnd.pk)) if rnd else None
    open_round = round_open_newest()
    categories = list(Category.objects.filter(active=True).order_by("sort_order", "code"))
    if request.method == "POST":
        if is_ratelimited(request, group="public-opinion", key="ip", rate=SUBMIT_RATE, increment=True):
            return rate_limited(request)
        form = PublicOpinionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            ref = data["community"].strip()
            community = (Community.objects.filter(pk=int(ref)).first() if ref.isdigit() else None) \
                or Community.objects.filter(code=ref).first()
            category = next((c for c in categories if c.code == data["category"]), None)
            if community is None:
                form.add_error("community", "请选择您所在的社区")
            if category is None:
                form.add_error("category", "请选择意见的类别")
            if open_round is None:
                form.add_error(None, "目前没有正在征集意见的轮次，暂时不能提交。" + next_round_notice()
                               + "请留意社区通知。")
            if form.is_valid():
                try:
                    opinion = services.opinion_create(
                        actor=None, round=open_round, community=community, channel=Channel.ONLINE,
                        category=category, content=data["content"], submitter_name=data["name"],
                        submitter_phone=data["phone"])
                except ValidationError as exc:
                    form.add_error(None, "；".join(exc.messages))
                except Conflict as exc:
                    form.add_error(None, exc.message)
                else:
                    return redirect(f"{reverse('portal:track')}?code={opinion.receipt_code}&new=1")
    else:
        form = PublicOpinionForm()
    return render(request, "portal/home.html", {
        "round": rnd, "figures": figures, "open_round": open_round, "form": form,
        "communities": _community_choices(), "categories": categories,
        "next_round": next_round_notice() if open_round is None else "",
    })


def track(request):
    """Follow an opinion by its receipt code: pending → merged into a problem (class, project) or
    rejected with the reason. Never a name or phone number."""
    code = request.GET.get("code", "").strip().upper()
    state, not_found = None, False
    if code:
        if is_ratelimited(request, group="public-track", key="ip", rate=TRACK_RATE, increment=True):
            return rate_limited(request)
        opinion = opinion_by_receipt(code)
        if opinion is None:
            not_found = True
        else:
            state = opinion_public_status(opinion)
            state["category"] = opinion.category.name
            state["community"] = opinion.community.name
            project = state["project"]
            if project is not None:
                try:
                    project["url"] = reverse("board:project", args=[project["id"]])
                except NoReverseMatch:
                    project["url"] = ""
    return render(request, "portal/track.html", {
        "code": code, "state": state, "not_found": not_found, "new": request.GET.get("new") == "1",
    })


def rate_limited(request, exception=None):
    """django-ratelimit's answer for pages: a plain Chinese explanation, status 429."""
    return render(request, "portal/rate_limited.html", status=429)
