"""Community conditions: the overview shows the report's gaps (rented offices, older and less schooled
cadres, training, budget), scoped to what the user may see, in a constant number of queries."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongjian.conditions import services
from gongjian.conditions.models import CadreTraining, CommunityBudget
from gongjian.registry.models import Community
from gongjian.registry.services import cadre_create, community_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def conditions(city):
    Community.objects.filter(pk=city.sibling.pk).update(office_premises="rented", office_area=80)
    Community.objects.filter(pk=city.far.pk).update(office_premises="incomplete")
    old = cadre_create(actor=None, community=city.community, name="王建国", birth_year=1950, education="junior")
    young = cadre_create(actor=None, community=city.community, name="李芳", birth_year=1984, education="bachelor")
    cadre_create(actor=None, community=city.far, name="张敏", birth_year=1962, education="primary")
    services.training_record(actor=city.community_user, cadre=young, title="社区工作者培训", held_on=date(2010, 5, 1),
                             hours=16)
    services.budget_set(actor=city.street_user, community=city.community, year=2010, allocated="30000")
    services.budget_set(actor=city.city_user, community=city.far, year=2010, allocated="20000", spent="5000")
    return {"old": old, "young": young}


def test_city_overview_counts_the_gaps(city, api, conditions):
    data = api(city.city_user).get("conditions/overview", {"year": 2010}).json()
    total = data["total"]
    assert total["communities"] == 3 and total["premises"] == {"owned": 1, "rented": 1, "incomplete": 1, "none": 0}
    assert total["premises_gap"] == 2
    assert total["cadres"] == 3 and total["ages"] == {"age_35": 1, "age_45": 0, "age_55": 1, "age_56": 1}
    assert total["education"]["primary"] == 1 and total["low_education_share"] == 67
    assert total["trained"] == 1 and total["trained_share"] == 33
    assert total["allocated"] == "50000.00"
    assert [r["name"] for r in data["rows"]] == ["城中街道", "城北街道"]


def test_a_street_sees_its_communities_only(city, api, conditions):
    data = api(city.street_user).get("conditions/overview", {"year": 2010, "by": "community"}).json()
    assert {r["name"] for r in data["rows"]} == {"三眼井社区", "蒲阳社区"}
    assert data["total"]["cadres"] == 2 and data["total"]["allocated"] == "30000.00"


def test_units_see_no_conditions(city, api, conditions):
    data = api(city.unit_user).get("conditions/overview", {"year": 2010}).json()
    assert data["total"]["communities"] == 0 and data["rows"] == []
    assert api(city.unit_user).get("cadre-trainings").json()["count"] == 0


def test_training_of_a_cadre_of_another_community_is_404(city, api, conditions):
    far_cadre = city.far.cadres.get()
    body = {"cadre": far_cadre.pk, "title": "培训", "held_on": "2010-06-01", "hours": 8}
    assert api(city.community_user).post("cadre-trainings", body).status_code == 404
    response = api(city.far_community_user).post("cadre-trainings", body)
    assert response.status_code == 201 and response.json()["community"] == city.far.pk
    assert api(city.unit_user).post("cadre-trainings", body).status_code == 403


def test_budgets_are_set_by_city_and_street_not_communities(city, api, conditions):
    body = {"community": "三眼井社区", "year": 2011, "allocated": 32000}
    assert api(city.community_user).post("community-budgets", body).status_code == 403
    assert not CommunityBudget.objects.filter(year=2011).exists()
    assert api(city.other_street_user).post("community-budgets", body).status_code == 400  # not its community
    response = api(city.street_user).post("community-budgets", body)
    assert response.status_code == 201 and response.json()["allocated"] == "32000.00"
    again = api(city.street_user).post("community-budgets", {**body, "allocated": "35000"})
    assert again.json()["id"] == response.json()["id"]
    assert CommunityBudget.objects.get(year=2011).history.count() == 2


def test_training_hours_must_be_positive(city, conditions):
    with pytest.raises(ValidationError):
        services.training_record(actor=None, cadre=conditions["old"], title="x", held_on=date(2010, 1, 1), hours=0)
    assert CadreTraining.objects.count() == 1


def test_overview_query_count_does_not_grow_with_communities(city, api, conditions):
    client = api(city.city_user)
    client.get("conditions/overview")
    with CaptureQueriesContext(connection) as few:
        client.get("conditions/overview", {"year": 2010, "by": "community"})
    for k in range(5):
        community = community_create(actor=None, street=city.street, name=f"新社区{k}", code=f"CZ9{k}")
        cadre = cadre_create(actor=None, community=community, name="赵", birth_year=1970, education="senior")
        services.training_record(actor=None, cadre=cadre, title="培训", held_on=date(2010, 3, 1), hours=4)
        services.budget_set(actor=None, community=community, year=2010, allocated=1000)
    with CaptureQueriesContext(connection) as many:
        rows = client.get("conditions/overview", {"year": 2010, "by": "community"}).json()["rows"]
    assert len(rows) == 8
    assert len(many) == len(few)


def test_training_list_query_count_is_constant(city, api, conditions):
    client = api(city.city_user)
    client.get("cadre-trainings")
    with CaptureQueriesContext(connection) as few:
        client.get("cadre-trainings")
    for k in range(5):
        services.training_record(actor=None, cadre=conditions["old"], title=f"培训{k}", held_on=date(2010, 3, 1),
                                 hours=4)
    with CaptureQueriesContext(connection) as many:
        assert client.get("cadre-trainings").json()["count"] == 6
    assert len(many) == len(few)
