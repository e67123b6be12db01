"""Each risk rule flags exactly the members it should, with the edges at the threshold."""

from datetime import date, timedelta

import pytest

from gongjian.members import risks, selectors, services
from gongjian.members.models import Member, RiskSettings

from .factories import community_org, in_service, make_member, put

pytestmark = pytest.mark.django_db

TODAY = date(2010, 12, 15)


def flagged(rule, settings=None):
    settings = settings or RiskSettings(pk=1)
    return set(risks.flagged(rule, Member.objects.all(), settings, TODAY).values_list("name", flat=True))


def contact(member, day):
    services.contact_record(actor=None, member=member, date=day, kind="visit")


def test_months_back_clamps_to_the_end_of_a_shorter_month():
    assert risks.months_back(date(2010, 8, 31), 6) == date(2010, 2, 28)
    assert risks.months_back(date(2010, 3, 15), 6) == date(2009, 9, 15)
    assert risks.months_back(date(2010, 1, 1), -1) == date(2010, 2, 1)


def test_pocket_rule_flags_six_months_without_contact_and_not_one_day_less(city):
    cutoff = date(2010, 6, 15)  # six months before TODAY
    at_threshold = make_member(city, name="甲正好六个月", registered_on=date(2009, 1, 1))
    contact(at_threshold, cutoff)
    just_inside = make_member(city, name="乙差一天", registered_on=date(2009, 1, 1))
    contact(just_inside, cutoff + timedelta(days=1))
    old_then_new = make_member(city, name="丙最近联系过", registered_on=date(2009, 1, 1))
    contact(old_then_new, date(2009, 5, 1))
    contact(old_then_new, date(2010, 11, 1))
    make_member(city, name="丁从未联系老登记", registered_on=cutoff)
    make_member(city, name="戊从未联系新登记", registered_on=cutoff + timedelta(days=1))
    in_service(city, name="己在职不算", registered_on=date(2009, 1, 1))
    assert flagged(risks.POCKET) == {"甲正好六个月", "丁从未联系老登记"}


def test_pocket_threshold_follows_the_city_setting(city):
    member = make_member(city, name="甲", registered_on=date(2009, 1, 1))
    contact(member, date(2010, 9, 15))  # three months before TODAY
    assert flagged(risks.POCKET) == set()
    assert flagged(risks.POCKET, RiskSettings(pk=1, pocket_months=3)) == {"甲"}


def test_underground_rule_flags_unreported_roster_members_after_the_grace_days(city):
    cutoff = TODAY - timedelta(days=30)
    in_service(city, name="甲到期未报到", registered_on=cutoff)
    in_service(city, name="乙还在宽限期", registered_on=cutoff + timedelta(days=1))
    reported = in_service(city, name="丙已报到", registered_on=date(2010, 1, 1))
    services.member_report_to_community(actor=None, member=reported, community=city.community)
    elsewhere = in_service(city, name="丁报到到别的社区", registered_on=date(2010, 1, 1))
    services.member_report_to_community(actor=None, member=elsewhere, community=city.sibling)
    in_service(city, name="戊住址不明", community=None, registered_on=date(2010, 1, 1))
    make_member(city, name="己自管不算", registered_on=date(2010, 1, 1))
    assert flagged(risks.UNDERGROUND) == {"甲到期未报到", "丁报到到别的社区"}


def test_nominal_rule_flags_away_members_six_months_or_more_without_dues(city):
    def paid(member, month):
        services.dues_record(actor=None, member=member, month=month, amount="2.00", paid_on=month)

    on_threshold = make_member(city, name="甲六个月未交", away=True, registered_on=date(2009, 1, 1))
    paid(on_threshold, date(2010, 6, 1))  # Dec − Jun = 6 months
    inside = make_member(city, name="乙五个月未交", away=True, registered_on=date(2009, 1, 1))
    paid(inside, date(2010, 7, 1))
    at_home = make_member(city, name="丙人在本地", away=False, registered_on=date(2009, 1, 1))
    paid(at_home, date(2009, 1, 1))
    make_member(city, name="丁从未交老登记", away=True, registered_on=date(2010, 6, 30))
    make_member(city, name="戊从未交新登记", away=True, registered_on=date(2010, 7, 1))
    unit_held = in_service(city, name="己关系在单位", away=True, registered_on=date(2009, 1, 1))
    assert unit_held.organization_id is None
    assert community_org(city.community)
    assert flagged(risks.NOMINAL) == {"甲六个月未交", "丁从未交老登记"}


def test_risk_list_api_shows_rule_threshold_and_who_follows_up(city, api):
    make_member(city, name="甲", registered_on=date(2009, 1, 1))
    answer = api(city.community_user).get("member-risks", {"rule": "pocket"}).json()
    assert answer["threshold"] == 6 and answer["threshold_unit"] == "个月"
    assert "6 个月" in answer["description"]
    assert [r["name"] for r in answer["results"]] == ["甲"]
    assert "三眼井社区党组织" in answer["results"][0]["follow_up"]
    assert answer["results"][0]["phone"] == "138****5678"


def test_only_the_city_changes_the_thresholds_and_the_list_follows(city, api):
    member = make_member(city, name="甲", registered_on=date(2009, 1, 1))
    services.contact_record(actor=None, member=member, date=date.today() - timedelta(days=100), kind="phone")
    body = {"pocket_months": 3, "underground_days": 30, "nominal_months": 6}
    assert put(api(city.community_user), "member-risk-settings", body).status_code == 403
    assert not RiskSettings.objects.exists()
    assert api(city.community_user).get("member-risks", {"rule": "pocket"}).json()["count"] == 0
    assert put(api(city.city_user), "member-risk-settings", body).status_code == 200
    answer = api(city.community_user).get("member-risks", {"rule": "pocket"}).json()
    assert answer["threshold"] == 3 and answer["count"] == 1
    assert RiskSettings.history.count() == 1


def test_risk_summary_counts_per_community(city):
    make_member(city, name="甲", registered_on=date(2009, 1, 1))
    make_member(city, name="乙", community=city.far, registered_on=date(2009, 1, 1))
    rows = {r["community"].name: r for r in selectors.risk_summary(city.city_user, today=TODAY)}
    assert rows["三眼井社区"]["pocket"] == 1 and rows["城北社区"]["pocket"] == 1
    street_rows = selectors.risk_summary(city.street_user, today=TODAY)
    assert [r["community"].name for r in street_rows] == ["三眼井社区"]
