"""Reads of the evaluation campaigns that pages, the API and reminders share: who is to rate whom and who
has done it (progress), and the aggregates a rated party sees. A constant number of queries each."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q

from gongjian.accounts.models import Role, User
from gongjian.registry.models import Community, Unit

from .models import MIN_AVERAGED_RATERS, TOO_FEW_RATERS, Campaign, Criterion, Direction, EvaluationRating


def rated_pairs(campaign: Campaign, community_ids=None) -> dict[str, set[tuple[int, int]]]:
    """The (community id, unit id) pairs already rated, per direction. One query."""
    qs = EvaluationRating.objects.filter(campaign=campaign)
    if community_ids is not None:
        qs = qs.filter(community_id__in=list(community_ids))
    out: dict[str, set[tuple[int, int]]] = {d: set() for d in Direction.values}
    for direction, community_id, unit_id in qs.values_list("direction", "community_id", "unit_id").distinct():
        out[direction].add((community_id, unit_id))
    return out


# ------------------------------------------------------------------------------ what a rater has to do

@dataclass
class Target:
    """One ratee of a rater: a unit (for a community) or the community (for a unit)."""

    kind: str  # "unit" or "community"
    obj: object
    done: bool

    @property
    def id(self) -> int:
        return self.obj.pk

    @property
    def name(self) -> str:
        return self.obj.name


def rating_targets(campaign: Campaign, scope) -> list[Target]:
    """What this rater has to rate in the campaign: a community its units, a unit its community."""
    if scope.role == Role.COMMUNITY:
        community_ids = list(scope.community_ids)
        done = rated_pairs(campaign, community_ids)[Direction.COMMUNITY_TO_UNIT]
        units = Unit.objects.filter(community_id__in=community_ids).order_by("name", "id")
        return [Target("unit", u, (u.community_id, u.pk) in done) for u in units]
    if scope.role == Role.UNIT and scope.unit_id:
        unit = Unit.objects.select_related("community").get(pk=scope.unit_id)
        done = EvaluationRating.objects.filter(campaign=campaign, direction=Direction.UNIT_TO_COMMUNITY,
                                               unit=unit, community_id=unit.community_id).exists()
        return [Target("community", unit.community, done)]
    return []


def criteria_of(campaign: Campaign, direction: str) -> list[Criterion]:
    return list(campaign.criteria.filter(direction=direction))


# ------------------------------------------------------------------------------ progress

@dataclass
class CommunityProgress:
    community: Community
    units: list[Unit]
    rated_by_community: set[int]  # the units this community has rated
    rated_community: set[int]  # the units that have rated this community

    @property
    def units_total(self) -> int:
        return len(self.units)

    @property
    def community_pending(self) -> list[Unit]:
        return [u for u in self.units if u.pk not in self.rated_by_community]

    @property
    def units_pending(self) -> list[Unit]:
        return [u for u in self.units if u.pk not in self.rated_community]

    @property
    def complete(self) -> bool:
        return not self.community_pending and not self.units_pending


def campaign_progress(campaign: Campaign, community_ids=None) -> list[CommunityProgress]:
    """Per community (all, or those in `community_ids`): which units it has rated and which units have
    rated it. Three queries whatever the number of communities."""
    communities = Community.objects.select_related("street").order_by("street__code", "code")
    units = Unit.objects.order_by("name", "id")
    if community_ids is not None:
        ids = list(community_ids)
        communities = communities.filter(pk__in=ids)
        units = units.filter(community_id__in=ids)
    by_community: dict[int, list[Unit]] = defaultdict(list)
    for unit in units:
        by_community[unit.community_id].append(unit)
    done = rated_pairs(campaign, community_ids)
    c2u, u2c = done[Direction.COMMUNITY_TO_UNIT], done[Direction.UNIT_TO_COMMUNITY]
    rows = []
    for community in communities:
        mine = by_community.get(community.pk, [])
        rows.append(CommunityProgress(
            community=community, units=mine,
            rated_by_community={u.pk for u in mine if (community.pk, u.pk) in c2u},
            rated_community={u.pk for u in mine if (community.pk, u.pk) in u2c}))
    return rows


def progress_totals(rows: list[CommunityProgress]) -> dict:
    expected = sum(r.units_total for r in rows)
    by_community = sum(len(r.rated_by_community) for r in rows)
    by_units = sum(len(r.rated_community) for r in rows)
    return {
        "communities": len(rows),
        "expected": expected,  # in each direction: one sheet per unit
        "community_done": by_community,
        "unit_done": by_units,
        "percent": round(100 * (by_community + by_units) / (2 * expected)) if expected else 100,
    }


def pending_raters(campaign: Campaign, community_ids=None):
    """The communities and units that still have something to rate, with their logins. Four queries."""
    from .services import PendingRater

    rows = campaign_progress(campaign, community_ids)
    community_pending = [r for r in rows if r.community_pending]
    unit_pending = [(r, u) for r in rows for u in r.units_pending]
    users_by_community: dict[int, list] = defaultdict(list)
    users_by_unit: dict[int, list] = defaultdict(list)
    if community_pending or unit_pending:
        for user in User.objects.filter(
                Q(role=Role.COMMUNITY, community_id__in=[r.community.pk for r in community_pending])
                | Q(role=Role.UNIT, unit_id__in=[u.pk for _r, u in unit_pending]), is_active=True):
            if user.role == Role.COMMUNITY:
                users_by_community[user.community_id].append(user)
            else:
                users_by_unit[user.unit_id].append(user)
    out = [PendingRater("community", r.community.pk, r.community.name, r.community.name,
                        [u.name for u in r.community_pending], users_by_community[r.community.pk])
           for r in community_pending]
    out += [PendingRater("unit", u.pk, u.name, r.community.name, [r.community.name], users_by_unit[u.pk])
            for r, u in unit_pending]
    return out


# ------------------------------------------------------------------------------ aggregates

@dataclass
class CriterionResult:
    criterion: Criterion
    average: float | None
    ratings: int

    @property
    def percent(self) -> float | None:
        return None if self.average is None else self.average / self.criterion.max_score * 100


@dataclass
class Summary:
    """What the rated party sees: per criterion the average and the number of ratings; the weighted score
    on a 100-point scale; how many raters. Never who gave what.

    A unit has one rater, its community: its summary is that community's rating, and says so. A community
    is rated by its units: the averages are shown only from MIN_AVERAGED_RATERS raters up (`withheld`
    below that), so that no unit's own score passes for an average."""

    direction: str
    ratee_id: int
    criteria: list[CriterionResult] = field(default_factory=list)
    raters: int = 0

    @property
    def withheld(self) -> bool:
        return self.direction == Direction.UNIT_TO_COMMUNITY and 0 < self.raters < MIN_AVERAGED_RATERS

    def rated_by(self, community_name: str) -> str:
        """Whose rating this is, in plain words."""
        if self.direction == Direction.COMMUNITY_TO_UNIT:
            return f"社区评议：{community_name}的评分" if self.raters else "社区评议：尚未评议"
        if not self.raters:
            return "辖区单位评议：尚未评议"
        if self.withheld:
            return f"{TOO_FEW_RATERS}：{self.raters} 个单位评议，满 {MIN_AVERAGED_RATERS} 个才显示平均分"
        return f"辖区单位评议：{self.raters} 个单位的平均分"

    @property
    def score(self) -> float | None:
        rated = [c for c in self.criteria if c.average is not None]
        weight = sum(float(c.criterion.weight) for c in rated)
        if not weight:
            return None
        return round(sum(float(c.criterion.weight) * c.percent for c in rated) / weight, 2)


def summaries(campaign: Campaign, direction: str, ratee_ids) -> dict[int, Summary]:
    """Aggregates for many ratees (unit ids for community→unit, community ids for unit→community). Two
    queries."""
    ratee_field = "unit_id" if direction == Direction.COMMUNITY_TO_UNIT else "community_id"
    rater_field = "community_id" if direction == Direction.COMMUNITY_TO_UNIT else "unit_id"
    ratee_ids = list(ratee_ids)
    criteria = criteria_of(campaign, direction)
    rows = (EvaluationRating.objects
            .filter(campaign=campaign, direction=direction, **{f"{ratee_field}__in": ratee_ids})
            .values(ratee_field, "criterion_id")
            .annotate(avg=Avg("score"), n=Count("id"), raters=Count(rater_field, distinct=True)))
    found: dict[int, dict[int, dict]] = defaultdict(dict)
    for row in rows:
        found[row[ratee_field]][row["criterion_id"]] = row
    out = {}
    for ratee_id in ratee_ids:
        mine = found.get(ratee_id, {})
        summary = Summary(direction=direction, ratee_id=ratee_id,
                          raters=max((r["raters"] for r in mine.values()), default=0))
        shown = {} if summary.withheld else mine
        summary.criteria = [CriterionResult(c, float(shown[c.pk]["avg"]) if c.pk in shown else None,
                                            shown[c.pk]["n"] if c.pk in shown else 0) for c in criteria]
        out[ratee_id] = summary
    return out


def ratee_summary(campaign: Campaign, *, unit: Unit | None = None, community: Community | None = None) -> Summary:
    if unit is not None:
        return summaries(campaign, Direction.COMMUNITY_TO_UNIT, [unit.pk])[unit.pk]
    return summaries(campaign, Direction.UNIT_TO_COMMUNITY, [community.pk])[community.pk]
