"""Users API: only the city admin creates users; roles must be bound to their scope."""

from gongjian.accounts.models import User


def test_city_admin_creates_a_community_user(city, api):
    response = api(city.city_user).post("users", {"username": "new_cadre", "password": "Sanyan-jing-2010",
                                                   "role": "community", "scope": city.community.pk})
    assert response.status_code == 201, response.content
    assert response.json()["scope"] == city.community.pk
    user = User.objects.get(username="new_cadre")
    assert user.community == city.community and user.check_password("Sanyan-jing-2010")


def test_city_admin_creates_a_liaison_with_communities(city, api):
    response = api(city.city_user).post("users", {"username": "liaison2", "password": "Sanyan-jing-2010",
                                                   "role": "liaison", "scope": None,
                                                   "communities": [city.community.pk, city.far.pk]})
    assert response.status_code == 201
    assert sorted(response.json()["communities"]) == sorted([city.community.pk, city.far.pk])


def test_street_cannot_create_city_users(city, api):
    before = User.objects.count()
    response = api(city.street_user).post("users", {"username": "x", "password": "Sanyan-jing-2010",
                                                     "role": "city"})
    assert response.status_code == 403
    assert User.objects.count() == before


def test_community_role_without_scope_is_400(city, api):
    response = api(city.city_user).post("users", {"username": "x", "password": "Sanyan-jing-2010",
                                                   "role": "community"})
    assert response.status_code == 400
    assert "scope" in response.json()["errors"]


def test_weak_password_is_refused_in_chinese(city, api):
    response = api(city.city_user).post("users", {"username": "weak", "password": "12345678",
                                                   "role": "city"})
    assert response.status_code == 400
    assert "password" in response.json()["errors"]
    assert not User.objects.filter(username="weak").exists()


def test_unknown_role_is_400(city, api):
    response = api(city.city_user).post("users", {"username": "x", "password": "Sanyan-jing-2010",
                                                   "role": "king"})
    assert response.status_code == 400


def test_openapi_document_is_served_and_describes_the_registry(city, api):
    response = api().get("openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ["/api/v1/auth/token", "/api/v1/streets", "/api/v1/communities", "/api/v1/units",
                 "/api/v1/users", "/api/v1/stats"]:
        assert path in paths, path


def test_street_admin_creates_a_user_for_its_own_community(city, api):
    response = api(city.street_user).post("users", {"username": "pu_yang", "password": "Sanyan-jing-2010",
                                                     "role": "community", "scope": city.sibling.pk})
    assert response.status_code == 201, response.content
    assert User.objects.get(username="pu_yang").community == city.sibling


def test_street_admin_cannot_create_users_of_another_street(city, api):
    before = User.objects.count()
    for body in ({"role": "community", "scope": city.far.pk}, {"role": "unit", "scope": city.far_unit.pk},
                 {"role": "liaison", "communities": [city.community.pk]}):
        response = api(city.street_user).post("users", {"username": "x", "password": "Sanyan-jing-2010", **body})
        assert response.status_code == 403, body
    assert User.objects.count() == before


def test_community_cannot_create_users(city, api):
    response = api(city.community_user).post("users", {"username": "x", "password": "Sanyan-jing-2010",
                                                        "role": "unit", "scope": city.unit.pk})
    assert response.status_code == 403
    assert not User.objects.filter(username="x").exists()
