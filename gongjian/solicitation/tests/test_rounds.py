"""轮次与批次: the city admin runs rounds through their statuses; others read or are refused."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gongjian.citysetup import services as city_services
from gongjian.core.errors import Conflict
from gongjian.projects.models import Batch
from gongjian.solicitation import services
from gongjian.solicitation.models import Round

from .factories import make_opinion, make_problem, make_project, make_round


def login(user):
    client = Client()
    client.force_login(user)
    return client


# ------------------------------------------------------------------------------ services


@pytest.mark.django_db
@pytest.mark.parametrize("start, target", [
    ("open", "screening"), ("screening", "open"), ("screening", "in_progress"), ("in_progress", "closed"),
])
def test_the_allowed_round_steps_are_taken(start, target):
    rnd = make_round(status=start)
    assert services.round_set_status(actor=None, round=rnd, status=target).status == target
    rnd.refresh_from_db()
    assert rnd.status == target


@pytest.mark.django_db
@pytest.mark.parametrize("start, target", [
    ("open", "in_progress"), ("open", "closed"), ("in_progress", "open"), ("closed", "open"),
    ("closed", "in_progress"), ("in_progress", "screening"),
])
def test_a_refused_round_step_changes_nothing(start, target):
    rnd = make_round(status=start)
    history = rnd.history.count()
    with pytest.raises(Conflict) as exc:
        services.round_set_status(actor=None, round=rnd, status=target)
    assert "不能改为" in exc.value.message
    rnd.refresh_from_db()
    assert rnd.status == start and rnd.history.count() == history


@pytest.mark.django_db
def test_an_unknown_status_is_refused():
    rnd = make_round()
    with pytest.raises(ValidationError):
        services.round_set_status(actor=None, round=rnd, status="paused")
    rnd.refresh_from_db()
    assert rnd.status == "open"


@pytest.mark.django_db
def test_round_update_renames_but_refuses_a_taken_name():
    rnd = make_round()
    make_round(name="2011年第一轮", year=2011)
    services.round_update(actor=None, round=rnd, name="2010年首轮", opened_on=date(2010, 3, 1))
    rnd.refresh_from_db()
    assert rnd.name == "2010年首轮" and rnd.opened_on == date(2010, 3, 1)
    with pytest.raises(ValidationError) as exc:
        services.round_update(actor=None, round=rnd, name="2011年第一轮", opened_on=None)
    assert "已有名为" in exc.value.message_dict["name"][0]
    rnd.refresh_from_db()
    assert rnd.name == "2010年首轮" and rnd.opened_on == date(2010, 3, 1)


def test_every_round_step_has_words_for_its_confirmation_page():
    from gongjian.solicitation.views.rounds import ROUND_STEPS

    steps = {(source, target) for source, targets in Round.TRANSITIONS.items() for target in targets}
    assert steps == set(ROUND_STEPS)


# ------------------------------------------------------------------------------ pages


def test_city_admin_creates_a_round_on_the_page(city):
    client = login(city.city_user)
    response = client.post(reverse("solicitation:round_list"), {
        "form": "round", "name": "2027年第一轮", "year": "2027", "opened_on": "2027-03-01"})
    rnd = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("solicitation:round_detail",
                                                                           args=[rnd.pk])
    assert rnd.status == "open" and rnd.opened_on == date(2027, 3, 1)


def test_a_taken_round_name_keeps_what_was_typed(city):
    make_round(name="2027年第一轮", year=2027)
    response = login(city.city_user).post(reverse("solicitation:round_list"), {
        "form": "round", "name": "2027年第一轮", "year": "2027", "opened_on": "2027-03-09"})
    body = response.content.decode()
    assert response.status_code == 200 and "已有名为" in body and 'value="2027-03-09"' in body
    assert Round.objects.count() == 1


def test_city_admin_moves_a_round_after_a_confirmation_page(city):
    rnd = make_round()
    client = login(city.city_user)
    url = reverse("solicitation:round_status", args=[rnd.pk, "screening"])
    page = client.get(url).content.decode()
    assert "开始筛选" in page and "居民将不能再在公众页面提交意见" in page
    rnd.refresh_from_db()
    assert rnd.status == "open"  # the confirmation page changes nothing
    assert client.post(url).status_code == 302
    rnd.refresh_from_db()
    assert rnd.status == "screening"
    reopen = client.get(reverse("solicitation:round_status", args=[rnd.pk, "open"])).content.decode()
    assert "重新开放征集" in reopen


def test_a_refused_step_on_the_page_says_why_and_changes_nothing(city):
    rnd = make_round()
    client = login(city.city_user)
    response = client.post(reverse("solicitation:round_status", args=[rnd.pk, "closed"]), follow=True)
    assert "不能改为“已结束”" in response.content.decode()
    rnd.refresh_from_db()
    assert rnd.status == "open"


def test_the_round_page_offers_only_the_allowed_steps(city):
    rnd = make_round(status=Round.Status.SCREENING)
    body = login(city.city_user).get(reverse("solicitation:round_detail", args=[rnd.pk])).content.decode()
    assert "重新开放征集" in body and "进入实施" in body and "结束本轮" not in body


def test_round_list_shows_counts_without_a_query_per_round(city, django_assert_max_num_queries):
    for n in range(5):
        rnd = make_round(name=f"{2010 + n}年", year=2010 + n)
        opinion = make_opinion(city, rnd)
        problem = make_problem(city, rnd, opinions=[opinion], klass="A")
        make_project(city, problem)
    client = login(city.city_user)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("solicitation:round_list")).content.decode()
    assert body.count("<td data-label=\"意见\">1</td>") == 5


def test_round_detail_lists_batches_with_their_projects(city, django_assert_max_num_queries):
    rnd = make_round(status=Round.Status.SCREENING)
    problem = make_problem(city, rnd, klass="A")
    make_project(city, problem)
    client = login(city.city_user)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("solicitation:round_detail", args=[rnd.pk])).content.decode()
    assert "第1批" in body and reverse("projects:batch_create", args=[rnd.pk]) in body


def test_street_staff_read_the_rounds_but_cannot_change_them(city):
    rnd = make_round()
    client = login(city.street_user)
    list_page = client.get(reverse("solicitation:round_list")).content.decode()
    assert rnd.name in list_page and "新建轮次" not in list_page
    detail = client.get(reverse("solicitation:round_detail", args=[rnd.pk])).content.decode()
    assert "开始筛选" not in detail


@pytest.mark.parametrize("who", ["street_user", "community_user", "unit_user", "liaison_user"])
def test_only_the_city_admin_writes_rounds(city, who):
    rnd = make_round()
    client = login(getattr(city, who))
    assert client.post(reverse("solicitation:round_list"), {
        "form": "round", "name": "x", "year": "2027"}).status_code == 403
    assert client.post(reverse("solicitation:round_list"), {
        "form": "notice", "next_round_opens_on": "2030-01-01"}).status_code == 403
    assert client.post(reverse("solicitation:round_detail", args=[rnd.pk]), {"name": "y"}).status_code == 403
    status_url = reverse("solicitation:round_status", args=[rnd.pk, "screening"])
    assert client.get(status_url).status_code == 403
    assert client.post(status_url).status_code == 403
    assert client.post(reverse("projects:batch_create", args=[rnd.pk]), {"number": "1"}).status_code == 403
    rnd.refresh_from_db()
    assert (rnd.name, rnd.status) == ("2010年第一轮", "open") and Round.objects.count() == 1
    assert not Batch.objects.exists()


def test_units_do_not_see_the_rounds_page(city):
    assert login(city.unit_user).get(reverse("solicitation:round_list")).status_code == 403


def test_anonymous_is_sent_to_sign_in(city):
    rnd = make_round()
    for url in (reverse("solicitation:round_list"), reverse("solicitation:round_detail", args=[rnd.pk]),
                reverse("solicitation:round_status", args=[rnd.pk, "screening"])):
        response = Client().post(url)
        assert response.status_code == 302 and "login" in response["Location"]
    rnd.refresh_from_db()
    assert rnd.status == "open"


def test_menu_shows_rounds_to_staff_and_categories_to_the_city(city):
    from gongjian.accounts.navigation import menu_for

    assert {"solicitation:round_list", "solicitation:category_list"} <= {i["name"] for i in menu_for(city.city_user)}
    street = {i["name"] for i in menu_for(city.street_user)}
    assert "solicitation:round_list" in street and "solicitation:category_list" not in street
    assert "solicitation:round_list" not in {i["name"] for i in menu_for(city.unit_user)}


# ------------------------------------------------------------------------------ next-round notice


def test_city_admin_sets_the_next_round_notice_on_the_rounds_page(city):
    opens = date.today() + timedelta(days=90)
    response = login(city.city_user).post(reverse("solicitation:round_list"), {
        "form": "notice", "next_round_opens_on": opens.isoformat(), "next_round_note": "届时各社区发放征求意见表"})
    assert response.status_code == 302
    body = login(city.city_user).get(reverse("solicitation:round_list")).content.decode()
    assert f"下一轮征集预计于 {opens.year}年{opens.month}月{opens.day}日 开始" in body


def test_the_public_home_page_says_when_the_next_round_opens(city):
    city_services.next_round_notice_save(actor=None, opens_on=date(2099, 3, 1), note="")
    body = Client().get(reverse("portal:home")).content.decode()
    assert "目前没有正在征集意见的轮次" in body and "下一轮征集预计于 2099年3月1日 开始" in body


def test_a_past_or_unset_date_is_not_shown(city):
    assert "下一轮征集预计" not in Client().get(reverse("portal:home")).content.decode()
    city_services.next_round_notice_save(actor=None, opens_on=date(2001, 3, 1), note="")
    assert "下一轮征集预计" not in Client().get(reverse("portal:home")).content.decode()


def test_the_notice_is_not_shown_while_a_round_is_open(city):
    make_round()
    city_services.next_round_notice_save(actor=None, opens_on=date(2099, 3, 1), note="")
    assert "下一轮征集预计" not in Client().get(reverse("portal:home")).content.decode()


def test_the_public_api_409_says_when_the_next_round_opens(city, api):
    city_services.next_round_notice_save(actor=None, opens_on=date(2099, 3, 1), note="")
    response = api().post("public/opinions", {"community": city.community.pk, "category": "sanitation",
                                              "content": "路灯坏了"})
    assert response.status_code == 409
    assert "下一轮征集预计于 2099年3月1日 开始" in response.json()["detail"]


# ------------------------------------------------------------------------------ archive numbers


@pytest.mark.django_db
def test_archive_numbers_use_the_settings_code_until_a_profile_is_saved(settings):
    settings.GONGJIAN_CITY_CODE = "YC"
    rnd = make_round()
    from gongjian.registry.services import community_create, street_create

    street = street_create(actor=None, name="城中街道", code="CZ")
    community = community_create(actor=None, street=street, name="三眼井社区", code="CZ01", residents=10)
    problem = services.problem_register(actor=None, round=rnd, community=community, title="路灯")
    assert problem.archive_no == "YC-2010-001"


def test_archive_numbers_take_the_prefix_from_the_city_profile(city):
    city_services.city_profile_save(actor=None, name="汉川市", archive_prefix="HC")
    rnd = make_round()
    assert make_problem(city, rnd).archive_no == "HC-2010-001"
