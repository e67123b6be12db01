"""Activities: who records them, volunteer-hour totals per person and per unit, a unit's participation
for the assessment, the public list, and constant query counts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client

from gongjian.activities import selectors, services
from gongjian.activities.models import Activity, Participation
from gongjian.members import services as member_services
from gongjian.members.tests.factories import in_service, make_member
from gongjian.registry.services import cadre_create

pytestmark = pytest.mark.django_db


def activity(city, *, unit=None, community=None, day=date(2010, 5, 1), hours=2, kind="sanjin", public=True):
    community = community or city.community
    return services.activity_create(actor=None, kind=kind, title=f"活动{day}", community=community, date=day,
                                    organiser_unit=unit, organiser_community=None if unit else community,
                                    hours=hours, public=public)


@pytest.fixture
def people(city):
    a = in_service(city, name="甲")
    b = in_service(city, name="乙")
    c = in_service(city, name="丙", unit=city.co_unit)
    cadre = cadre_create(actor=None, community=city.community, name="社区王书记", birth_year=1960,
                         education="senior", position="党委书记")
    return a, b, c, cadre


def test_volunteer_hours_per_person_and_per_unit(city, people):
    a, b, c, cadre = people
    first = activity(city, unit=city.unit, hours=2)
    services.participants_add(actor=None, activity=first, members=[a, b], cadres=[cadre])
    second = activity(city, day=date(2010, 6, 1), hours=3)
    services.participants_add(actor=None, activity=second, members=[a, c], hours="1.5")
    services.participants_add(actor=None, activity=second, members=[a])  # already there: unchanged
    later = activity(city, day=date(2011, 3, 1), hours=4)
    services.participants_add(actor=None, activity=later, members=[b])

    by_member = {r["member__name"]: r for r in selectors.hours_by_member(Participation.objects.all())}
    assert by_member["甲"]["hours"] == Decimal("3.5") and by_member["甲"]["activities"] == 2
    assert by_member["乙"]["hours"] == Decimal("6")
    assert {r["member__name"]: r["hours"] for r in selectors.hours_by_member(Participation.objects.all(), 2010)} \
        == {"甲": Decimal("3.5"), "乙": Decimal("2"), "丙": Decimal("1.5")}
    by_unit = {r["unit__name"]: r for r in selectors.hours_by_unit(Participation.objects.all(), 2010)}
    assert by_unit["应城市住建局"]["hours"] == Decimal("5.5") and by_unit["应城市住建局"]["people"] == 2
    assert by_unit["应城市供电公司"]["hours"] == Decimal("1.5")
    assert [r["hours"] for r in selectors.hours_by_cadre(Participation.objects.all())] == [Decimal("2")]
    assert selectors.member_hours(a.pk) == Decimal("3.5")


def test_unit_participation_for_the_assessment(city, people):
    a, b, c, _cadre = people
    member_services.member_report_to_community(actor=None, member=a, community=city.community,
                                               reported_on=date(2010, 4, 1))
    organised = activity(city, unit=city.unit)
    services.participants_add(actor=None, activity=organised, members=[a, b])
    other = activity(city, day=date(2010, 7, 1))
    services.participants_add(actor=None, activity=other, members=[a, c])
    activity(city, unit=city.unit, day=date(2011, 1, 5))
    figures = selectors.unit_participation(city.unit, 2010)
    assert figures == {"unit": city.unit.pk, "year": 2010, "activities_organised": 1, "activities_joined": 2,
                       "people": 2, "participations": 3, "hours": Decimal("6"), "members": 2,
                       "members_reported": 1}
    assert selectors.unit_participation(city.co_unit, 2009)["participations"] == 0


def test_hours_api_per_unit_and_member(city, api, people):
    a, b, c, _cadre = people
    services.participants_add(actor=None, activity=activity(city, unit=city.unit), members=[a, b])
    units = api(city.city_user).get("volunteer-hours", {"by": "unit", "year": 2010}).json()["results"]
    assert units == [{"id": city.unit.pk, "name": "应城市住建局", "unit_name": "", "community_name": "",
                      "activities": 2, "people": 2, "hours": "4.0"}]
    members = api(city.unit_user).get("volunteer-hours", {"by": "member"}).json()
    assert members["count"] == 2
    answer = api(city.unit_user).get(f"units/{city.unit.pk}/participation", {"year": 2010}).json()
    assert answer["hours"] == "4.0" and answer["people"] == 2
    assert api(city.unit_user).get(f"units/{city.co_unit.pk}/participation", {"year": 2010}).status_code == 404


def test_unit_records_its_activity_and_participants_through_the_api(city, api, people):
    a, _b, c, cadre = people
    client = api(city.unit_user)
    created = client.post("activities", {"kind": "sanjin", "title": "住建局进社区", "community": "城北社区",
                                         "date": "2010-05-04", "hours": 3})
    assert created.status_code == 201
    body = created.json()
    assert body["organiser_unit"] == city.unit.pk and body["community"] == city.far.pk
    added = client.post(f"activities/{body['id']}/participants", {"members": [a.pk]})
    assert added.status_code == 200 and added.json()["participant_list"][0]["hours"] == "3.0"
    # Another unit's member is not one it can name: 400 and nothing added.
    refused = client.post(f"activities/{body['id']}/participants", {"members": [c.pk]})
    assert refused.status_code == 400
    assert Participation.objects.count() == 1


def test_permissions_other_scope_404_forbidden_403_nothing_changed(city, api, people):
    a, *_ = people
    held = activity(city, community=city.far)  # organised by 城北社区
    assert api(city.community_user).get(f"activities/{held.pk}").status_code == 404
    assert api(city.community_user).post(f"activities/{held.pk}/participants",
                                         {"members": [a.pk]}).status_code == 404
    own = activity(city)  # organised by 三眼井社区, where the unit is located: the unit sees it
    assert api(city.unit_user).get(f"activities/{own.pk}").status_code == 200
    assert api(city.unit_user).post(f"activities/{own.pk}/participants", {"members": [a.pk]}).status_code == 403
    assert api(city.liaison_user).post(f"activities/{own.pk}/participants", {"x": 1}).status_code == 403
    assert api(city.liaison_user).post("activities", {"kind": "sanjin"}).status_code == 403
    refused = api(city.community_user).post("activities", {"kind": "volunteer", "title": "越界", "community": "城北社区",
                                                           "date": "2010-05-01"})
    assert refused.status_code == 403
    assert Participation.objects.count() == 0 and Activity.objects.count() == 2


def test_public_list_has_upcoming_and_past_public_activities_only(city, api, people):
    a, *_ = people
    today = date.today()
    soon = activity(city, day=today + timedelta(days=5), kind="volunteer")
    past = activity(city, day=today - timedelta(days=5))
    services.participants_add(actor=None, activity=past, members=[a])
    activity(city, day=today + timedelta(days=6), public=False)
    upcoming = api().get("public/activities").json()
    assert [r["id"] for r in upcoming["results"]] == [soon.pk]
    earlier = api().get("public/activities", {"when": "past"}).json()["results"]
    assert [(r["id"], r["participants"]) for r in earlier] == [(past.pk, 1)]
    assert set(earlier[0]) == {"id", "kind", "kind_name", "title", "community", "community_name",
                               "organiser_name", "date", "place", "hours", "participants", "description"}
    page = Client().get("/activities/").content.decode()
    assert soon.title in page and "甲" not in page
    hidden = Activity.objects.get(public=False)
    assert Client().get(f"/activities/{hidden.pk}/").status_code == 404


@pytest.mark.parametrize("n", [2, 10])
def test_list_queries_are_constant(city, api, django_assert_max_num_queries, n):
    members = [make_member(city, name=f"党员{k}") for k in range(n)]
    for k in range(n):
        services.participants_add(actor=None, activity=activity(city, day=date(2010, 5, 1) + timedelta(days=k)),
                                  members=members)
    with django_assert_max_num_queries(8):
        assert api(city.community_user).get("activities").json()["count"] == n
    with django_assert_max_num_queries(8):
        assert api(city.community_user).get("volunteer-hours").json()["count"] == n
    with django_assert_max_num_queries(8):
        assert api().get("public/activities", {"when": "past"}).json()["count"] == n
    client = Client()
    client.force_login(city.community_user)
    for url in ("/staff/activities/", "/staff/activities/hours/", "/staff/activities/hours/?by=unit"):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(8):
        assert Client().get("/activities/").status_code == 200
    one = Activity.objects.first()
    with django_assert_max_num_queries(16):
        assert client.get(f"/staff/activities/{one.pk}/").status_code == 200


def _far_unit_figures(city):
    return selectors.unit_participation(city.far_unit, 2010)


def test_a_community_cannot_credit_an_activity_to_a_unit_of_another_street(city, api):
    """Issue 15 finding 4: `organiser_unit` raised another street's unit's participation figure."""
    before = _far_unit_figures(city)
    body = {"kind": "sanjin", "title": "冒名进社区", "community": city.community.pk, "date": "2010-05-04"}
    for user in (city.community_user, city.street_user):
        for ref in (city.far_unit.pk, city.far_unit.name):
            refused = api(user).post("activities", {**body, "organiser_unit": ref})
            assert refused.status_code == 400 and "organiser_unit" in refused.json()["errors"]
    # A unit the community sees but does not act for: a unit user naming its neighbour is 403.
    refused = api(city.unit_user).post("activities", {**body, "organiser_unit": city.co_unit.pk})
    assert refused.status_code == 403
    assert not Activity.objects.exists()
    assert _far_unit_figures(city) == before
    # The page refuses it the same way.
    client = Client()
    client.force_login(city.community_user)
    response = client.post("/staff/activities/new/", {
        "kind": "sanjin", "title": "冒名进社区", "community": "三眼井社区", "organiser_unit": city.far_unit.pk,
        "date": "2010-05-04", "hours": "2", "public": "on"})
    assert response.status_code == 200 and "organiser_unit" in response.context["form"].errors
    assert not Activity.objects.exists()
    assert _far_unit_figures(city) == before


def test_a_community_credits_an_activity_to_a_unit_located_in_it(city, api):
    created = api(city.community_user).post("activities", {
        "kind": "sanjin", "title": "住建局进社区", "community": city.community.pk, "date": "2010-05-04",
        "organiser_unit": city.unit.name})
    assert created.status_code == 201 and created.json()["organiser_unit"] == city.unit.pk
    client = Client()
    client.force_login(city.community_user)
    response = client.post("/staff/activities/new/", {
        "kind": "sanjin", "title": "供电公司进社区", "community": "三眼井社区", "organiser_unit": city.co_unit.pk,
        "date": "2010-05-05", "hours": "2"})
    assert response.status_code == 302
    assert selectors.unit_participation(city.co_unit, 2010)["activities_organised"] == 1
    assert selectors.unit_participation(city.unit, 2010)["activities_organised"] == 1


def test_a_community_cannot_change_an_activity_credited_to_a_unit_it_does_not_act_for(city):
    from gongjian import permissions

    visiting = activity(city, unit=city.far_unit)  # the far unit's visit to 三眼井社区
    assert not permissions.can(city.community_user, "change", visiting)
    assert permissions.can(city.community_user, "participants", visiting)
    assert permissions.can(city.far_unit_user, "change", visiting)
