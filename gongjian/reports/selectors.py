"""The headline figures of a round (API.md › Figures), for any part of the city."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from gongjian.projects.models import Project, Rating
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
    today = timezone.localdate()
    projects = Project.objects.filter(area.q(), status__in=Project.PUBLIC_STATUSES).aggregate(
        total=Count("id"),
        closed=Count("id", filter=Q(status=Project.Status.CLOSED)),
        overdue=Count("id", filter=Q(status__in=[Project.Status.APPROVED, Project.Status.IN_PROGRESS],
                                      deadline__lt=today)),
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
