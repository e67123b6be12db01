"""The rotating chair (轮值主席): every unit of a community chairs once per cycle, half a year each,
the most recommended of those that have not chaired going first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from gongjian.core.audit import stamp, user_or_none
from gongjian.core.errors import Conflict
from gongjian.registry.models import Community, Unit
from gongjian.supervision.models import ChairRecommendation, ChairTerm, ChairTermMonth

from .calendar import add_months, first_of_month


@dataclass(frozen=True)
class ChairProposal:
    """The next chair in turn: a unit that has not chaired in the cycle, most recommended first."""

    community_id: int
    unit: Unit
    cycle: int
    starts_on: date
    ends_on: date
    recommendations: int


def chair_cycle(community: Community) -> tuple[int, set[int]]:
    """The cycle the next term belongs to, and the units that already chaired in it."""
    last = ChairTerm.objects.filter(community=community).order_by("-cycle").values_list("cycle", flat=True).first()
    if last is None:
        return 1, set()
    chaired = set(ChairTerm.objects.filter(community=community, cycle=last).values_list("unit_id", flat=True))
    remaining = Unit.objects.filter(community=community).exclude(pk__in=chaired).exists()
    return (last, chaired) if remaining else (last + 1, set())


def current_chair(community: Community, today: date | None = None) -> ChairTerm | None:
    today = today or timezone.localdate()
    return (ChairTerm.objects.filter(community=community, starts_on__lte=today, ends_on__gte=today)
            .select_related("unit").first())


def half_year_start(day: date) -> date:
    """The first day of the half-year `day` falls in (1 January or 1 July): terms run by half-years."""
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def _next_start(community: Community, starts_on: date | None, today: date | None = None) -> date:
    """Where the next term starts: `starts_on` when given; after the last term when that one is still
    running or lies ahead; else from the current half-year (never after the last term), so a community
    whose last chair served long ago gets a chair now rather than a term in the past."""
    if starts_on is not None:
        return starts_on
    today = today or timezone.localdate()
    last = ChairTerm.objects.filter(community=community).order_by("-ends_on").values_list("ends_on", flat=True).first()
    if last is None:
        return first_of_month(today)
    if last >= today:
        return last + timedelta(days=1)
    return max(half_year_start(today), last + timedelta(days=1))


def chair_propose_next(*, community: Community, starts_on: date | None = None,
                       today: date | None = None) -> ChairProposal | None:
    """Propose the next chair in turn (writes nothing): among the community's units that have not
    chaired in the current cycle, the one most recommended in this cycle, then the earliest
    registered. None when the community has no units."""
    cycle, chaired = chair_cycle(community)
    votes = dict(ChairRecommendation.objects.filter(community=community, cycle=cycle)
                 .values("candidate_id").annotate(n=Count("id")).values_list("candidate_id", "n"))
    candidates = list(Unit.objects.filter(community=community).exclude(pk__in=chaired).order_by("id"))
    if not candidates:
        return None
    unit = min(candidates, key=lambda u: (-votes.get(u.pk, 0), u.pk))
    start = _next_start(community, starts_on, today)
    return ChairProposal(community_id=community.pk, unit=unit, cycle=cycle, starts_on=start,
                         ends_on=add_months(start, ChairTerm.TERM_MONTHS) - timedelta(days=1),
                         recommendations=votes.get(unit.pk, 0))


@transaction.atomic
def chair_recommend(*, actor, recommender: Unit, candidate: Unit, note: str = "") -> ChairRecommendation:
    """A unit recommends another unit of its community as the next chair, once per cycle."""
    if candidate.community_id != recommender.community_id:
        raise ValidationError({"candidate": ["只能推荐本社区的辖区单位"]})
    if candidate.pk == recommender.pk:
        raise ValidationError({"candidate": ["不能推荐本单位"]})
    community = Community.objects.select_for_update().get(pk=recommender.community_id)
    cycle, chaired = chair_cycle(community)
    if candidate.pk in chaired:
        raise Conflict(f"{candidate}本轮已担任过轮值主席")
    if ChairRecommendation.objects.filter(community=community, cycle=cycle, recommender=recommender).exists():
        raise Conflict(f"{recommender}本轮已推荐过")
    return ChairRecommendation.objects.create(community=community, cycle=cycle, candidate=candidate,
                                              recommender=recommender, note=(note or "").strip(),
                                              recorded_by=user_or_none(actor))


@transaction.atomic
def chair_rotate(*, actor, community: Community, unit: Unit | None = None, starts_on: date | None = None,
                 chair_person: str = "", note: str = "", today: date | None = None) -> ChairTerm:
    """Appoint the next chair for six months: the proposed unit, or `unit` if it has not chaired in
    this cycle. The term follows the last one without a gap while that one runs, else starts in the
    current half-year (see `_next_start`), or on `starts_on` (the 1st of a month); overlapping terms
    are refused by the database (ChairTermMonth)."""
    community = Community.objects.select_for_update().get(pk=community.pk)  # one rotation at a time
    if starts_on is not None and starts_on.day != 1:
        raise ValidationError({"starts_on": ["任期须从某月1日开始"]})
    proposal = chair_propose_next(community=community, starts_on=starts_on, today=today)
    if proposal is None:
        raise Conflict(f"{community}还没有辖区单位，无法安排轮值主席")
    cycle, chaired = proposal.cycle, chair_cycle(community)[1]
    if unit is None:
        unit = proposal.unit
    elif unit.community_id != community.pk:
        raise ValidationError({"unit": ["轮值主席单位须是本社区的辖区单位"]})
    elif unit.pk in chaired:
        raise Conflict(f"{unit}本轮已担任过轮值主席，应由尚未担任的单位轮值")
    votes = ChairRecommendation.objects.filter(community=community, cycle=cycle, candidate=unit).count()
    term = ChairTerm(community=community, unit=unit, cycle=cycle, starts_on=proposal.starts_on,
                     ends_on=proposal.ends_on, recommendations=votes, chair_person=(chair_person or "").strip(),
                     note=(note or "").strip(), appointed_by=user_or_none(actor))
    stamp(term, actor, f"轮值主席：{unit}")
    try:
        with transaction.atomic():
            term.save()
            ChairTermMonth.objects.bulk_create([
                ChairTermMonth(term=term, community=community, month=add_months(first_of_month(term.starts_on), k))
                for k in range(ChairTerm.TERM_MONTHS)])
    except IntegrityError:
        raise Conflict("该时段已有轮值主席，任期不能重叠") from None
    return term


