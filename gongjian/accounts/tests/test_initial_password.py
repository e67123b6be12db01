"""Where the staff pages insist on a new password, the API insists too (issue 15 › 5)."""

from django.test import override_settings

from gongjian.accounts.models import ApiToken, User
from gongjian.testing import PASSWORD, ApiClient


@override_settings(FORCE_PASSWORD_CHANGE=True)
def test_token_endpoint_refuses_a_user_who_must_change_the_initial_password(city, api):
    User.objects.filter(pk=city.unit_user.pk).update(must_change_password=True)
    response = api().post("auth/token", {"username": "unit", "password": PASSWORD})
    assert response.status_code == 403
    assert "/staff/password/" in response.json()["detail"] and "修改密码" in response.json()["detail"]
    assert not ApiToken.objects.filter(user=city.unit_user).exists()


@override_settings(FORCE_PASSWORD_CHANGE=True)
def test_an_existing_token_of_a_user_who_must_change_the_password_is_refused(city):
    client = ApiClient(city.unit_user)  # issued before the flag was set
    assert client.get("projects").status_code == 200
    User.objects.filter(pk=city.unit_user.pk).update(must_change_password=True)
    response = client.get("projects")
    assert response.status_code == 403
    assert "修改密码" in response.json()["detail"]


def test_without_forced_change_the_flag_does_not_block_the_api(city, api):
    User.objects.filter(pk=city.unit_user.pk).update(must_change_password=True)
    assert api().post("auth/token", {"username": "unit", "password": PASSWORD}).status_code == 200


@override_settings(FORCE_PASSWORD_CHANGE=True)
def test_after_changing_the_password_the_token_endpoint_answers(client, city, api):
    User.objects.filter(pk=city.unit_user.pk).update(must_change_password=True)
    client.login(username="unit", password=PASSWORD)
    client.post("/staff/password/", {"old_password": PASSWORD, "new_password1": "Xin-mima-2010!",
                                     "new_password2": "Xin-mima-2010!"})
    assert api().post("auth/token", {"username": "unit", "password": "Xin-mima-2010!"}).status_code == 200


def test_a_user_created_by_an_admin_with_a_password_must_change_it(city, api):
    response = api(city.city_user).post("users", {"username": "xinren", "password": "Chushi-mima-2010",
                                                  "role": "city"})
    assert response.status_code == 201
    assert User.objects.get(username="xinren").must_change_password
