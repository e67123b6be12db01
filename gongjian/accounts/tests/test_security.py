"""Authentication hardening: lockout after repeated failures, forced password change."""

from django.test import override_settings

from gongjian.accounts.models import User
from gongjian.testing import PASSWORD


@override_settings(AXES_ENABLED=True)
def test_five_wrong_passwords_lock_the_account_on_the_login_page(client, city):
    for _ in range(5):
        client.post("/staff/login/", {"username": "unit", "password": "wrong"})
    response = client.post("/staff/login/", {"username": "unit", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True)
def test_five_wrong_passwords_lock_the_token_endpoint(city, api):
    anonymous = api()
    answers = [anonymous.post("auth/token", {"username": "unit", "password": "wrong"}).status_code
               for _ in range(5)]
    assert answers == [401, 401, 401, 401, 429]  # the fifth failure locks
    response = anonymous.post("auth/token", {"username": "unit", "password": PASSWORD})
    assert response.status_code == 429
    assert "暂停登录" in response.json()["detail"]


@override_settings(AXES_ENABLED=True)
def test_a_success_before_the_limit_resets_the_count(client, city):
    for _ in range(4):
        client.post("/staff/login/", {"username": "unit", "password": "wrong"})
    client.post("/staff/login/", {"username": "unit", "password": PASSWORD})
    client.post("/staff/logout/")
    for _ in range(4):
        client.post("/staff/login/", {"username": "unit", "password": "wrong"})
    response = client.post("/staff/login/", {"username": "unit", "password": PASSWORD})
    assert response.status_code == 302


@override_settings(FORCE_PASSWORD_CHANGE=True)
def test_user_on_an_initial_password_must_change_it_first(client, city):
    User.objects.filter(pk=city.unit_user.pk).update(must_change_password=True)
    client.login(username="unit", password=PASSWORD)
    response = client.get("/staff/registry/units/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/password/"
    response = client.post("/staff/password/", {"old_password": PASSWORD, "new_password1": "Xin-mima-2010!",
                                                 "new_password2": "Xin-mima-2010!"})
    assert response.status_code == 302
    assert client.get("/staff/registry/units/").status_code == 200
    assert not User.objects.get(pk=city.unit_user.pk).must_change_password


def test_session_cookie_is_http_only_and_expires_when_idle(settings):
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
