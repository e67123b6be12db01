
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongjian.citysetup import selectors, services
from gongjian.citysetup.models import CityProfile
from gongjian.testing import PASSWORD

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
       b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00"
       b"\x00IEND\xaeB`\x82")


def _client(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_profile_falls_back_to_settings_until_saved(settings):
    settings.GONGJIAN_CITY_NAME, settings.GONGJIAN_CITY_CODE = "应城市", "YC"
    profile = selectors.city_profile()
    assert profile.pk is None and profile.name == "应城市" and selectors.archive_prefix() == "YC"


@pytest.mark.django_db
def test_city_profile_save_writes_the_one_row():
    services.city_profile_save(actor=None, name="应城市", division_code="420981", archive_prefix="yc",
                               department="中共应城市委组织部")
    services.city_profile_save(actor=None, name="应城市", division_code="420981", archive_prefix="YC2")
    assert CityProfile.objects.count() == 1
    assert selectors.archive_prefix() == "YC2"


@pytest.mark.django_db
@pytest.mark.parametrize("field, kwargs", [
    ("name", {"name": " "}),
    ("division_code", {"division_code": "42098"}),
    ("archive_prefix", {"archive_prefix": "应城"}),
    ("archive_prefix", {"archive_prefix": "1YC"}),
    ("emblem", {"emblem": SimpleUploadedFile("a.png", b"<svg onload=alert(1)>")}),
])
def test_bad_profile_is_refused_and_nothing_is_saved(field, kwargs):
    data = {"name": "应城市", "division_code": "420981", "archive_prefix": "YC", **kwargs}
    with pytest.raises(ValidationError) as exc:
        services.city_profile_save(actor=None, **data)
    assert field in exc.value.message_dict
    assert not CityProfile.objects.exists()


def test_checklist_shows_each_step_done_or_to_do(city):
    steps = {s.key: s for s in selectors.checklist()}
    assert not steps["profile"].done
    assert steps["registry"].done and steps["users"].done and steps["categories"].done
    assert not steps["round"].done


def test_city_admin_fills_the_profile_through_the_page(city):
    client = _client(city.city_user)
    assert client.get(reverse("citysetup:checklist")).status_code == 200
    response = client.post(reverse("citysetup:profile"), {
        "name": "应城市", "division_code": "420981", "archive_prefix": "YC", "department": "中共应城市委组织部",
        "emblem": SimpleUploadedFile("emblem.png", PNG, content_type="image/png"),
    })
    assert response.status_code == 302
    profile = CityProfile.objects.get()
    assert profile.department == "中共应城市委组织部" and profile.emblem
    emblem = Client().get(reverse("citysetup:emblem"))
    assert emblem.status_code == 200 and b"".join(emblem.streaming_content).startswith(b"\x89PNG")
    assert {s.key: s.done for s in selectors.checklist()}["profile"]


def test_bad_profile_on_the_page_keeps_what_was_typed(city):
    response = _client(city.city_user).post(reverse("citysetup:profile"), {
        "name": "应城市", "division_code": "12", "archive_prefix": "YC", "department": "组织部"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "6 位数字" in body and 'value="组织部"' in body
    assert not CityProfile.objects.exists()


@pytest.mark.parametrize("who", ["street_user", "community_user", "unit_user", "liaison_user", "leader_user"])
def test_only_the_city_admin_opens_the_set_up_pages(city, who):
    client = _client(getattr(city, who))
    assert client.get(reverse("citysetup:checklist")).status_code == 403
    assert client.post(reverse("citysetup:profile"), {"name": "x", "archive_prefix": "X"}).status_code == 403
    assert not CityProfile.objects.exists()


def test_anonymous_is_sent_to_sign_in(city):
    response = Client().get(reverse("citysetup:checklist"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_checklist_query_count_is_small(city, django_assert_max_num_queries):
    client = _client(city.city_user)
    with django_assert_max_num_queries(14):
        client.get(reverse("citysetup:checklist"))


def test_emblem_is_404_when_none_is_set(city):
    assert Client().get(reverse("citysetup:emblem")).status_code == 404


@pytest.mark.django_db
def test_next_round_notice_is_saved_and_read(settings):
    from datetime import date

    settings.GONGJIAN_CITY_NAME, settings.GONGJIAN_CITY_CODE = "应城市", "YC"
    services.next_round_notice_save(actor=None, opens_on=date(2027, 3, 1), note="届时各社区发放征求意见表")
    assert selectors.next_round_notice(today=date(2027, 1, 1)) == \
        "下一轮征集预计于 2027年3月1日 开始。届时各社区发放征求意见表。"
    assert selectors.next_round_notice(today=date(2027, 3, 1)) == ""  # not in the future: not shown
    assert selectors.archive_prefix() == "YC"  # the profile made from the settings keeps the prefix


@pytest.mark.django_db
def test_a_note_without_a_date_is_refused():
    with pytest.raises(ValidationError):
        services.next_round_notice_save(actor=None, opens_on=None, note="明年再说")
    assert not CityProfile.objects.exists()


def test_checklist_links_to_the_rounds_and_categories_pages(city):
    steps = {s.key: s for s in selectors.checklist()}
    assert steps["categories"].url == reverse("solicitation:category_list")
    assert steps["round"].url == reverse("solicitation:round_list")


def test_pages_show_the_name_and_emblem_of_the_saved_profile(client, city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert "应城市" in client.get("/").content.decode()
    services.city_profile_save(actor=city.city_user, name="汉川市", archive_prefix="HC",
                               emblem=SimpleUploadedFile("标志.png", PNG, content_type="image/png"))
    home = client.get("/").content.decode()
    assert "汉川市 · 社区共驻共建" in home and "/staff/setup/emblem/?v=" in home
    client.force_login(city.street_user)
    staff = client.get("/staff/").content.decode()
    assert "共建 · 汉川市" in staff and 'class="emblem"' in staff
