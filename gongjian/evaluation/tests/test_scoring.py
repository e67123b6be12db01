"""The assessment scores: computed by hand for a small city, they match the system's; changing a weight
recomputes; a missing source leaves its term out (weight 0, 暂无数据); queries do not grow with units."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongjian.evaluation import scoring, services
from gongjian.evaluation.models import Direction
from gongjian.projects import services as project_services
from gongjian.projects.models import Project
from gongjian.projects.tests.factories import make_opinion, make_problem, make_project, make_round
from gongjian.registry.services import unit_create
from gongjian.testing import today

from .factories import make_campaign, rate

pytestmark = pytest.mark.django_db

YEAR = 2010


@pytest.fixture
def small_year(city):
    """2010 in the small city:

    * 应城市住建局 (city.unit) leads three projects of 三眼井社区: one closed on time, one closed after its
      deadline, one still open → completion 2/3, timeliness 1/3;
    * residents rated the first one 满意, 基本满意, 不满意 → satisfaction 2/3;
    * the community rated 住建局 5, 4, 3, 4 and 供电公司 (city.co_unit) 5, 5, 5, 5 on the default criteria
      (weights 30, 25, 25, 20; 1–5 scale): 81 and 100 points;
    * 住建局 rated the community 4, 4, 4, 4 and 供电公司 5, 5, 5, 5: two raters, too few for an average (评议人数不足);
    * weights: completion 25, timeliness 15, satisfaction 20, evaluation 30, participation 10, 2 points a warning;
      community: rating 50, completion 30, meetings 20.
    """
    rnd = make_round(year=YEAR)
    on_time = make_project(city, make_problem(city, rnd, title="路灯"), status="closed")
    late = make_project(city, make_problem(city, rnd, title="下水道"), status="closed")
    Project.objects.filter(pk=late.pk).update(deadline=today() - timedelta(days=10))
    make_project(city, make_problem(city, rnd, title="垃圾站"), status="approved")
    for value in ("satisfied", "basic", "unsatisfied"):
        opinion = make_opinion(city, rnd)
        project_services.rating_submit(project=on_time, receipt_code=opinion.receipt_code, value=value)
    campaign = make_campaign(rnd=rnd)
    rate(campaign, city.community, city.unit, [5, 4, 3, 4])
    rate(campaign, city.community, city.co_unit, [5, 5, 5, 5])
    rate(campaign, city.unit, city.community, [4, 4, 4, 4])
    rate(campaign, city.co_unit, city.community, [5, 5, 5, 5])
    campaign = services.campaign_close(actor=None, campaign=campaign)
    services.weights_set(actor=None, year=YEAR, completion=25, timeliness=15, satisfaction=20, evaluation=30,
                         participation=10, warning_penalty=2, community_rating=50, community_completion=30,
                         community_meetings=20)
    return campaign


def by_id(scores):
    return {s.id: s for s in scores}


def test_unit_scores_match_the_hand_computation(city, small_year, other_areas):
    other_areas.warnings = {city.unit.pk: 1}
    other_areas.participation = {city.unit.pk: 2}  # 2 of the 4 activities expected → 0.5
    scores = by_id(scoring.unit_scores(YEAR))
    s = scores[city.unit.pk]
    terms = {t.key: t for t in s.terms}
    assert terms["completion"].value == pytest.approx(2 / 3)
    assert terms["timeliness"].value == pytest.approx(1 / 3)
    assert terms["satisfaction"].value == pytest.approx(2 / 3)
    assert terms["evaluation"].value == pytest.approx(0.81)
    assert terms["participation"].value == pytest.approx(0.5)
    assert terms["warnings"].value == 1
    # (25×2/3 + 15×1/3 + 20×2/3 + 30×0.81 + 10×0.5) ÷ 100 × 100 − 1×2
    hand = (25 * 2 / 3 + 15 * 1 / 3 + 20 * 2 / 3 + 30 * 0.81 + 10 * 0.5) / 100 * 100 - 1 * 2
    assert s.total == pytest.approx(round(hand, 2)) == pytest.approx(62.3)
    # The contributions add up to the score, and the formula shows the numbers.
    assert sum(t.contribution for t in s.terms) == pytest.approx(s.total, abs=0.01)
    assert terms["warnings"].contribution == pytest.approx(-2)
    assert s.formula.endswith("= 62.30") and "− 1×2" in s.formula and "30×0.81" in s.formula

    # 供电公司: no projects, no warnings, no activities: evaluation (30×1) and participation (10×0) count.
    co = scores[city.co_unit.pk]
    assert {t.key: t.has_data for t in co.terms} == {
        "completion": False, "timeliness": False, "satisfaction": False, "evaluation": True,
        "participation": True, "warnings": True}
    assert co.total == pytest.approx(round(30 * 1.0 / 40 * 100, 2)) == 75.0

    # Ranks: by street (城中街道: 供电公司, 住建局, then 一中 whose only term is participation 0) and city
    # (一中 and 人民医院 tie).
    sibling, far = scores[city.sibling_unit.pk], scores[city.far_unit.pk]
    assert sibling.total == far.total == 0.0
    assert (co.rank_street, s.rank_street, sibling.rank_street, far.rank_street) == (1, 2, 3, 1)
    assert (co.rank_city, s.rank_city, sibling.rank_city, far.rank_city) == (1, 2, 3, 3)


def test_changing_a_weight_recomputes(city, small_year, other_areas):
    other_areas.warnings = {city.unit.pk: 1}
    other_areas.participation = {city.unit.pk: 2}
    before = by_id(scoring.unit_scores(YEAR))
    assert before[city.unit.pk].total == pytest.approx(62.3)

    services.weights_set(actor=city.city_user, year=YEAR, evaluation=60, warning_penalty=5)

    after = by_id(scoring.unit_scores(YEAR))
    hand = (25 * 2 / 3 + 15 * 1 / 3 + 20 * 2 / 3 + 60 * 0.81 + 10 * 0.5) / 130 * 100 - 1 * 5
    assert after[city.unit.pk].total == pytest.approx(round(hand, 2)) == pytest.approx(63.15)
    assert after[city.co_unit.pk].total == pytest.approx(round(60 / 70 * 100, 2))
    assert {t.key: t.weight for t in after[city.unit.pk].terms}["evaluation"] == 60


def test_community_score_matches_the_hand_computation(city, small_year, other_areas):
    other_areas.meetings = {city.community.pk: {"held": 9, "expected": 12}}
    scores = by_id(scoring.community_scores(YEAR))
    s = scores[city.community.pk]
    terms = {t.key: t for t in s.terms}
    # Two units rated the community: too few for an average, so the term is withheld and weighs 0.
    assert terms["rating"].value is None and terms["rating"].detail.startswith("评议人数不足")
    assert terms["completion"].value == pytest.approx(2 / 3)
    assert terms["meetings"].value == pytest.approx(0.75)
    hand = (30 * 2 / 3 + 20 * 0.75) / 50 * 100
    assert s.total == pytest.approx(round(hand, 2)) == 70.0
    assert s.rank_street == 1
    # 蒲阳社区 (same street) has no data at all: no score, no rank.
    assert scores[city.sibling.pk].total is None and scores[city.sibling.pk].rank_street is None


def test_a_community_rating_is_averaged_from_three_raters_up(city, no_other_areas):
    rnd = make_round(year=YEAR)
    campaign = make_campaign(rnd=rnd)
    third = unit_create(actor=None, community=city.community, name="应城市第二中学", kind="other")
    rate(campaign, city.unit, city.community, [4, 4, 4, 4])
    rate(campaign, city.co_unit, city.community, [5, 5, 5, 5])
    rate(campaign, third, city.community, [3, 3, 3, 3])
    services.campaign_close(actor=None, campaign=campaign)
    term = scoring.community_score(YEAR, city.community).term("rating")
    assert term.value == pytest.approx(0.8) and "辖区单位平均 80.00 分" in term.detail


def test_a_units_evaluation_says_it_is_its_communitys_rating(city, small_year, no_other_areas):
    term = scoring.unit_score(YEAR, city.unit).term("evaluation")
    assert term.value == pytest.approx(0.81)
    assert term.detail.startswith(f"{city.community.name}评议 81.00 分")


def test_a_year_without_activities_weighs_zero_and_shows_no_data(city, small_year, no_other_areas):
    s = scoring.unit_score(YEAR, city.unit)
    terms = {t.key: t for t in s.terms}
    assert not terms["participation"].available and terms["participation"].value_display == "暂无数据"
    assert terms["warnings"].value == 0 and terms["warnings"].contribution == 0
    hand = (25 * 2 / 3 + 15 * 1 / 3 + 20 * 2 / 3 + 30 * 0.81) / 90 * 100
    assert s.total == pytest.approx(round(hand, 2))
    community = scoring.community_score(YEAR, city.community)
    assert community.total == pytest.approx(round((30 * 2 / 3) / 30 * 100, 2))


def test_only_closed_campaigns_count(city, no_other_areas):
    rnd = make_round(year=YEAR)
    campaign = make_campaign(rnd=rnd)
    rate(campaign, city.community, city.unit, [5, 5, 5, 5])
    assert scoring.unit_score(YEAR, city.unit).term("evaluation").value is None
    services.campaign_close(actor=None, campaign=campaign)
    assert scoring.unit_score(YEAR, city.unit).term("evaluation").value == pytest.approx(1.0)


def test_a_hundred_point_criterion_is_normalised(city, no_other_areas):
    rnd = make_round(year=YEAR)
    campaign = services.campaign_create(actor=None, round=rnd, name="百分制", default_criteria=False)
    a = services.criterion_add(actor=None, campaign=campaign, direction=Direction.COMMUNITY_TO_UNIT,
                               name="综合", weight=3, scale="hundred")
    b = services.criterion_add(actor=None, campaign=campaign, direction=Direction.COMMUNITY_TO_UNIT,
                               name="作风", weight=1, scale="five")
    services.criterion_add(actor=None, campaign=campaign, direction=Direction.UNIT_TO_COMMUNITY,
                           name="服务", weight=1, scale="five")
    services.campaign_open(actor=None, campaign=campaign)
    services.rating_submit_evaluation(actor=None, campaign=campaign, rater=city.community, ratee=city.unit,
                                      scores={a.pk: 70, b.pk: 4})
    services.campaign_close(actor=None, campaign=campaign)
    # (3 × 70/100 + 1 × 4/5) ÷ 4 = 0.725
    assert scoring.unit_score(YEAR, city.unit).term("evaluation").value == pytest.approx(0.725)


def test_unit_scores_take_the_same_number_of_queries_for_more_units(city, small_year, no_other_areas):
    with CaptureQueriesContext(connection) as few:
        scoring.unit_scores(YEAR)
    for k in range(15):
        unit_create(actor=None, community=city.sibling, name=f"新单位{k}", kind="other")
    with CaptureQueriesContext(connection) as many:
        scores = scoring.unit_scores(YEAR)
    assert len(scores) == 19
    assert len(many) == len(few) <= 8
