"""Staff pages: login required, the menu follows the role, pages readable in Chinese."""

import pytest

from gongjian.testing import PASSWORD


def test_staff_home_requires_login(client, db):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]


def test_login_page_is_in_chinese(client, db):
    response = client.get("/staff/login/")
    assert response.status_code == 200
    assert "工作人员登录" in response.content.decode()


def test_wrong_password_shows_a_chinese_message(client, city):
    response = client.post("/staff/login/", {"username": "unit", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()


@pytest.mark.parametrize("username", ["city", "street", "community", "unit", "liaison", "leader"])
def test_every_role_gets_its_home_page(client, city, username):
    assert client.login(username=username, password=PASSWORD)
    response = client.get("/staff/")
    assert response.status_code == 200
    assert "工作台" in response.content.decode()


def test_unit_menu_has_no_screening_entry(client, city):
    client.login(username="unit", password=PASSWORD)
    menu = [item["label"] for item in client.get("/staff/").context["staff_menu"]]
    assert "意见筛选" not in menu
    assert "首页" in menu


def test_logout_is_a_post_that_ends_the_session(client, city):
    client.login(username="unit", password=PASSWORD)
    response = client.post("/staff/logout/")
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302


def test_unit_list_page_shows_only_visible_units(client, city):
    client.login(username="unit", password=PASSWORD)
    body = client.get("/staff/registry/units/").content.decode()
    assert "应城市住建局" in body
    assert "应城市人民医院" not in body


def test_unit_list_page_query_count_does_not_grow_with_rows(client, city, django_assert_max_num_queries):
    from gongjian.registry.services import unit_create

    for k in range(30):
        unit_create(actor=None, community=city.community, name=f"单位{k}")
    client.login(username="city", password=PASSWORD)
    with django_assert_max_num_queries(12):
        response = client.get("/staff/registry/units/")
    assert response.status_code == 200


@pytest.mark.parametrize("username", ["city", "street", "community", "unit", "liaison", "leader"])
def test_every_menu_entry_opens_for_the_role_that_sees_it(client, city, username):
    """No dead ends: a tile or menu entry never leads to a 403 or a missing page."""
    client.login(username=username, password=PASSWORD)
    menu = client.get("/staff/").context["staff_menu"]
    assert menu
    for item in menu:
        response = client.get(item["url"])
        assert response.status_code in (200, 302), (item["label"], item["url"], response.status_code)
        if response.status_code == 302:
            assert "/staff/login/" not in response["Location"], item["url"]


def test_every_menu_icon_is_an_installed_icon():
    from django.contrib.staticfiles import finders

    from gongjian.accounts.navigation import MENU

    missing = [icon for _label, _url, _roles, icon in MENU if finders.find(f"vendor/lucide/{icon}.svg") is None]
    assert not missing
