"""The city admin's set-up pages: the standard, its criteria (fixed once a community assesses against
it) and the city's target; other roles cannot write."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from gongjian.core.errors import Conflict
from gongjian.standards import services
from gongjian.standards.models import Criterion, Standard, Target
from gongjian.testing import PASSWORD

from .factories import make_standard, make_target, points

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_city_admin_sets_up_a_standard_its_criteria_and_the_target_from_the_pages(city):
    client = login(city.city_user)
    res = client.post("/staff/standards/setup/new/", {
        "name": "省级示范社区标准", "year": 2010, "pass_score": "85", "tier1_min": "85", "tier2_min": "70"})
    standard = Standard.objects.get()
    assert res.status_code == 302 and res.url == f"/staff/standards/setup/{standard.pk}/"
    for title, group, pts in [("班子建设", "basics", "50"), ("特色品牌", "features", "30"), ("示范带动", "excellence", "20")]:
        client.post(f"/staff/standards/setup/{standard.pk}/criteria/new/",
                    {"group": group, "title": title, "points": pts})
    first, second, third = standard.criteria.order_by("order")
    client.post(f"/staff/standards/setup/criteria/{third.pk}/move/", {"direction": "up"})
    assert [c.title for c in standard.criteria.order_by("order")] == ["班子建设", "示范带动", "特色品牌"]
    client.post(f"/staff/standards/setup/criteria/{first.pk}/edit/",
                {"group": "basics", "title": "班子和制度建设", "points": "45", "description": ""})
    assert "确认删除" in client.get(f"/staff/standards/setup/criteria/{second.pk}/remove/").content.decode()
    client.post(f"/staff/standards/setup/criteria/{second.pk}/remove/")
    assert [(c.title, c.points) for c in standard.criteria.order_by("order")] == [
        ("班子和制度建设", Decimal("45.0")), ("示范带动", Decimal("20.0"))]

    client.post("/staff/standards/setup/targets/new/", {
        "standard": standard.pk, "name": "两年内80%达标", "share": "80", "due_on": "2012-12-31"})
    target = Target.objects.get()
    assert (target.share, target.due_on) == (Decimal("80.00"), date(2012, 12, 31))
    client.post(f"/staff/standards/setup/targets/{target.pk}/edit/", {
        "standard": standard.pk, "name": "三年内90%达标", "share": "90", "due_on": "2013-12-31"})
    target.refresh_from_db()
    assert target.share == Decimal("90.00") and target.name == "三年内90%达标"
    html = client.get("/staff/standards/setup/").content.decode()
    assert "省级示范社区标准" in html and "三年内90%达标" in html


def test_criteria_and_score_lines_are_fixed_once_a_community_assesses(city):
    standard = make_standard(city.city_user)
    services.self_assessment_save(actor=city.community_user, standard=standard, community=city.community,
                                  scores=points(standard, 40, 20, 10))
    criterion = standard.criteria.first()
    client = login(city.city_user)
    res = client.post(f"/staff/standards/setup/criteria/{criterion.pk}/edit/",
                      {"group": "basics", "title": "改名", "points": "10"})
    assert "已有社区按此标准测评" in res.content.decode() and 'value="改名"' in res.content.decode()
    client.post(f"/staff/standards/setup/criteria/{criterion.pk}/remove/")
    client.post(f"/staff/standards/setup/criteria/{criterion.pk}/move/", {"direction": "down"})
    res = client.post(f"/staff/standards/setup/{standard.pk}/", {
        "name": standard.name, "year": 2010, "pass_score": "60", "tier1_min": "85", "tier2_min": "70", "active": "on"})
    assert "已有社区按此标准测评" in res.content.decode()
    criterion.refresh_from_db()
    standard.refresh_from_db()
    assert criterion.title == "班子建设" and criterion.order == 1 and standard.criteria.count() == 3
    assert standard.pass_score == Decimal("85.0")
    # The name and whether it is in use still change.
    services.standard_update(actor=city.city_user, standard=standard, name="2010年标准", year=2010,
                             pass_score=85, tier1_min=85, tier2_min=70, active=False)
    standard.refresh_from_db()
    assert standard.name == "2010年标准" and not standard.active
    with pytest.raises(Conflict):
        services.criterion_remove(actor=city.city_user, criterion=criterion)


def test_tier_lines_out_of_order_are_refused_on_the_form(city):
    standard = make_standard(city.city_user)
    res = login(city.city_user).post(f"/staff/standards/setup/{standard.pk}/", {
        "name": "新名称", "year": 2010, "pass_score": "85", "tier1_min": "60", "tier2_min": "70"})
    assert "一类社区最低分不能低于二类社区最低分" in res.content.decode()
    standard.refresh_from_db()
    assert standard.tier1_min == Decimal("85.0") and standard.name == "示范社区标准"


@pytest.mark.parametrize("who", ["street_user", "community_user", "unit_user", "liaison_user", "leader_user"])
def test_only_the_city_admin_sets_up_standards_and_targets(city, who):
    standard = make_standard(city.city_user)
    target = make_target(city.city_user, standard)
    criterion = standard.criteria.first()
    client = login(getattr(city, who))
    assert client.get("/staff/standards/setup/").status_code == 403
    assert client.post("/staff/standards/setup/new/", {"name": "x", "year": 2010, "pass_score": "1",
                                                       "tier1_min": "1", "tier2_min": "1"}).status_code == 403
    assert client.post(f"/staff/standards/setup/{standard.pk}/", {"name": "x"}).status_code == 403
    assert client.post(f"/staff/standards/setup/{standard.pk}/criteria/new/",
                       {"group": "basics", "title": "x", "points": "1"}).status_code == 403
    assert client.post(f"/staff/standards/setup/criteria/{criterion.pk}/edit/", {"title": "x"}).status_code == 403
    assert client.post(f"/staff/standards/setup/criteria/{criterion.pk}/move/", {}).status_code == 403
    assert client.post(f"/staff/standards/setup/criteria/{criterion.pk}/remove/").status_code == 403
    assert client.post("/staff/standards/setup/targets/new/", {"name": "x"}).status_code == 403
    assert client.post(f"/staff/standards/setup/targets/{target.pk}/edit/", {"name": "x"}).status_code == 403
    assert Standard.objects.count() == 1 and Criterion.objects.count() == 3 and Target.objects.count() == 1
    criterion.refresh_from_db()
    target.refresh_from_db()
    assert criterion.title == "班子建设" and target.name == "两年内80%达标"


def test_setup_pages_query_counts_are_constant(city, django_assert_max_num_queries):
    for k in range(5):
        standard = services.standard_create(actor=city.city_user, name=f"标准{k}", year=2010 + k, pass_score=85,
                                            tier1_min=85, tier2_min=70)
        for j in range(6):
            services.criterion_add(actor=city.city_user, standard=standard, group="basics", title=f"项{j}", points=5)
        make_target(city.city_user, standard)
    client = login(city.city_user)
    with django_assert_max_num_queries(12):
        assert client.get("/staff/standards/setup/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/staff/standards/setup/{standard.pk}/").status_code == 200


def test_menu_links_the_set_up_page_for_the_city_admin_only(city):
    assert "/staff/standards/setup/" in login(city.city_user).get("/staff/").content.decode()
    assert "/staff/standards/setup/" not in login(city.street_user).get("/staff/").content.decode()
