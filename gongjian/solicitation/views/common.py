"""What the staff pages of solicitation share: the rounds and communities to choose from, ids
taken from a query string, the way back after a POST."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.shortcuts import redirect

from gongjian import permissions
from gongjian.permissions import MAX_ID

from ..models import Category, Round

MAX_COMMUNITY_CHOICES = 500


def id_param(value, name: str) -> int | None:
    """An id from a query string or form: None when absent; 400 for what cannot be an id (letters,
    hundreds of digits), so that it never reaches the database."""
    value = str(value or "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or not 0 < int(value[:20]) <= MAX_ID or len(value) > 19:
        raise BadRequest(f"参数 {name} 须为编号")
    return int(value)


def rounds_of(user, *, open_only=False) -> list[Round]:
    qs = permissions.visible(user, Round).order_by("-year", "-id")
    if open_only:
        qs = qs.exclude(status=Round.Status.CLOSED)
    return list(qs[:30])


def pick_round(rounds: list[Round], wanted, prefer=(Round.Status.OPEN, Round.Status.SCREENING)) -> Round | None:
    """The round asked for (`wanted`, an id) among `rounds`, else the first in a preferred status."""
    wanted = id_param(wanted, "round")
    if wanted:
        for rnd in rounds:
            if rnd.pk == wanted:
                return rnd
    for rnd in rounds:
        if rnd.status in prefer:
            return rnd
    return rounds[0] if rounds else None


def community_choices(user):
    """The communities of the user's scope, grouped by street for a select (None when too many)."""
    qs = permissions.communities_in_scope(user).select_related("street")
    rows = list(qs.order_by("street__code", "code")[:MAX_COMMUNITY_CHOICES + 1])
    if len(rows) > MAX_COMMUNITY_CHOICES:
        return None
    return rows


def community_in_scope(user, ref):
    """A community of the user's scope named by id, code or (unambiguous) name; None otherwise."""
    ref = (str(ref or "")).strip()
    if not ref:
        return None
    qs = permissions.communities_in_scope(user)
    if ref.isascii() and ref.isdigit() and len(ref) <= 18:
        found = qs.filter(pk=int(ref)).first()
        if found:
            return found
    found = qs.filter(code=ref).first()
    if found:
        return found
    named = list(qs.filter(name=ref)[:2])
    return named[0] if len(named) == 1 else None


def active_categories() -> list[Category]:
    return list(Category.objects.filter(active=True).order_by("sort_order", "code"))


def back(request, fallback: str):
    """Back to the page the form was posted from (a local path only), else `fallback`."""
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(fallback)
