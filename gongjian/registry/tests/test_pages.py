"""Registry staff pages: the city keeps everything, a street admin its own street's records (another
street's community answers 404, streets are refused with 403), a community user only reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongjian.registry import services
from gongjian.registry.models import Community, PartyOrganization, Street, Unit
from gongjian.testing import PASSWORD


@pytest.fixture
def login(client):
    def as_user(username):
        client.login(username=username, password=PASSWORD)
        return client
    return as_user


def _community_form(community, **changes):
    data = {"street": community.street_id, "name": community.name, "code": community.code,
            "residents": community.residents, "tier": "", "office_premises": community.office_premises,
            "office_area": ""}
    return {**data, **changes}


@pytest.mark.parametrize("path", ["streets/", "communities/", "units/", "party-organizations/", "cadres/"])
def test_city_admin_opens_every_registry_list(city, login, path):
    response = login("city").get(f"/staff/registry/{path}")
    assert response.status_code == 200
    assert "新增" in response.content.decode()


def test_street_admin_edits_a_community_of_its_own_street(city, login):
    response = login("street").post(f"/staff/registry/communities/{city.sibling.pk}/edit/",
                                    _community_form(city.sibling, residents=5200, tier="2", office_area="150"))
    assert response.status_code == 302
    sibling = Community.objects.get(pk=city.sibling.pk)
    assert (sibling.residents, sibling.tier, sibling.office_area) == (5200, 2, 150)


def test_street_admin_cannot_edit_another_streets_community(city, login):
    client = login("street")
    assert client.get(f"/staff/registry/communities/{city.far.pk}/edit/").status_code == 404
    response = client.post(f"/staff/registry/communities/{city.far.pk}/edit/", _community_form(city.far, residents=1))
    assert response.status_code == 404
    assert Community.objects.get(pk=city.far.pk).residents == 4000


def test_street_admin_cannot_retire_another_streets_unit(city, login):
    response = login("street").post(f"/staff/registry/units/{city.far_unit.pk}/retire/")
    assert response.status_code == 404
    assert Unit.objects.get(pk=city.far_unit.pk).active


def test_street_admin_cannot_create_streets(city, login):
    client = login("street")
    assert client.get("/staff/registry/streets/new/").status_code == 403
    response = client.post("/staff/registry/streets/new/", {"name": "东马坊街道", "code": "420981004"})
    assert response.status_code == 403
    assert not Street.objects.filter(name="东马坊街道").exists()


def test_street_admin_cannot_add_a_community_to_another_street(city, login):
    response = login("street").post("/staff/registry/communities/new/", {
        "street": city.other_street.pk, "name": "新社区", "code": "CB09", "residents": 0, "office_premises": "owned"})
    assert response.status_code == 200
    assert "有效" in response.content.decode()
    assert not Community.objects.filter(name="新社区").exists()


def test_street_admin_adds_a_community_to_its_own_street(city, login):
    response = login("street").post("/staff/registry/communities/new/", {
        "street": city.street.pk, "name": "新社区", "code": "CZ09", "residents": 800, "office_premises": "rented"})
    assert response.status_code == 302
    assert Community.objects.get(name="新社区").street == city.street


def test_community_user_cannot_edit_its_community_nor_add_one(city, login):
    client = login("community")
    response = client.post(f"/staff/registry/communities/{city.community.pk}/edit/",
                           _community_form(city.community, residents=1))
    assert response.status_code == 403
    assert Community.objects.get(pk=city.community.pk).residents == 6000
    assert client.get("/staff/registry/communities/new/").status_code == 403


def test_community_user_cannot_add_party_organizations(city, login):
    response = login("community").post("/staff/registry/party-organizations/new/", {
        "name": "三眼井社区党支部", "kind": "branch", "community": city.community.pk, "members_count": 10})
    assert response.status_code == 403
    assert not PartyOrganization.objects.exists()


def test_unit_user_cannot_edit_its_unit(city, login):
    response = login("unit").post(f"/staff/registry/units/{city.unit.pk}/edit/", {
        "name": "改名", "community": city.community.pk, "kind": "organ", "rank": "section"})
    assert response.status_code == 403
    assert Unit.objects.get(pk=city.unit.pk).name == "应城市住建局"


def test_retiring_asks_for_confirmation_first(city, login):
    client = login("city")
    page = client.get(f"/staff/registry/units/{city.far_unit.pk}/retire/").content.decode()
    assert "确认撤销" in page
    assert Unit.objects.get(pk=city.far_unit.pk).active
    client.post(f"/staff/registry/units/{city.far_unit.pk}/retire/")
    assert not Unit.objects.get(pk=city.far_unit.pk).active
    assert "应城市人民医院" in client.get("/staff/registry/units/", {"status": "retired"}).content.decode()
    client.post(f"/staff/registry/units/{city.far_unit.pk}/restore/")
    assert Unit.objects.get(pk=city.far_unit.pk).active


def test_retiring_a_street_with_communities_is_refused_with_a_message(city, login):
    response = login("city").post(f"/staff/registry/streets/{city.street.pk}/retire/", follow=True)
    assert "请先撤销这些社区" in response.content.decode()
    assert Street.objects.get(pk=city.street.pk).active


def test_city_adds_a_party_organization_of_a_unit(city, login):
    response = login("city").post("/staff/registry/party-organizations/new/", {
        "name": "住建局机关党支部", "kind": "branch", "unit": city.unit.pk, "members_count": 25})
    assert response.status_code == 302
    assert PartyOrganization.objects.get(name="住建局机关党支部").unit == city.unit


def test_list_search_and_pages_keep_the_filters(city, login):
    for n in range(35):
        services.unit_create(actor=None, community=city.sibling, name=f"商户{n:02d}")
    page = login("city").get("/staff/registry/units/", {"q": "商户"}).content.decode()
    assert "商户00" in page and "应城市住建局" not in page
    assert "?q=%E5%95%86%E6%88%B7&amp;page=2" in page


def test_community_list_query_count_does_not_grow_with_rows(city, login):
    client = login("city")
    client.get("/staff/registry/communities/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/staff/registry/communities/").status_code == 200
    for n in range(20):
        services.community_create(actor=None, street=city.other_street, name=f"新社区{n}", code=f"CBX{n}")
    with CaptureQueriesContext(connection) as many:
        client.get("/staff/registry/communities/")
    assert len(many) == len(few)
