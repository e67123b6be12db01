"""Registry API: lists start from the visible rows; writes are checked before input."""

from gongjian.registry.models import Street, Unit


def test_token_with_wrong_password_is_401(city, api):
    response = api().post("auth/token", {"username": "city", "password": "wrong"})
    assert response.status_code == 401
    assert response.json()["detail"]


def test_list_without_token_is_401(city, api):
    assert api().get("streets").status_code == 401


def test_unit_user_listing_units_of_another_community_gets_nothing(city, api):
    response = api(city.unit_user).get("units", {"community": city.far.pk})
    assert response.status_code == 200
    assert response.json() == {"count": 0, "results": []}


def test_unit_user_sees_only_the_units_of_its_own_community(city, api):
    names = {u["name"] for u in api(city.unit_user).get("units", {"page_size": 200}).json()["results"]}
    assert names == {"应城市住建局", "应城市供电公司"}


def test_street_sees_units_of_its_communities_only(city, api):
    names = {u["name"] for u in api(city.street_user).get("units").json()["results"]}
    assert names == {"应城市住建局", "应城市供电公司", "应城市第一中学"}


def test_city_sees_every_unit(city, api):
    assert api(city.city_user).get("units").json()["count"] == Unit.objects.count() == 4


def test_unit_cannot_create_a_street(city, api):
    before = Street.objects.count()
    response = api(city.unit_user).post("streets", {"name": "新街道", "code": "XJ"})
    assert response.status_code == 403
    assert Street.objects.count() == before


def test_forbidden_write_is_403_before_its_input_is_validated(city, api):
    response = api(city.unit_user).post("streets", {"bad": "input"})
    assert response.status_code == 403


def test_city_creates_a_street_and_chinese_is_not_escaped(city, api):
    response = api(city.city_user).post("streets", {"name": "东马坊街道", "code": "DMF"})
    assert response.status_code == 201
    assert "东马坊街道".encode() in response.content
    assert response.json()["name"] == "东马坊街道"


def test_invalid_input_answers_400_with_field_errors(city, api):
    response = api(city.city_user).post("streets", {"name": "东马坊街道"})
    assert response.status_code == 400
    assert "code" in response.json()["errors"]


def test_page_size_over_200_is_refused(city, api):
    response = api(city.city_user).get("units", {"page_size": 201})
    assert response.status_code == 400


def test_street_admin_creates_a_community_in_its_own_street(city, api):
    response = api(city.street_user).post("communities", {"name": "新河社区", "code": "CZ09", "street": "城中街道"})
    assert response.status_code == 201
    assert response.json()["street"] == city.street.pk


def test_street_admin_cannot_create_a_community_in_another_street(city, api):
    from gongjian.registry.models import Community

    response = api(city.street_user).post("communities", {"name": "越界社区", "code": "CB09", "street": city.other_street.pk})
    assert response.status_code == 400
    assert not Community.objects.filter(name="越界社区").exists()


def test_community_user_cannot_create_a_community(city, api):
    from gongjian.registry.models import Community

    before = Community.objects.count()
    response = api(city.community_user).post("communities", {"name": "新社区", "code": "X1", "street": city.street.pk})
    assert response.status_code == 403
    assert Community.objects.count() == before
