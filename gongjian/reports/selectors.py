"""The headline figures of a round (API.md › Figures), for any part of the city."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from gongjian.projects.models import Project, Rating, overdue_q
from gongjian.solicitation.models import Opinion, Problem, Solicitation


@dataclass(frozen=True)
class Area:
    """Which part of the city to count: a scope filter on community ids plus optional filters."""

    community_q: Q
    round_id: int | None = None
    street_id: int | None = None
    community_id: int | None = None

    def q(self, community_path: str = "community", round_path: str = "round") -> Q:
        q = Q()
        if self.community_q:
            # community_q is built on "community_id"; re-root it when counting through a relation.
            q &= self.community_q if community_path == "community" else _reroot(self.community_q, community_path)
        if self.round_id is not None:
            q &= Q(**{f"{round_path}_id": self.round_id})
        if self.street_id is not None:
            q &= Q(**{f"{community_path}__street_id": self.street_id})
        if self.community_id is not None:
            q &= Q(**{f"{community_path}_id": self.community_id})
        return q


def _reroot(q: Q, community_path: str) -> Q:
    children = []
    for child in q.children:
        if isinstance(child, Q):
            children.append(_reroot(child, community_path))
        else:
            key, value = child
            children.append((key.replace("community_id", f"{community_path}_id", 1), value))
    new = Q()
    new.children = children
    new.connector = q.connector
    new.negated = q.negated
    return new


def _overdue_count() -> Count:
    """Projects overdue today inside an aggregate: the rule of `Project.objects.overdue`."""
    return Count("id", filter=overdue_q(timezone.localdate()))


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def round_figures(area: Area) -> dict:
    """Six aggregate queries whatever the size of the round."""
    solicit = Solicitation.objects.filter(area.q()).aggregate(
        forms=Sum("count", filter=Q(kind=Solicitation.Kind.FORM)),
        letters=Sum("count", filter=Q(kind=Solicitation.Kind.LETTER)),
        meetings=Count("id", filter=Q(kind=Solicitation.Kind.MEETING)),
    )
    opinions = Opinion.objects.filter(area.q()).count()
    problems = Problem.objects.filter(area.q()).aggregate(
        total=Count("id"),
        a=Count("id", filter=Q(klass="A")),
        b=Count("id", filter=Q(klass="B")),
        c=Count("id", filter=Q(klass="C")),
    )
    projects = Project.objects.public().filter(area.q()).aggregate(
        total=Count("id"),
        closed=Count("id", filter=Q(status=Project.Status.CLOSED)),
        overdue=_overdue_count(),
    )
    ratings = Rating.objects.filter(area.q("project__community", "project__round")).aggregate(
        total=Count("id"),
        good=Count("id", filter=Q(value__in=[Rating.Value.SATISFIED, Rating.Value.BASIC])),
    )
    return {
        "forms_distributed": solicit["forms"] or 0,
        "letters_sent": solicit["letters"] or 0,
        "meetings_held": solicit["meetings"] or 0,
        "opinions": opinions,
        "problems": problems["total"],
        "problems_by_class": {"A": problems["a"], "B": problems["b"], "C": problems["c"]},
        "projects": projects["total"],
        "projects_closed": projects["closed"],
        "projects_overdue": projects["overdue"],
        "completion_rate": _rate(projects["closed"], projects["total"]),
        "satisfaction_rate": _rate(ratings["good"], ratings["total"]),
    }


# ------------------------------------------------------------------------------ dashboards

def previous_round(round_obj):
    from gongjian.solicitation.models import Round

    return (Round.objects.filter(year__lte=round_obj.year).exclude(pk=round_obj.pk)
            .filter(Q(year__lt=round_obj.year) | Q(id__lt=round_obj.pk))
            .order_by("-year", "-id").first())


def figures_with_trend(area: Area, previous_round_id: int | None) -> dict:
    """The round's figures, each with its value in the previous round (None when there is none)."""
    current = round_figures(area)
    before = None
    if previous_round_id is not None:
        before = round_figures(Area(community_q=area.community_q, round_id=previous_round_id,
                                    street_id=area.street_id, community_id=area.community_id))
    return {"current": current, "previous": before}


def opinions_by(area: Area, field: str) -> list[dict]:
    """Opinion counts by `category` or `channel`, largest first."""
    if field == "category":
        rows = (Opinion.objects.filter(area.q()).values("category__name")
                .annotate(n=Count("id")).order_by("-n", "category__name"))
        return [{"name": r["category__name"], "value": r["n"]} for r in rows]
    from gongjian.solicitation.models import Channel

    labels = dict(Channel.choices)
    rows = Opinion.objects.filter(area.q()).values("channel").annotate(n=Count("id")).order_by("-n", "channel")
    return [{"name": str(labels.get(r["channel"], r["channel"])), "code": r["channel"], "value": r["n"]}
            for r in rows]


def projects_by_status_per_street(area: Area) -> dict:
    """{"streets": [names], "series": [{"status", "name", "data": [counts per street]}]}."""
    rows = (Project.objects.public().filter(area.q())
            .values("community__street__name", "community__street__code", "status")
            .annotate(n=Count("id")).order_by("community__street__code"))
    streets: list[str] = []
    counts: dict[tuple[str, str], int] = {}
    for r in rows:
        name = r["community__street__name"]
        if name not in streets:
            streets.append(name)
        counts[(name, r["status"])] = r["n"]
    series = [{"status": status, "name": str(label), "data": [counts.get((s, status), 0) for s in streets]}
              for status, label in Project.Status.choices if status in Project.PUBLIC_STATUSES]
    return {"streets": streets, "series": series}


def closed_per_month(area: Area) -> list[dict]:
    from django.db.models.functions import TruncMonth

    rows = (Project.objects.filter(area.q(), status=Project.Status.CLOSED, closed_at__isnull=False)
            .annotate(month=TruncMonth("closed_at")).values("month").annotate(n=Count("id")).order_by("month"))
    total = 0
    out = []
    for r in rows:
        total += r["n"]
        out.append({"month": r["month"].strftime("%Y-%m"), "closed": r["n"], "cumulative": total})
    return out


def overdue_by_unit(area: Area, limit: int = 10) -> list[dict]:
    rows = (Project.objects.overdue(timezone.localdate()).filter(area.q())
            .values("lead_unit_id", "lead_unit__name").annotate(n=Count("id")).order_by("-n", "lead_unit__name"))
    return [{"unit_id": r["lead_unit_id"], "name": r["lead_unit__name"], "value": r["n"]} for r in rows[:limit]]


def satisfaction_breakdown(area: Area) -> list[dict]:
    labels = dict(Rating.Value.choices)
    rows = (Rating.objects.filter(area.q("project__community", "project__round")).values("value")
            .annotate(n=Count("id")))
    counts = {r["value"]: r["n"] for r in rows}
    return [{"code": code, "name": str(labels[code]), "value": counts.get(code, 0)} for code in labels]


def community_ranking(area: Area) -> list[dict]:
    """Per community of the area: projects, closed, overdue, completion and satisfaction rates.

    Two grouped queries (projects, ratings), not one per community.
    """
    from gongjian.registry.models import Community

    communities = Community.objects.filter(_community_filter(area))
    if area.street_id is not None:
        communities = communities.filter(street_id=area.street_id)
    if area.community_id is not None:
        communities = communities.filter(pk=area.community_id)
    names = {c.pk: (c.name, c.street.name) for c in communities.select_related("street")}
    projects = (Project.objects.public().filter(area.q()).values("community_id")
                .annotate(total=Count("id"), closed=Count("id", filter=Q(status=Project.Status.CLOSED)),
                          overdue=_overdue_count()))
    ratings = (Rating.objects.filter(area.q("project__community", "project__round")).values("project__community_id")
               .annotate(total=Count("id"), good=Count("id", filter=Q(value__in=[Rating.Value.SATISFIED,
                                                                                  Rating.Value.BASIC]))))
    by_community = {p["community_id"]: p for p in projects}
    rating_by = {r["project__community_id"]: r for r in ratings}
    rows = []
    for pk, (name, street) in names.items():
        p = by_community.get(pk, {"total": 0, "closed": 0, "overdue": 0})
        r = rating_by.get(pk, {"total": 0, "good": 0})
        rows.append({"id": pk, "name": name, "street": street, "projects": p["total"], "closed": p["closed"],
                     "overdue": p["overdue"], "completion_rate": _rate(p["closed"], p["total"]),
                     "satisfaction_rate": _rate(r["good"], r["total"])})
    rows.sort(key=lambda row: (-(row["completion_rate"] or 0), row["overdue"], -(row["satisfaction_rate"] or 0),
                               row["name"]))
    return rows


def _community_filter(area: Area) -> Q:
    """area.community_q is written on `community_id`; on the Community model itself it is `id`."""
    return _reroot_to_id(area.community_q) if area.community_q else Q()


def _reroot_to_id(q: Q) -> Q:
    new = Q()
    new.connector, new.negated = q.connector, q.negated
    new.children = [(_reroot_to_id(c) if isinstance(c, Q) else (c[0].replace("community_id", "id", 1), c[1]))
                    for c in q.children]
    return new


def unit_ranking(area: Area, limit: int = 50) -> list[dict]:
    """Lead units of the area ranked by completion, then fewest overdue."""
    rows = (Project.objects.public().filter(area.q())
            .values("lead_unit_id", "lead_unit__name", "community__name")
            .annotate(total=Count("id"), closed=Count("id", filter=Q(status=Project.Status.CLOSED)),
                      overdue=_overdue_count()))
    out = [{"id": r["lead_unit_id"], "name": r["lead_unit__name"], "community": r["community__name"],
            "projects": r["total"], "closed": r["closed"], "overdue": r["overdue"],
            "completion_rate": _rate(r["closed"], r["total"])} for r in rows]
    out.sort(key=lambda row: (-(row["completion_rate"] or 0), row["overdue"], row["name"]))
    return out[:limit]
