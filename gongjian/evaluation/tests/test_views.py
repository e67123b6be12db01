"""The staff pages: the rating form asks for confirmation before the final submission; a closed campaign
refuses ratings; a unit cannot open another unit's score or ratings; the street sees who has not rated;
score pages show the formula and every term; list pages do not grow in queries."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongjian.evaluation import services
from gongjian.evaluation.models import AssessmentWeights, Direction, EvaluationRating
from gongjian.registry.services import unit_create
from gongjian.testing import PASSWORD

from .factories import criteria, make_campaign, rate

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def form_data(campaign, direction, values, **extra):
    data = {f"c_{c.pk}": v for c, v in zip(criteria(campaign, direction), values, strict=True)}
    data.update(extra)
    return data


@pytest.fixture
def campaign(city):
    return make_campaign()


def test_rating_form_confirms_before_the_final_submission(city, campaign):
    client = login(city.community_user)
    listing = client.get(reverse("evaluation:rate_list", args=[campaign.pk])).content.decode()
    assert "应城市住建局" in listing and "应城市供电公司" in listing and "去评议" in listing
    url = reverse("evaluation:rate", args=[campaign.pk, city.unit.pk])
    page = client.get(url).content.decode()
    assert "履行承诺" in page and 'type="radio"' in page and "下一步" in page
    # Step 1: the scores are shown back for checking; nothing is saved yet.
    r = client.post(url, form_data(campaign, Direction.COMMUNITY_TO_UNIT, [5, 4, 3, 4]))
    assert r.status_code == 200 and "确认提交" in r.content.decode() and "不能再修改" in r.content.decode()
    assert EvaluationRating.objects.count() == 0
    # 返回修改 shows the form again with the values kept.
    r = client.post(url, form_data(campaign, Direction.COMMUNITY_TO_UNIT, [5, 4, 3, 4], edit="1"))
    assert "下一步" in r.content.decode() and EvaluationRating.objects.count() == 0
    # Step 2: confirmed → final.
    r = client.post(url, form_data(campaign, Direction.COMMUNITY_TO_UNIT, [5, 4, 3, 4], confirm="1"))
    assert r.status_code == 302 and r["Location"] == reverse("evaluation:rate_list", args=[campaign.pk])
    assert sorted(EvaluationRating.objects.values_list("score", flat=True)) == [3, 4, 4, 5]
    # Again: refused, nothing changed.
    r = client.post(url, form_data(campaign, Direction.COMMUNITY_TO_UNIT, [1, 1, 1, 1], confirm="1"))
    assert r.status_code == 409
    assert sorted(EvaluationRating.objects.values_list("score", flat=True)) == [3, 4, 4, 5]


def test_a_missing_score_is_asked_for_in_plain_words(city, campaign):
    url = reverse("evaluation:rate", args=[campaign.pk, city.community.pk])
    data = form_data(campaign, Direction.UNIT_TO_COMMUNITY, [5, 4, 3, 4])
    data.pop(next(iter(data)))
    r = login(city.unit_user).post(url, {**data, "confirm": "1"})
    assert r.status_code == 200 and "请给“组织协调”打分" in r.content.decode()
    assert EvaluationRating.objects.count() == 0


def test_a_closed_campaign_page_refuses_ratings(city, campaign):
    services.campaign_close(actor=city.city_user, campaign=campaign)
    url = reverse("evaluation:rate", args=[campaign.pk, city.unit.pk])
    client = login(city.community_user)
    assert "已结束" in client.get(url).content.decode()
    r = client.post(url, form_data(campaign, Direction.COMMUNITY_TO_UNIT, [5, 5, 5, 5], confirm="1"))
    assert r.status_code == 409
    assert EvaluationRating.objects.count() == 0


def test_a_unit_rates_only_its_own_community(city, campaign):
    client = login(city.unit_user)
    assert client.get(reverse("evaluation:rate", args=[campaign.pk, city.far.pk])).status_code == 404
    assert client.get(reverse("evaluation:rate", args=[campaign.pk, city.community.pk])).status_code == 200
    community = login(city.community_user)
    assert community.get(reverse("evaluation:rate", args=[campaign.pk, city.far_unit.pk])).status_code == 404
    assert login(city.street_user).get(reverse("evaluation:rate_list", args=[campaign.pk])).status_code == 403


def test_a_unit_cannot_see_another_units_ratings_or_score(city, campaign):
    rate(campaign, city.community, city.unit, [5, 4, 3, 4])
    rate(campaign, city.community, city.co_unit, [2, 2, 2, 2])
    rate(campaign, city.co_unit, city.community, [1, 1, 1, 1])
    services.campaign_close(actor=None, campaign=campaign)
    client = login(city.unit_user)
    assert client.get(reverse("evaluation:unit_score", args=[city.co_unit.pk]) + "?year=2010").status_code == 404
    assert client.get(reverse("evaluation:community_score", args=[city.community.pk])).status_code == 404
    results = client.get(reverse("evaluation:results", args=[campaign.pk])).content.decode()
    assert "应城市住建局" in results and "应城市供电公司" not in results
    # Its own score page: every term, the weight and the contribution, with the formula.
    mine = client.get(reverse("evaluation:my_score") + "?year=2010", follow=True).content.decode()
    for text in ("项目完成率", "按时完成率", "群众满意率", "社区评议得分", "共建活动参与", "督办通报", "贡献", "权重",
                 "得分 = Σ(权重 × 数值)"):
        assert text in mine
    ranking = client.get(reverse("evaluation:unit_scores"), follow=True).content.decode()
    assert "应城市供电公司" not in ranking


def test_street_progress_page_names_who_has_not_rated(city, campaign):
    rate(campaign, city.community, city.unit, [5, 4, 3, 4])
    page = login(city.street_user).get(reverse("evaluation:progress", args=[campaign.pk]) + "?pending=1")
    text = page.content.decode()
    assert page.status_code == 200
    assert "三眼井社区" in text and "应城市供电公司" in text and "蒲阳社区" in text
    assert "城北社区" not in text
    r = login(city.street_user).post(reverse("evaluation:remind", args=[campaign.pk]), follow=True)
    assert "未评完" in r.content.decode() or "已提醒" in r.content.decode()
    assert login(city.unit_user).get(reverse("evaluation:progress", args=[campaign.pk])).status_code == 403


def test_city_runs_a_campaign_from_the_pages(city):
    from gongjian.projects.tests.factories import make_round

    rnd = make_round()
    client = login(city.city_user)
    r = client.post(reverse("evaluation:campaign_create"), {"round": rnd.pk, "name": "年终评议"}, follow=True)
    assert "已创建" in r.content.decode()
    campaign = rnd.evaluation_campaigns.get()
    r = client.post(reverse("evaluation:criterion_add", args=[campaign.pk]),
                    {"direction": "community_to_unit", "name": "群众口碑", "weight": "10", "scale": "hundred"},
                    follow=True)
    assert "群众口碑" in r.content.decode()
    confirm = client.get(reverse("evaluation:campaign_act", args=[campaign.pk, "open"]))
    assert "确认开始评议" in confirm.content.decode()
    client.post(reverse("evaluation:campaign_act", args=[campaign.pk, "open"]))
    campaign.refresh_from_db()
    assert campaign.status == "open"
    assert login(city.street_user).post(reverse("evaluation:campaign_act", args=[campaign.pk, "close"])).status_code == 403
    client.post(reverse("evaluation:campaign_act", args=[campaign.pk, "close"]))
    campaign.refresh_from_db()
    assert campaign.status == "closed"


def test_weights_page(city):
    client = login(city.city_user)
    data = {"year": 2010, "completion": "20", "timeliness": "20", "satisfaction": "20", "evaluation": "30",
            "participation": "10", "warning_penalty": "3", "community_rating": "50", "community_completion": "30",
            "community_meetings": "20"}
    r = client.post(reverse("evaluation:weights"), data, follow=True)
    assert "已保存" in r.content.decode()
    assert AssessmentWeights.objects.get(year=2010).warning_penalty == 3
    assert login(city.street_user).post(reverse("evaluation:weights"), data).status_code == 403
    assert "每次通报扣分" in login(city.street_user).get(reverse("evaluation:weights") + "?year=2010").content.decode()


def test_ranking_pages_show_the_formula_and_do_not_grow_in_queries(city, campaign):
    rate(campaign, city.community, city.unit, [5, 4, 3, 4])
    services.campaign_close(actor=None, campaign=campaign)
    client = login(city.city_user)
    url = reverse("evaluation:unit_scores") + "?year=2010"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url)
    assert "得分 = Σ(权重 × 数值)" in page.content.decode() and "30×0.81" in page.content.decode()
    for k in range(12):
        unit_create(actor=None, community=city.sibling, name=f"新单位{k}", kind="other")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    communities = client.get(reverse("evaluation:community_scores") + "?year=2010").content.decode()
    assert "城中街道" in communities and "三眼井社区" in communities


def test_export_pages_download(city, campaign):
    services.campaign_close(actor=None, campaign=campaign)
    client = login(city.street_user)
    r = client.get(reverse("evaluation:export") + "?year=2010&kind=units&format=xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert login(city.unit_user).get(reverse("evaluation:export") + "?kind=communities").status_code == 403


def test_menu_links_to_evaluation(city):
    home = login(city.community_user).get(reverse("evaluation:home")).content.decode()
    assert reverse("evaluation:home") in home


def test_unit_ranking_is_paged_and_searched_with_ranks_of_the_whole_city(city, campaign):
    from gongjian.evaluation import scoring

    rate(campaign, city.community, city.unit, [5, 4, 3, 4])
    services.campaign_close(actor=None, campaign=campaign)
    for k in range(55):
        unit_create(actor=None, community=city.sibling, name=f"新单位{k:02d}", kind="other")
    whole = scoring.unit_scores(2010)
    client = login(city.city_user)
    url = reverse("evaluation:unit_scores")
    first = client.get(url, {"year": 2010})
    assert len(first.context["scores"]) == 50 and "第 1 / 2 页" in first.content.decode()
    second = client.get(url, {"year": 2010, "page": 2}).context["scores"]
    assert [(s.id, s.rank_city) for s in second] == [(s.id, s.rank_city) for s in whole[50:]]
    found = client.get(url, {"year": 2010, "q": city.unit.name}).context["scores"]
    assert [s.id for s in found] == [city.unit.pk]
    assert found[0].rank_city == next(s.rank_city for s in whole if s.id == city.unit.pk) == 1


def test_community_ranking_is_searched_by_name(city, campaign):
    client = login(city.city_user)
    page = client.get(reverse("evaluation:community_scores"), {"year": 2010, "q": "城北"}).content.decode()
    assert "城北社区" in page and "三眼井社区" not in page


def test_results_page_pages_and_searches_units_and_does_not_grow_in_queries(city, campaign):
    rate(campaign, city.community, city.unit, [5, 4, 3, 4])
    client = login(city.city_user)
    url = reverse("evaluation:results", args=[campaign.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for k in range(55):
        unit_create(actor=None, community=city.sibling, name=f"新单位{k:02d}", kind="other")
    with CaptureQueriesContext(connection) as many:
        first = client.get(url)
    assert len(many) == len(few)
    assert len(first.context["unit_rows"]) == 50 and "第 1 / 2 页" in first.content.decode()
    assert len(client.get(url, {"page": 2}).context["unit_rows"]) == len(first.context["unit_page"].paginator.object_list) - 50
    found = client.get(url, {"q": city.unit.name}).context["unit_rows"]
    assert [(u.pk, s.score is not None) for u, s, _ in found] == [(city.unit.pk, True)]


def test_progress_page_searches_communities(city, campaign):
    page = login(city.city_user).get(reverse("evaluation:progress", args=[campaign.pk]), {"q": "城北"})
    text = page.content.decode()
    assert "城北社区" in text and "三眼井社区" not in text
