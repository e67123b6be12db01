"""The public board 公示: residents follow their community's projects without logging in.

Pages are lean (one list query, no per-row query) and anonymous answers are cached under a key made
of the community's (or project's) board version, the normalised parameters and the date (overdue
changes at midnight). Every projects service bumps the versions when it writes (board_cache.py), so
a cached page is found without any SQL and a stale one is never served.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from gongjian.core.errors import Conflict, error_text
from gongjian.core.masking import mask_name, mask_phone, mask_text
from gongjian.registry.models import Community, Street
from gongjian.solicitation.models import Opinion, Round

from . import board_cache, selectors, services
from .events import labelled
from .forms import RatingForm
from .models import Project, Rating
from .ratelimits import rating_rate_limited

PAGE_SIZE = 50
CACHE_SECONDS = board_cache.CACHE_SECONDS


def _cacheable(request) -> bool:
    """Plain anonymous GETs only. No session cookie means no login, and the check needs neither the
    session store nor the user (staff see the same page uncached; a pending message is not cached)."""
    return (request.method == "GET" and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES)


def _from_cache(key):
    content = cache.get(key) if key else None
    if content is None:
        return None
    response = HttpResponse(content)
    response["X-Board-Cache"] = "hit"
    return response


def _store(key, response):
    if key and response.status_code == 200:
        cache.set(key, response.content, CACHE_SECONDS)
        response["X-Board-Cache"] = "miss"
    return response


def _small_int(value: str, default: str = "") -> str | None:
    """A normalised number for a cache key, or None for anything odd (then the page is not cached)."""
    value = value or default
    return value if value == "" or (value.isdigit() and len(value) <= 6) else None


MAX_COMMUNITY_CHOICES = 500
PUBLIC_STATUS_CHOICES = [(s.value, s.label) for s in Project.PUBLIC_STATUSES]


def _board_params(request) -> dict | None:
    """The city-wide board's parameters, normalised for the cache key; None when one is odd (then the
    page is built and not cached)."""
    get = request.GET
    params = {name: _small_int(get.get(name, "")) for name in ("street", "community")}
    params["round"] = "all" if get.get("round") == "all" else _small_int(get.get("round", ""))
    params["page"] = _small_int(get.get("page", ""), "1")
    status = get.get("status", "")
    params["status"] = status if status in ("", *Project.PUBLIC_STATUSES) else None
    q = get.get("q", "").strip()
    params["q"] = q if len(q) <= 50 else None
    return None if None in params.values() else params


def index(request):
    """The city-wide board: every community's public projects, with a search (title, lead unit,
    community) and filters (street, community, status, round), paginated. The round is the newest
    with public projects unless ?round= names one (or `all`)."""
    params = _board_params(request) if _cacheable(request) else None
    key = None
    if params is not None:
        key = board_cache.city_cache_key("i", *(f"{k}={v}" for k, v in sorted(params.items())))
        cached = _from_cache(key)
        if cached is not None:
            return cached
    get = request.GET
    streets = list(Street.objects.order_by("code"))
    street = next((s for s in streets if str(s.pk) == get.get("street", "")), None)
    communities = Community.objects.order_by("street__code", "code")
    if street is not None:
        communities = communities.filter(street=street)
    communities = list(communities.select_related("street")[:MAX_COMMUNITY_CHOICES + 1])
    wanted = get.get("community", "")
    place = next((c for c in communities if str(c.pk) == wanted), None)
    if place is None and wanted.isdigit() and len(wanted) <= 18:  # beyond the list's length
        place = Community.objects.select_related("street").filter(pk=int(wanted)).first()
    if len(communities) > MAX_COMMUNITY_CHOICES:
        communities = [place] if place else []
    rounds = list(Round.objects.filter(projects__in=Project.objects.public()).distinct().order_by("-year", "-id"))
    wanted = get.get("round", "")
    rnd = None if wanted == "all" else next((r for r in rounds if str(r.pk) == wanted), rounds[0] if rounds else None)
    status = get.get("status", "")
    status = status if status in Project.PUBLIC_STATUSES else ""
    q = get.get("q", "").strip()[:50]
    number = get.get("page", "1")
    number = int(number) if number.isdigit() and len(number) <= 6 and int(number) > 0 else 1

    filters = selectors.ProjectFilters(
        round=rnd.pk if rnd else None, street=street.pk if street else None,
        community=place.pk if place else None, status=status or None, q=q)
    # Newest first across the city; a chosen community lists its key projects first, as its own page.
    count, rows = selectors.public_board(filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    if not rows and count and number > 1:  # past the last page: show the last one
        number = (count + PAGE_SIZE - 1) // PAGE_SIZE
        count, rows = selectors.public_board(filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    page = Paginator(range(count), PAGE_SIZE).page(number)
    return _store(key, render(request, "projects/public/index.html", {
        "streets": streets, "street": street, "communities": communities, "community": place,
        "rounds": rounds, "round": rnd, "all_rounds": wanted == "all", "statuses": PUBLIC_STATUS_CHOICES,
        "status": status, "q": q, "page": page, "rows": rows,
        "filtered": bool(street or place or status or q),
    }))


def community(request, community_id):
    """A community's projects of one round (the newest with public projects, or ?round=)."""
    key = None
    round_param, page_param = _small_int(request.GET.get("round", "")), _small_int(request.GET.get("page", ""), "1")
    if _cacheable(request) and round_param is not None and page_param is not None:
        # Found with no SQL: the community's board version moves with every write (board_cache.py).
        key = board_cache.community_cache_key("c", community_id, round_param, page_param)
        cached = _from_cache(key)
        if cached is not None:
            return cached
    place = get_object_or_404(Community.objects.select_related("street"), pk=community_id)
    rounds = list(Round.objects.filter(projects__in=Project.objects.public().filter(community=place))
                  .distinct().order_by("-year", "-id"))
    wanted = request.GET.get("round", "")
    rnd = next((r for r in rounds if str(r.pk) == wanted), rounds[0] if rounds else None)
    number = page_param if page_param is not None else "1"
    number = int(number) if number.isdigit() and int(number) > 0 else 1

    def build():
        nonlocal number
        page, rows = None, []
        if rnd is not None:
            filters = selectors.ProjectFilters(community=place.pk, round=rnd.pk)
            count, rows = selectors.public_board(filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
            if not rows and count and number > 1:  # past the last page: show the last one
                number = (count + PAGE_SIZE - 1) // PAGE_SIZE
                count, rows = selectors.public_board(filters, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
            # Paginator over a range: page numbers and links without another query.
            page = Paginator(range(count), PAGE_SIZE).page(number)
        return render(request, "projects/public/community.html", {
            "community": place, "rounds": rounds, "round": rnd, "page": page, "rows": rows,
        })

    return _store(key, build())


def project(request, pk):
    """A project's public page: facts, progress, change notices, extensions, timeline, ratings."""
    key = board_cache.project_cache_key("p", pk) if _cacheable(request) else None
    cached = _from_cache(key)
    if cached is not None:
        return cached
    if not selectors.public_projects(ids=[pk], include_once_published=True).exists():
        raise Http404("该项目不存在或尚未公示")

    def build():
        p = (Project.objects.select_related("community", "community__street", "lead_unit", "round", "batch")
             .get(pk=pk))
        detail = selectors.public_detail(p.pk)
        labelled(detail["events"])
        return render(request, "projects/public/project.html", {
            "p": p, "handler": mask_name(p.handler), "phone": mask_phone(p.handler_phone),
            # Phone and ID numbers written into the free text never reach the public.
            "title": mask_text(p.title), "description": mask_text(p.description),
            "completion_note": mask_text(p.completion_note),
            "co_units": [u.name for u in p.co_units.all()], **detail,
            "ratings": selectors.rating_summary(p.pk),
            "rating_comments": selectors.public_rating_comments(p.pk),
            # Only photos staff chose, and only while the project is on the board (may_see_attachment).
            "photos": selectors.public_photos(p.pk) if p.status in Project.PUBLIC_STATUSES else [],
            "done": p.status in Project.DONE_STATUSES,
            "public": p.status in Project.PUBLIC_STATUSES,
        })

    return _store(key, build())


@require_http_methods(["GET", "POST"])
def rate(request, pk):
    """满意度评价: a receipt code of the community's round and one of 满意 / 基本满意 / 不满意."""
    p = get_object_or_404(Project.objects.public().select_related("community"), pk=pk)
    done = p.status in Project.DONE_STATUSES
    status = 200
    error = ""
    if request.method == "POST":
        form = RatingForm(request.POST)
        if rating_rate_limited(request):
            error = "提交太频繁了。为防止滥用，同一网络一小时内的评价次数有限制，请稍后再试。"
            status = 429
        elif not done:
            error = "项目完成后才能评价。"
            status = 409
        elif form.is_valid():
            try:
                services.rating_submit(project=p, receipt_code=form.cleaned_data["receipt_code"],
                                       value=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
            except Opinion.DoesNotExist:
                error, status = "没有找到这个回执码，请核对后重新输入（回执码在您提交意见时获得）。", 404
            except ValidationError as exc:
                error, status = error_text(exc), 400
            except Conflict as exc:
                error, status = exc.message, 409
            else:
                return render(request, "projects/public/rated.html",
                              {"p": p, "title": mask_text(p.title), "value": Rating.Value(form.cleaned_data["rating"]).label})
        else:
            status = 400
    else:
        form = RatingForm()
    return render(request, "projects/public/rate.html",
                  {"p": p, "title": mask_text(p.title), "form": form, "error": error, "done": done}, status=status)
