"""Usernames are one account whatever their case or width; invisible characters are refused (issue 15 › 13)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongjian.accounts.models import User
from gongjian.accounts.services import user_create
from gongjian.testing import PASSWORD

NEW_PASSWORD = "Chushi-mima-2010"


@pytest.fixture
def admin_account(db):
    return user_create(actor=None, username="admin", password=NEW_PASSWORD, role="city")


@pytest.mark.parametrize("variant", ["Admin", "ＡＤＭＩＮ", "ADMIN", " admin "])
def test_a_case_or_width_variant_of_an_existing_username_is_refused(admin_account, variant):
    with pytest.raises(ValidationError) as caught:
        user_create(actor=None, username=variant, password=NEW_PASSWORD, role="city")
    assert caught.value.message_dict["username"] == ["该用户名已存在"]
    assert User.objects.count() == 1


@pytest.mark.parametrize("name", ["admin\u200b", "ad\u200dmin", "\ufeffroot", "ad min", "admin\u202e"])
def test_usernames_with_invisible_characters_are_refused(db, name):
    with pytest.raises(ValidationError) as caught:
        user_create(actor=None, username=name, password=NEW_PASSWORD, role="city")
    assert "不可见字符" in caught.value.message_dict["username"][0]
    assert not User.objects.exists()


def test_usernames_are_stored_in_normal_form(db):
    user = user_create(actor=None, username="ＷangＦang", password=NEW_PASSWORD, role="city")
    assert user.username == "wangfang"
    chinese = user_create(actor=None, username="王芳", password=NEW_PASSWORD, role="city")
    assert chinese.username == "王芳"


@pytest.mark.parametrize("typed", ["admin", "Admin", "ＡＤＭＩＮ"])
def test_login_accepts_any_case_or_width_of_the_username(client, admin_account, typed):
    response = client.post("/staff/login/", {"username": typed, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_account.pk)


def test_the_token_endpoint_accepts_any_case_of_the_username(city, api):
    response = api().post("auth/token", {"username": "UNIT", "password": PASSWORD})
    assert response.status_code == 200


def test_the_database_refuses_a_second_account_differing_only_in_case(admin_account):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="ADMIN")  # around the service: the constraint still holds
    assert User.objects.count() == 1


def test_the_admin_creation_path_normalises_too(db):
    user = User.objects.create_user(username="ＺhangSan", password=NEW_PASSWORD)
    assert user.username == "zhangsan"
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="ZHANGSAN", password=NEW_PASSWORD)
