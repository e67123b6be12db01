"""Reads of the registry that pages, imports and the API share: the rows a user keeps and may pick."""

from django.db.models import Count, Q, QuerySet

from gongjian import permissions
from gongjian.accounts.models import Role

from .models import Cadre, Community, PartyOrganization, Street, Unit

STATUSES = {"": "在册", "retired": "已撤销", "all": "全部"}


def streets_for_communities(user) -> QuerySet:
    """The active streets in which `user` may add communities or move one to (city: all; street: its own)."""
    scope = permissions.scope_of(user)
    if scope.everything:
        return Street.objects.active()
    if scope.role == Role.STREET and scope.street_id:
        return Street.objects.active().filter(pk=scope.street_id)
    return Street.objects.none()


def communities_for_records(user, model) -> QuerySet:
    """The active communities in which `user` may add rows of `model` (units, Party organisations, cadres)."""
    if not permissions.can(user, "create", model):
        return Community.objects.none()
    return permissions.communities_in_scope(user).filter(active=True).select_related("street")


def by_status(qs: QuerySet, status: str) -> QuerySet:
    if status == "retired":
        return qs.filter(active=False)
    if status == "all":
        return qs
    return qs.filter(active=True)


def street_rows(user, *, q: str = "", status: str = "") -> QuerySet:
    qs = permissions.visible(user, Street).annotate(
        community_count=Count("communities", filter=Q(communities__active=True)))
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(code__startswith=q))
    return by_status(qs, status).order_by("code")


def community_rows(user, *, q: str = "", street: int | None = None, status: str = "") -> QuerySet:
    qs = (permissions.visible(user, Community).filter(permissions.scope_of(user).community_q("id"))
          .select_related("street").annotate(unit_count=Count("units", filter=Q(units__active=True))))
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(code__startswith=q))
    if street is not None:
        qs = qs.filter(street_id=street)
    return by_status(qs, status).order_by("code")


def unit_rows(user, *, q: str = "", community: int | None = None, street: int | None = None,
              status: str = "") -> QuerySet:
    qs = permissions.visible(user, Unit).select_related("community")
    if q:
        qs = qs.filter(name__contains=q)
    if community is not None:
        qs = qs.filter(community_id=community)
    if street is not None:
        qs = qs.filter(community__street_id=street)
    return by_status(qs, status).order_by("community__code", "name", "id")


def party_organization_rows(user, *, q: str = "", community: int | None = None, street: int | None = None,
                            status: str = "") -> QuerySet:
    qs = permissions.visible(user, PartyOrganization).select_related("community", "unit", "unit__community")
    if q:
        qs = qs.filter(name__contains=q)
    if community is not None:
        qs = qs.filter(Q(community_id=community) | Q(unit__community_id=community))
    if street is not None:
        qs = qs.filter(Q(community__street_id=street) | Q(unit__community__street_id=street))
    return by_status(qs, status).order_by("id")


def cadre_rows(user, *, q: str = "", community: int | None = None, street: int | None = None,
               status: str = "") -> QuerySet:
    qs = permissions.visible(user, Cadre).select_related("community")
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(position__contains=q))
    if community is not None:
        qs = qs.filter(community_id=community)
    if street is not None:
        qs = qs.filter(community__street_id=street)
    return by_status(qs, status).order_by("community__code", "id")
