"""The evaluation and assessment API: campaigns by the city, ratings by the raters (final, once), a closed
campaign refuses ratings (409, nothing changed), ratings stay private to the rater, scores show every term."""

import pytest
from django.apps import apps

from gongjian.evaluation import services
from gongjian.evaluation.models import Campaign, Direction, EvaluationRating

from .factories import criteria, make_campaign, rate

pytestmark = pytest.mark.django_db


def sheet(campaign, direction, values):
    return [{"criterion": c.pk, "score": v} for c, v in zip(criteria(campaign, direction), values, strict=True)]


@pytest.fixture
def campaign(city):
    return make_campaign()


@pytest.fixture
def rated(city, campaign):
    """Every rating of the small city's first community given: 三眼井 → its two units, and back."""
    rate(campaign, city.community, city.unit, [5, 4, 3, 4])
    rate(campaign, city.community, city.co_unit, [5, 5, 5, 5])
    rate(campaign, city.unit, city.community, [4, 4, 4, 4])
    rate(campaign, city.co_unit, city.community, [2, 3, 2, 3])
    return campaign


# ------------------------------------------------------------------------------ campaigns and criteria

def test_city_creates_configures_and_opens_a_campaign(city, api):
    from gongjian.projects.tests.factories import make_round

    rnd = make_round()
    client = api(city.city_user)
    r = client.post("evaluation/campaigns", {"round": rnd.pk, "name": "年终评议"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "draft" and len(body["criteria"]) == 8
    assert {c["name"] for c in body["criteria"]} >= {"履行承诺", "配合程度", "服务群众", "作风"}
    r = client.post(f"evaluation/campaigns/{body['id']}/criteria",
                    {"direction": "community_to_unit", "name": "群众口碑", "weight": 10, "scale": "hundred"})
    assert r.status_code == 201, r.content
    assert r.json()["max_score"] == 100
    r = client.post(f"evaluation/campaigns/{body['id']}/open")
    assert r.status_code == 200 and r.json()["status"] == "open"
    # Criteria cannot change once rating has begun.
    r = client.post(f"evaluation/campaigns/{body['id']}/criteria",
                    {"direction": "community_to_unit", "name": "又一项", "weight": 10})
    assert r.status_code == 409
    assert client.post(f"evaluation/campaigns/{body['id']}/open").status_code == 409


def test_only_the_city_runs_campaigns(city, api, campaign):
    for user in (city.street_user, city.community_user, city.unit_user):
        assert api(user).post(f"evaluation/campaigns/{campaign.pk}/close").status_code == 403
        assert api(user).post("evaluation/campaigns", {"round": campaign.round_id}).status_code == 403
    assert Campaign.objects.get(pk=campaign.pk).status == "open"
    assert api().get("evaluation/campaigns").status_code == 401


# ------------------------------------------------------------------------------ ratings

def test_community_rates_its_unit_and_unit_rates_its_community(city, api, campaign):
    r = api(city.community_user).post(f"evaluation/campaigns/{campaign.pk}/ratings", {
        "unit": city.unit.pk, "scores": sheet(campaign, Direction.COMMUNITY_TO_UNIT, [5, 4, 3, 4])})
    assert r.status_code == 201, r.content
    assert r.json()["direction"] == "community_to_unit" and len(r.json()["ratings"]) == 4
    r = api(city.unit_user).post(f"evaluation/campaigns/{campaign.pk}/ratings", {
        "scores": sheet(campaign, Direction.UNIT_TO_COMMUNITY, [4, 4, 5, 4])})
    assert r.status_code == 201, r.content
    assert r.json()["community"] == city.community.pk
    assert EvaluationRating.objects.count() == 8


def test_ratings_are_final(city, api, campaign):
    body = {"unit": city.unit.pk, "scores": sheet(campaign, Direction.COMMUNITY_TO_UNIT, [5, 4, 3, 4])}
    client = api(city.community_user)
    assert client.post(f"evaluation/campaigns/{campaign.pk}/ratings", body).status_code == 201
    body["scores"] = sheet(campaign, Direction.COMMUNITY_TO_UNIT, [1, 1, 1, 1])
    r = client.post(f"evaluation/campaigns/{campaign.pk}/ratings", body)
    assert r.status_code == 409
    assert sorted(EvaluationRating.objects.values_list("score", flat=True)) == [3, 4, 4, 5]


def test_a_closed_campaign_accepts_no_ratings(city, api, campaign):
    services.campaign_close(actor=city.city_user, campaign=campaign)
    before = list(EvaluationRating.objects.values_list("id", "score"))
    r = api(city.community_user).post(f"evaluation/campaigns/{campaign.pk}/ratings", {
        "unit": city.unit.pk, "scores": sheet(campaign, Direction.COMMUNITY_TO_UNIT, [5, 5, 5, 5])})
    assert r.status_code == 409
    assert "已结束" in r.json()["detail"]
    r = api(city.unit_user).post(f"evaluation/campaigns/{campaign.pk}/ratings", {
        "scores": sheet(campaign, Direction.UNIT_TO_COMMUNITY, [5, 5, 5, 5])})
    assert r.status_code == 409
    assert list(EvaluationRating.objects.values_list("id", "score")) == before == []
    with pytest.raises(Exception) as exc:
        rate(campaign, city.community, city.unit, [5, 5, 5, 5])
    assert exc.type.__name__ == "Conflict"
    assert EvaluationRating.objects.count() == 0


def test_a_draft_campaign_accepts_no_ratings(city, api):
    draft = make_campaign(status="draft")
    r = api(city.community_user).post(f"evaluation/campaigns/{draft.pk}/ratings", {
        "unit": city.unit.pk, "scores": sheet(draft, Direction.COMMUNITY_TO_UNIT, [5, 5, 5, 5])})
    assert r.status_code == 409 and EvaluationRating.objects.count() == 0


def test_scores_outside_the_scale_or_missing_are_refused(city, api, campaign):
    client = api(city.community_user)
    url = f"evaluation/campaigns/{campaign.pk}/ratings"
    bad = sheet(campaign, Direction.COMMUNITY_TO_UNIT, [5, 4, 3, 6])
    r = client.post(url, {"unit": city.unit.pk, "scores": bad})
    assert r.status_code == 400 and "1–5" in r.json()["detail"]
    r = client.post(url, {"unit": city.unit.pk, "scores": bad[:2]})
    assert r.status_code == 400
    assert EvaluationRating.objects.count() == 0


def test_raters_rate_only_their_own_pairs(city, api, campaign):
    # A community cannot rate another community's unit (not found among its units), a street cannot rate.
    r = api(city.community_user).post(f"evaluation/campaigns/{campaign.pk}/ratings", {
        "unit": city.far_unit.pk, "scores": sheet(campaign, Direction.COMMUNITY_TO_UNIT, [5, 5, 5, 5])})
    assert r.status_code == 400
    r = api(city.street_user).post(f"evaluation/campaigns/{campaign.pk}/ratings", {
        "unit": city.unit.pk, "scores": sheet(campaign, Direction.COMMUNITY_TO_UNIT, [5, 5, 5, 5])})
    assert r.status_code == 403
    assert EvaluationRating.objects.count() == 0


# ------------------------------------------------------------------------------ privacy

def test_a_unit_sees_only_its_own_ratings_never_anothers(city, api, rated):
    client = api(city.unit_user)
    mine = client.get("evaluation/ratings").json()
    assert mine["count"] == 4
    assert {r["unit"] for r in mine["results"]} == {city.unit.pk}
    assert {r["direction"] for r in mine["results"]} == {"unit_to_community"}
    # 供电公司's rating of the community and the community's ratings of either unit: 404, not listed.
    others = EvaluationRating.objects.exclude(unit=city.unit, direction=Direction.UNIT_TO_COMMUNITY)
    listed = {r["id"] for r in mine["results"]}
    for rating in others:
        assert rating.pk not in listed
        assert client.get(f"evaluation/ratings/{rating.pk}").status_code == 404
    assert client.get("evaluation/ratings", {"campaign": rated.pk, "page_size": 200}).json()["count"] == 4


def test_the_rated_party_sees_only_aggregates(city, api, rated):
    # The community sees the averages the units gave it, not which unit gave what.
    from gongjian.registry.services import unit_create

    third = unit_create(actor=None, community=city.community, name="应城市第二中学", kind="other")
    rate(rated, third, city.community, [3, 2, 4, 2])
    client = api(city.community_user)
    listed = client.get("evaluation/ratings").json()["results"]
    assert {r["direction"] for r in listed} == {"community_to_unit"}  # only the ratings it gave
    results = client.get(f"evaluation/campaigns/{rated.pk}/results").json()
    community = next(c for c in results["communities"] if c["id"] == city.community.pk)
    assert community["raters"] == 3 and community["withheld"] is False
    assert [c["average"] for c in community["criteria"]] == [3.0, 3.0, 3.33, 3.0]
    assert community["rated_by"] == "辖区单位评议：3 个单位的平均分"
    assert "unit" not in community["criteria"][0]
    # A unit's results: its own aggregate only.
    results = api(city.unit_user).get(f"evaluation/campaigns/{rated.pk}/results").json()
    assert [u["id"] for u in results["units"]] == [city.unit.pk]
    assert results["communities"] == []


def test_with_fewer_than_three_raters_a_communitys_average_is_withheld(city, api, rated):
    results = api(city.community_user).get(f"evaluation/campaigns/{rated.pk}/results").json()
    community = next(c for c in results["communities"] if c["id"] == city.community.pk)
    assert community["raters"] == 2 and community["withheld"] is True
    assert community["score"] is None
    assert [c["average"] for c in community["criteria"]] == [None, None, None, None]
    assert community["rated_by"].startswith("评议人数不足")


def test_a_units_result_says_it_is_its_communitys_rating(city, api, rated):
    results = api(city.unit_user).get(f"evaluation/campaigns/{rated.pk}/results").json()
    mine = results["units"][0]
    assert mine["raters"] == 1 and mine["withheld"] is False
    assert mine["rated_by"] == f"社区评议：{city.community.name}的评分"
    assert [c["average"] for c in mine["criteria"]] == [5.0, 4.0, 3.0, 4.0]
    # A street sees aggregates of its communities, no single rating.
    assert api(city.street_user).get("evaluation/ratings").json()["count"] == 0


def test_a_unit_sees_only_its_own_score(city, api, rated):
    services.campaign_close(actor=None, campaign=rated)
    client = api(city.unit_user)
    listed = client.get("assessment/units", {"year": 2010}).json()
    assert [s["id"] for s in listed["results"]] == [city.unit.pk]
    assert client.get(f"assessment/units/{city.co_unit.pk}", {"year": 2010}).status_code == 404
    assert client.get(f"assessment/communities/{city.community.pk}", {"year": 2010}).status_code == 404
    mine = client.get(f"assessment/units/{city.unit.pk}", {"year": 2010})
    assert mine.status_code == 200
    terms = {t["key"]: t for t in mine.json()["terms"]}
    assert terms["evaluation"]["value"] == pytest.approx(0.81)
    assert set(terms) == {"completion", "timeliness", "satisfaction", "evaluation", "participation", "warnings"}
    assert all({"value", "weight", "contribution"} <= set(t) for t in terms.values())
    assert "×" in mine.json()["formula"]


def test_street_ranking_covers_its_units_with_city_ranks(city, api, rated):
    services.campaign_close(actor=None, campaign=rated)
    body = api(city.street_user).get("assessment/units", {"year": 2010}).json()
    ids = [s["id"] for s in body["results"]]
    assert set(ids) == {city.unit.pk, city.co_unit.pk, city.sibling_unit.pk}
    assert body["results"][0]["rank_street"] == 1 and body["formula"].startswith("得分")
    far = api(city.other_street_user).get("assessment/units", {"year": 2010}).json()
    assert [s["id"] for s in far["results"]] == [city.far_unit.pk]


# ------------------------------------------------------------------------------ progress and reminders

def test_progress_lists_who_has_not_rated_for_the_street(city, api, campaign):
    rate(campaign, city.community, city.unit, [5, 4, 3, 4])
    rate(campaign, city.unit, city.community, [4, 4, 4, 4])
    body = api(city.street_user).get(f"evaluation/campaigns/{campaign.pk}/progress").json()
    rows = {r["community"]: r for r in body["communities"]}
    assert set(rows) == {city.community.pk, city.sibling.pk}  # its street only
    ours = rows[city.community.pk]
    assert [u["name"] for u in ours["community_pending"]] == ["应城市供电公司"]
    assert [u["name"] for u in ours["units_pending"]] == ["应城市供电公司"]
    assert (body["expected"], body["community_done"], body["unit_done"]) == (3, 1, 1)
    assert api(city.unit_user).get(f"evaluation/campaigns/{campaign.pk}/progress").status_code == 403


def test_remind_lists_the_pending_raters(city, api, campaign):
    rate(campaign, city.community, city.unit, [5, 4, 3, 4])
    r = api(city.street_user).post(f"evaluation/campaigns/{campaign.pk}/remind")
    assert r.status_code == 200
    pending = {(p["kind"], p["name"]) for p in r.json()["pending"]}
    assert pending == {("community", "三眼井社区"), ("community", "蒲阳社区"), ("unit", "应城市住建局"),
                       ("unit", "应城市供电公司"), ("unit", "应城市第一中学")}
    if apps.is_installed("gongjian.notifications"):
        assert r.json()["notified"] is True  # sent through the notifications area
    assert api(city.community_user).post(f"evaluation/campaigns/{campaign.pk}/remind").status_code == 403


# ------------------------------------------------------------------------------ weights

def test_city_sets_weights_and_scores_follow(city, api, rated):
    services.campaign_close(actor=None, campaign=rated)
    client = api(city.city_user)
    before = client.get(f"assessment/units/{city.co_unit.pk}", {"year": 2010}).json()
    assert "30×1" in before["formula"]
    r = client.post("assessment/weights", {"year": 2010, "evaluation": 90, "participation": 0})
    assert r.status_code == 201 and r.json()["evaluation"] == "90.00" and not r.json()["is_default"]
    r = client.post("assessment/weights", {"year": 2010, "evaluation": 80})
    assert r.status_code == 200
    after = client.get(f"assessment/units/{city.co_unit.pk}", {"year": 2010}).json()
    assert "80×1" in after["formula"] and "30×1" not in after["formula"]
    assert {t["key"]: t["weight"] for t in after["terms"]}["evaluation"] == "80.00"
    assert api(city.street_user).post("assessment/weights", {"year": 2010, "evaluation": 1}).status_code == 403
    assert client.post("assessment/weights", {"year": 2010, "evaluation": -1}).status_code == 400


def test_the_openapi_document_lists_the_evaluation_paths(api, city):
    paths = api().get("openapi.json").json()["paths"]
    for path in ("/api/v1/evaluation/campaigns", "/api/v1/evaluation/campaigns/{campaign_id}/ratings",
                 "/api/v1/evaluation/ratings", "/api/v1/assessment/units", "/api/v1/assessment/export",
                 "/api/v1/assessment/weights"):
        assert path in paths
