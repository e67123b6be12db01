"""The yearly assessment 目标责任考核: a unit's score and a community's score, their terms, the formula
shown beside every score, and the rankings by street and city.

Nothing is stored: a score is computed from the year's projects, residents' ratings, the closed
evaluation campaigns and the other areas' records (inputs.py), with the weights the city set for the
year — so changing a weight recomputes every score. Each term is one aggregate query over all the units
(or communities) at once, never a query per unit.

The formula (the same for units and communities):

    得分 = Σ(权重ᵢ × 数值ᵢ) ÷ Σ(有数据的项的权重) × 100 − 通报次数 × 每次扣分   （最低 0 分）

A value is a rate between 0 and 1; a term without data for this unit (no projects, no ratings, no
co-building activity recorded that year, too few raters for an average) is left out of both sums and
shown as “暂无数据”. Each term's contribution is 权重 × 数值 ÷ Σ权重 × 100, so the contributions add up to
the score.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, Q

from gongjian.projects.models import Project, Rating
from gongjian.registry.models import Community, Unit

from . import inputs
from .models import (
    DEFAULT_WEIGHTS,
    MIN_AVERAGED_RATERS,
    TOO_FEW_RATERS,
    AssessmentWeights,
    Campaign,
    Criterion,
    Direction,
    EvaluationRating,
)

FORMULA = "得分 = Σ(权重 × 数值) ÷ Σ(有数据的项的权重) × 100 − 通报次数 × 每次扣分（最低 0 分）；" \
          "数值为 0–1 的比率，暂无数据的项不计入"
COMMUNITY_FORMULA = "得分 = Σ(权重 × 数值) ÷ Σ(有数据的项的权重) × 100；数值为 0–1 的比率，暂无数据的项不计入"

UNIT_TERMS = [
    # key, label, weight field, explanation
    ("completion", "项目完成率", "completion", "牵头项目中已销号的比例（已销号 ÷ 已公示的项目）"),
    ("timeliness", "按时完成率", "timeliness", "牵头项目中在完成时限内销号的比例"),
    ("satisfaction", "群众满意率", "satisfaction", "牵头项目的居民评价中“满意”与“基本满意”的比例"),
    ("evaluation", "社区评议得分", "evaluation", "所在社区在已结束的评议活动中对本单位的加权评分（折算为百分制）"),
    ("participation", "共建活动参与", "participation",
     f"全年组织和参加共建活动的次数 ÷ {inputs.PARTICIPATION_TARGET}（最高 1）"),
]
WARNINGS_TERM = ("warnings", "督办通报（扣分）", "warning_penalty", "全年受到督办通报的次数，每次扣分")
COMMUNITY_TERMS = [
    ("rating", "辖区单位评议得分", "community_rating", "辖区单位在已结束的评议活动中对本社区的加权平均评分（折算为百分制）"),
    ("completion", "项目完成率", "community_completion", "本社区项目中已销号的比例"),
    ("meetings", "联席会议按时召开", "community_meetings",
     "轮值主席全年召开联席会议次数 ÷ 应开次数（有轮值主席在任、已过去的月份，每月一次；最高 1）"),
]


@dataclass
class Term:
    key: str
    label: str
    explanation: str
    weight: Decimal
    value: float | None  # a rate 0..1; for warnings the count
    detail: str  # "已销号 4 / 项目 5"
    available: bool = True  # the source has records this year (else the weight is taken as 0)
    negative: bool = False
    contribution: float = 0.0
    no_data: str = "暂无数据"  # what is shown without data ("评议人数不足" when withheld)

    @property
    def has_data(self) -> bool:
        return self.available and self.value is not None

    @property
    def effective_weight(self) -> Decimal:
        return self.weight if self.available else Decimal("0")

    @property
    def value_display(self) -> str:
        if not self.has_data:
            return self.no_data
        if self.negative:
            return f"{int(self.value)} 次"
        return f"{self.value * 100:.1f}%"


@dataclass
class Score:
    kind: str  # "unit" or "community"
    id: int
    name: str
    community_id: int
    community_name: str
    street_id: int
    street_name: str
    terms: list[Term]
    total: float | None = None
    formula: str = ""
    rank_street: int | None = None
    rank_city: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def total_display(self) -> str:
        return "暂无数据" if self.total is None else f"{self.total:.2f}"

    def term(self, key: str) -> Term:
        return next(t for t in self.terms if t.key == key)


# ------------------------------------------------------------------------------ weights

@dataclass(frozen=True)
class Weights:
    year: int
    values: dict[str, Decimal]
    is_default: bool

    def __getitem__(self, key: str) -> Decimal:
        return self.values[key]


def weights_for(year: int) -> Weights:
    row = AssessmentWeights.objects.filter(year=year).first()
    if row is None:
        return Weights(year=year, values=dict(DEFAULT_WEIGHTS), is_default=True)
    return Weights(year=year, values={f: getattr(row, f) for f in AssessmentWeights.FIELDS}, is_default=False)


# ------------------------------------------------------------------------------ the formula

def _num(d: Decimal) -> str:
    return f"{d.normalize():f}" if d == d.to_integral() else f"{d:.2f}".rstrip("0")


def _combine(terms: list[Term], penalty_term: Term | None = None) -> tuple[float | None, str]:
    """The score and its formula with the numbers put in."""
    counted = [t for t in terms if t.has_data and t.effective_weight > 0]
    total_weight = sum((t.effective_weight for t in counted), Decimal("0"))
    for t in terms:
        t.contribution = 0.0
    if total_weight == 0:
        return None, "暂无数据：各项均无数据或权重为 0"
    for t in counted:
        t.contribution = float(t.effective_weight) * t.value / float(total_weight) * 100
    positive = sum(t.contribution for t in counted)
    parts = " + ".join(f"{_num(t.effective_weight)}×{t.value:.4f}".rstrip("0").rstrip(".") for t in counted)
    formula = f"({parts}) ÷ {_num(total_weight)} × 100"
    total = positive
    if penalty_term is not None and penalty_term.has_data and penalty_term.effective_weight > 0 and penalty_term.value:
        deduction = float(penalty_term.effective_weight) * penalty_term.value
        penalty_term.contribution = -deduction
        formula += f" − {int(penalty_term.value)}×{_num(penalty_term.effective_weight)}"
        total = max(0.0, positive - deduction)
    total = round(total, 2)
    return total, f"{formula} = {total:.2f}"


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _rank(scores: list[Score], key, attr: str) -> None:
    """Competition ranking (1, 2, 2, 4) by total within each group; no score, no rank."""
    groups: dict = defaultdict(list)
    for s in scores:
        groups[key(s)].append(s)
    for members in groups.values():
        ordered = sorted((s for s in members if s.total is not None), key=lambda s: -s.total)
        previous, rank = None, 0
        for position, s in enumerate(ordered, start=1):
            if s.total != previous:
                rank, previous = position, s.total
            setattr(s, attr, rank)


def _sorted(scores: list[Score]) -> list[Score]:
    return sorted(scores, key=lambda s: (s.total is None, -(s.total or 0), s.street_id, s.community_id, s.name))


# ------------------------------------------------------------------------------ evaluation term

@dataclass(frozen=True)
class Evaluated:
    """A ratee's evaluation term for the year: `score` 0..100, or None when withheld (too few raters)."""

    score: float | None
    ratings: int
    raters: int  # the most raters behind one campaign's figure


def _evaluation_scores(year: int, direction: str, group_field: str) -> dict[int, Evaluated]:
    """Per ratee (unit or community id): the weighted score 0..100 from the year's closed campaigns
    (criterion averages over raters, each normalised to its scale, weighted by the criterion weights;
    several campaigns in a year averaged) and the number of ratings behind it. Units rating their community
    are averaged, so a campaign counts for a community only from MIN_AVERAGED_RATERS raters up. Two queries."""
    rater_field = "community_id" if direction == Direction.COMMUNITY_TO_UNIT else "unit_id"
    minimum = MIN_AVERAGED_RATERS if direction == Direction.UNIT_TO_COMMUNITY else 1
    ratings = (EvaluationRating.objects
               .filter(campaign__round__year=year, campaign__status=Campaign.Status.CLOSED, direction=direction)
               .values(group_field, "campaign_id", "criterion_id")
               .annotate(avg=Avg("score"), n=Count("id"), raters=Count(rater_field, distinct=True)))
    rows = list(ratings)
    criteria = {c.pk: c for c in Criterion.objects.filter(pk__in={r["criterion_id"] for r in rows})}
    per: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        per[r[group_field]][r["campaign_id"]].append(r)
    out = {}
    for ratee, campaigns in per.items():
        campaign_scores, counted, raters = [], 0, 0
        for items in campaigns.values():
            campaign_raters = max(i["raters"] for i in items)
            raters = max(raters, campaign_raters)
            if campaign_raters < minimum:
                continue
            weight_sum = sum(float(criteria[i["criterion_id"]].weight) for i in items)
            value = sum(float(criteria[i["criterion_id"]].weight) * float(i["avg"])
                        / criteria[i["criterion_id"]].max_score for i in items)
            campaign_scores.append(value / weight_sum * 100)
            counted += sum(i["n"] for i in items)
        score = sum(campaign_scores) / len(campaign_scores) if campaign_scores else None
        out[ratee] = Evaluated(score, counted, raters)
    return out


def _evaluation_detail(e: Evaluated | None, rated_by: str) -> str:
    if e is None:
        return "尚无已结束的评议"
    if e.score is None:
        return f"{TOO_FEW_RATERS}（{e.raters} 个单位评议，满 {MIN_AVERAGED_RATERS} 个才计平均分）"
    return f"{rated_by} {e.score:.2f} 分（{e.ratings} 项打分）"


# ------------------------------------------------------------------------------ units

def unit_scores(year: int, units=None) -> list[Score]:
    """Every unit's score for `year` (all units, or those of the queryset `units`), ranked within its
    street and within the city, best first. Ranks are always over the whole city, whatever `units` holds."""
    weights = weights_for(year)
    population = list(Unit.objects.select_related("community__street").order_by("community_id", "name", "id"))
    projects = {r["lead_unit_id"]: r for r in Project.objects
                .filter(round__year=year, status__in=Project.PUBLIC_STATUSES)
                .values("lead_unit_id")
                .annotate(total=Count("id"),
                          closed=Count("id", filter=Q(status=Project.Status.CLOSED)),
                          on_time=Count("id", filter=Q(status=Project.Status.CLOSED,
                                                       closed_at__date__lte=F("deadline"))))}
    ratings = {r["project__lead_unit_id"]: r for r in Rating.objects
               .filter(project__round__year=year, project__status__in=Project.PUBLIC_STATUSES)
               .values("project__lead_unit_id")
               .annotate(total=Count("id"),
                         good=Count("id", filter=Q(value__in=[Rating.Value.SATISFIED, Rating.Value.BASIC])))}
    evaluation = _evaluation_scores(year, Direction.COMMUNITY_TO_UNIT, "unit_id")
    warnings = inputs.warnings_by_unit([u.pk for u in population], year)
    participation = inputs.participation_by_unit(population, year)

    scores = []
    for unit in population:
        p = projects.get(unit.pk, {"total": 0, "closed": 0, "on_time": 0})
        r = ratings.get(unit.pk, {"total": 0, "good": 0})
        e = evaluation.get(unit.pk)
        terms = [
            Term("completion", "项目完成率", UNIT_TERMS[0][3], weights["completion"],
                 _rate(p["closed"], p["total"]), f"已销号 {p['closed']} / 项目 {p['total']}"),
            Term("timeliness", "按时完成率", UNIT_TERMS[1][3], weights["timeliness"],
                 _rate(p["on_time"], p["total"]), f"按时销号 {p['on_time']} / 项目 {p['total']}"),
            Term("satisfaction", "群众满意率", UNIT_TERMS[2][3], weights["satisfaction"],
                 _rate(r["good"], r["total"]), f"满意及基本满意 {r['good']} / 评价 {r['total']}"),
            Term("evaluation", "社区评议得分", UNIT_TERMS[3][3], weights["evaluation"],
                 e.score / 100 if e else None, _evaluation_detail(e, f"{unit.community.name}评议")),
        ]
        if participation is None:
            terms.append(Term("participation", "共建活动参与", UNIT_TERMS[4][3], weights["participation"], None,
                              "本年度无共建活动记录", available=False))
        else:
            n = participation.get(unit.pk, 0.0)
            terms.append(Term("participation", "共建活动参与", UNIT_TERMS[4][3], weights["participation"],
                              min(1.0, n / inputs.PARTICIPATION_TARGET), f"组织和参加 {n:g} 次"))
        n = warnings.get(unit.pk, 0)
        penalty = Term("warnings", "督办通报（扣分）", WARNINGS_TERM[3], weights["warning_penalty"], n,
                       f"通报 {n} 次", negative=True)
        terms.append(penalty)
        community = unit.community
        score = Score("unit", unit.pk, unit.name, community.pk, community.name, community.street_id,
                      community.street.name, terms)
        score.total, score.formula = _combine(terms[:-1], penalty)
        scores.append(score)
    _rank(scores, lambda s: s.street_id, "rank_street")
    _rank(scores, lambda s: 0, "rank_city")
    if units is not None:
        wanted = set(units.values_list("pk", flat=True))
        scores = [s for s in scores if s.id in wanted]
    return _sorted(scores)


def unit_score(year: int, unit: Unit) -> Score:
    return next(s for s in unit_scores(year, Unit.objects.filter(pk=unit.pk)))


# ------------------------------------------------------------------------------ communities

def community_scores(year: int, communities=None) -> list[Score]:
    """Every community's score for `year`, ranked within its street (and the city), best first."""
    weights = weights_for(year)
    population = list(Community.objects.select_related("street").order_by("code"))
    projects = {r["community_id"]: r for r in Project.objects
                .filter(round__year=year, status__in=Project.PUBLIC_STATUSES)
                .values("community_id")
                .annotate(total=Count("id"), closed=Count("id", filter=Q(status=Project.Status.CLOSED)))}
    evaluation = _evaluation_scores(year, Direction.UNIT_TO_COMMUNITY, "community_id")
    meetings = inputs.meeting_regularity_by_community([c.pk for c in population], year)

    scores = []
    for community in population:
        p = projects.get(community.pk, {"total": 0, "closed": 0})
        e = evaluation.get(community.pk)
        terms = [
            Term("rating", "辖区单位评议得分", COMMUNITY_TERMS[0][3], weights["community_rating"],
                 e.score / 100 if e and e.score is not None else None, _evaluation_detail(e, "辖区单位平均"),
                 no_data=TOO_FEW_RATERS if e and e.score is None else "暂无数据"),
            Term("completion", "项目完成率", COMMUNITY_TERMS[1][3], weights["community_completion"],
                 _rate(p["closed"], p["total"]), f"已销号 {p['closed']} / 项目 {p['total']}"),
        ]
        # No month with a chair in office: nothing was due, so the term has no data for this community.
        m = meetings.get(community.pk) or {"held": 0, "expected": 0}
        terms.append(Term("meetings", "联席会议按时召开", COMMUNITY_TERMS[2][3], weights["community_meetings"],
                          min(1.0, m["held"] / m["expected"]) if m["expected"] else None,
                          f"召开 {m['held']} / 应开 {m['expected']} 次" if m["expected"] else "本年度无应开的联席会议"))
        score = Score("community", community.pk, community.name, community.pk, community.name,
                      community.street_id, community.street.name, terms)
        score.total, score.formula = _combine(terms)
        scores.append(score)
    _rank(scores, lambda s: s.street_id, "rank_street")
    _rank(scores, lambda s: 0, "rank_city")
    if communities is not None:
        wanted = set(communities.values_list("pk", flat=True))
        scores = [s for s in scores if s.id in wanted]
    return _sorted(scores)


def community_score(year: int, community: Community) -> Score:
    return next(s for s in community_scores(year, Community.objects.filter(pk=community.pk)))


def assessment_years() -> list[int]:
    """Years with a round, newest first (the year pickers)."""
    from gongjian.solicitation.models import Round

    return sorted(set(Round.objects.values_list("year", flat=True)), reverse=True)
