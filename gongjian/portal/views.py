"""Public pages 居民页面: no login, no personal data.

A resident picks the community and category, writes the opinion (name and phone optional), and gets a
receipt code to follow it with. Submissions and look-ups are rate-limited per client address, sharing
the counters of the public API.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from gongjian.citysetup.selectors import next_round_notice
from gongjian.core.errors import Conflict
from gongjian.projects.forms import RatingForm
from gongjian.projects.models import Project
from gongjian.registry.models import Community
from gongjian.reports.selectors import Area, round_figures
from gongjian.solicitation import services
from gongjian.solicitation.models import Category, Channel, Round
from gongjian.solicitation.selectors import opinion_by_receipt, opinion_public_status, round_open_newest

from .forms import PublicOpinionForm
from .tracking import opinion_journey, rating_of

SUBMIT_RATE = getattr(settings, "GONGJIAN_PUBLIC_OPINION_RATE", "20/h")
TRACK_RATE = getattr(settings, "GONGJIAN_PUBLIC_TRACK_RATE", "60/m")
MAX_COMMUNITY_CHOICES = 500
NEW_RECEIPT_KEY = "portal:new_receipt"


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
                    # The code goes through the session, never into a URL (web servers log URLs).
                    request.session[NEW_RECEIPT_KEY] = opinion.receipt_code
                    return redirect(f"{reverse('portal:track')}?new=1")
    else:
        form = PublicOpinionForm()
    return render(request, "portal/home.html", {
        "round": rnd, "figures": figures, "open_round": open_round, "form": form,
        "communities": _community_choices(), "categories": categories,
        "next_round": next_round_notice() if open_round is None else "",
    })


@require_http_methods(["GET", "POST"])
def track(request):
    """Follow an opinion by its receipt code: each step with its date, from received to closed, or
    rejected with the reason. Never a name or phone number.

    The page's form POSTs the code so that it never reaches a URL (web servers and proxies log URLs);
    GET ?code= still answers for printed receipts and links already given out. Right after a
    submission the code comes from the session (see home)."""
    new = False
    if request.method == "POST":
        code = request.POST.get("code", "")
    elif request.GET.get("new") == "1" and NEW_RECEIPT_KEY in request.session:
        code, new = request.session.pop(NEW_RECEIPT_KEY), True
    else:
        code = request.GET.get("code", "")
    code = code.strip().upper()[:64]
    state, not_found, steps, rating, rating_form = None, False, [], None, None
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
            steps = opinion_journey(opinion, state)
            project = state["project"]
            if project is not None:
                try:
                    project["url"] = reverse("board:project", args=[project["id"]])
                    project["rate_url"] = reverse("board:rate", args=[project["id"]])
                except NoReverseMatch:
                    project["url"] = project["rate_url"] = ""
                project["done"] = project["status"] in Project.DONE_STATUSES
                if project["done"] and project["rate_url"]:
                    rating = rating_of(opinion, project["id"])
                    rating_form = None if rating else RatingForm(initial={"receipt_code": opinion.receipt_code})
    response = render(request, "portal/track.html", {
        "code": code, "state": state, "not_found": not_found, "new": new, "steps": steps,
        "rating": rating, "rating_form": rating_form,
    })
    response["Cache-Control"] = "no-store"  # the page names a receipt code: no shared cache keeps it
    return response


def rate_limited(request, exception=None):
    """django-ratelimit's answer for pages: a plain Chinese explanation, status 429."""
    return render(request, "portal/rate_limited.html", status=429)
