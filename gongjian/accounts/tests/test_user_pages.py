"""用户管理 pages: the city admin manages everyone, a street admin its own communities' and units' users."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongjian.accounts.models import ApiToken, Role, User
from gongjian.testing import PASSWORD


def _client(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _xlsx(rows, headers=("用户名", "姓名", "手机", "角色", "所属", "联系社区")):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("users.xlsx", data.getvalue())


def test_city_admin_creates_a_user_and_gets_a_login_slip(city):
    response = _client(city.city_user).post(reverse("accounts:user_create"), {
        "role": Role.COMMUNITY, "username": "puyang", "first_name": "王芳", "phone": "13900000001",
        "community": city.sibling.pk})
    assert response.status_code == 200
    user = User.objects.get(username="puyang")
    assert user.community == city.sibling and user.must_change_password and user.phone == "13900000001"
    body = response.content.decode()
    assert "登录条" in body and "puyang" in body
    password = response.context["created"][0].password
    assert password in body and user.check_password(password)


def test_printed_initial_password_signs_in_and_must_be_changed(city, settings):
    settings.FORCE_PASSWORD_CHANGE = True
    response = _client(city.city_user).post(reverse("accounts:user_create"), {
        "role": Role.UNIT, "username": "gongdian", "unit": city.co_unit.pk})
    password = response.context["created"][0].password
    client = Client()
    assert client.login(username="gongdian", password=password)
    assert client.get(reverse("accounts:home"))["Location"] == reverse("accounts:password_change")
    changed = client.post(reverse("accounts:password_change"), {
        "old_password": password, "new_password1": "Hubei-Spring-77", "new_password2": "Hubei-Spring-77"})
    assert changed.status_code == 302
    assert not User.objects.get(username="gongdian").must_change_password


def test_missing_scope_keeps_the_form_and_creates_nothing(city):
    response = _client(city.city_user).post(reverse("accounts:user_create"), {
        "role": Role.COMMUNITY, "username": "nobody", "first_name": "张三"})
    assert response.status_code == 200
    assert "须指定" in response.content.decode() and 'value="张三"' in response.content.decode()
    assert not User.objects.filter(username="nobody").exists()


def test_street_admin_creates_users_only_in_its_own_street(city):
    client = _client(city.street_user)
    ok = client.post(reverse("accounts:user_create"), {"role": Role.UNIT, "username": "yizhong",
                                                       "unit": city.sibling_unit.pk})
    assert ok.status_code == 200 and User.objects.filter(username="yizhong").exists()
    refused = client.post(reverse("accounts:user_create"), {"role": Role.UNIT, "username": "yiyuan",
                                                            "unit": city.far_unit.pk})
    assert refused.status_code == 200 and "unit" in refused.context["form"].errors
    city_role = client.post(reverse("accounts:user_create"), {"role": Role.CITY, "username": "boss"})
    assert "role" in city_role.context["form"].errors
    assert not User.objects.filter(username__in=["yiyuan", "boss"]).exists()


def test_street_admin_sees_only_its_own_users(city):
    page = _client(city.street_user).get(reverse("accounts:user_list"))
    names = {u.username for u in page.context["page"]}
    assert {"community", "unit", "counit"} <= names
    assert not names & {"community_far", "unit_far", "city", "street2", "liaison", "leader"}


def test_street_admin_cannot_touch_another_streets_user(city):
    client = _client(city.street_user)
    far = city.far_community_user
    assert client.get(reverse("accounts:user_detail", args=[far.pk])).status_code == 404
    assert client.post(reverse("accounts:user_active", args=[far.pk]), {"confirm": "1"}).status_code == 404
    assert client.post(reverse("accounts:user_password_reset", args=[far.pk]), {"confirm": "1"}).status_code == 404
    far.refresh_from_db()
    assert far.is_active and far.check_password(PASSWORD)


@pytest.mark.parametrize("who", ["community_user", "unit_user", "liaison_user", "leader_user"])
def test_other_roles_cannot_manage_users(city, who):
    client = _client(getattr(city, who))
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.post(reverse("accounts:user_create"), {"role": Role.UNIT, "username": "x",
                                                         "unit": city.unit.pk}).status_code == 403
    assert not User.objects.filter(username="x").exists()


def test_reset_password_asks_first_then_revokes_the_old_one(city, api):
    api(city.community_user).get("streets")  # issues a token
    assert ApiToken.objects.filter(user=city.community_user).exists()
    client = _client(city.city_user)
    url = reverse("accounts:user_password_reset", args=[city.community_user.pk])
    assert "确认重置密码" in client.get(url).content.decode()
    city.community_user.refresh_from_db()
    assert city.community_user.check_password(PASSWORD)
    response = client.post(url, {"confirm": "1"})
    password = response.context["created"][0].password
    user = User.objects.get(pk=city.community_user.pk)
    assert user.check_password(password) and user.must_change_password
    assert not ApiToken.objects.filter(user=user).exists()


def test_deactivate_keeps_the_user_and_blocks_sign_in(city):
    client = _client(city.city_user)
    url = reverse("accounts:user_active", args=[city.unit_user.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"confirm": "1"})
    user = User.objects.get(pk=city.unit_user.pk)
    assert not user.is_active
    assert not Client().login(username="unit", password=PASSWORD)
    client.post(url, {"confirm": "1"})
    assert User.objects.get(pk=city.unit_user.pk).is_active


def test_admin_cannot_deactivate_itself(city):
    client = _client(city.city_user)
    client.post(reverse("accounts:user_active", args=[city.city_user.pk]), {"confirm": "1"})
    assert User.objects.get(pk=city.city_user.pk).is_active


def test_import_creates_every_user_with_slips(city):
    sheet = _xlsx([["puyang1", "王芳", "13900000001", "社区", "蒲阳社区", ""],
                   ["", "李强", "13900000002", "辖区单位", "应城市供电公司", ""],
                   ["lianluo9", "赵敏", "", "联络员", "", "三眼井社区、蒲阳社区"]])
    response = _client(city.city_user).post(reverse("accounts:user_import"), {"file": sheet})
    assert response.status_code == 200, response.content.decode()[:500]
    assert len(response.context["created"]) == 3
    assert User.objects.get(username="13900000002").unit == city.co_unit
    assert set(User.objects.get(username="lianluo9").communities.all()) == {city.community, city.sibling}
    assert all(u.must_change_password for u in User.objects.filter(username__in=["puyang1", "lianluo9"]))


def test_import_with_a_bad_row_creates_nobody_and_names_the_row(city):
    before = User.objects.count()
    sheet = _xlsx([["ok1", "王芳", "", "社区", "蒲阳社区", ""],
                   ["bad", "李强", "", "国王", "蒲阳社区", ""],
                   ["bad2", "赵敏", "", "社区", "不存在社区", ""]])
    response = _client(city.city_user).post(reverse("accounts:user_import"), {"file": sheet})
    rows = {(e["row"], e["field"]) for e in response.context["errors"]}
    assert rows == {(3, "角色"), (4, "所属")}
    assert User.objects.count() == before


def test_street_admin_import_refuses_rows_outside_its_street(city):
    sheet = _xlsx([["far1", "王芳", "", "社区", "城北社区", ""]])
    response = _client(city.street_user).post(reverse("accounts:user_import"), {"file": sheet})
    assert response.context["errors"][0]["message"] == "超出您的管理范围"
    assert not User.objects.filter(username="far1").exists()


def test_import_checks_the_header_first(city):
    sheet = _xlsx([["x"]], headers=("名字",))
    response = _client(city.city_user).post(reverse("accounts:user_import"), {"file": sheet})
    assert "表头缺少" in response.content.decode()


def test_import_template_downloads(city):
    response = _client(city.city_user).get(reverse("accounts:user_import"), {"template": "1"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [c.value for c in book.active[1]][:4] == ["用户名", "姓名", "手机", "角色"]


def test_user_list_query_count_is_constant(city, django_assert_max_num_queries):
    client = _client(city.city_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("accounts:user_list"), {"status": "all"})
    assert response.status_code == 200


def test_user_list_search_and_huge_page_number(city):
    client = _client(city.city_user)
    response = client.get(reverse("accounts:user_list"), {"q": "三眼井", "page": "9" * 30})
    assert {u.username for u in response.context["page"]} >= {"community"}
