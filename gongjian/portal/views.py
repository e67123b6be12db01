"""Public pages 居民页面: no login, no personal data."""

from django.shortcuts import render

from gongjian.reports.selectors import Area, round_figures
from gongjian.solicitation.models import Round


def home(request):
    rnd = Round.objects.order_by("-year", "-id").first()
    figures = round_figures(Area(community_q=None, round_id=rnd.pk)) if rnd else None
    return render(request, "portal/home.html", {"round": rnd, "figures": figures})


def rate_limited(request, exception=None):
    """django-ratelimit's answer for pages: a plain Chinese explanation, status 429."""
    return render(request, "portal/rate_limited.html", status=429)
