"""意见类别: added, renamed, reordered, deactivated by the city admin; a category in use is never deleted."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gongjian.core.errors import Conflict
from gongjian.solicitation import services
from gongjian.solicitation.categories import STANDARD_CODES
from gongjian.solicitation.models import Category

from .factories import make_opinion, make_round


def login(user):
    client = Client()
    client.force_login(user)
    return client


def ordered_codes():
    return list(Category.objects.order_by("sort_order", "code").values_list("code", flat=True))


# ------------------------------------------------------------------------------ services


def test_city_adds_its_own_category_at_the_end(city):
    category = services.category_create(actor=city.city_user, code="Parking", name="停车管理")
    assert category.code == "parking" and ordered_codes()[-1] == "parking" and category.active


@pytest.mark.parametrize("fields, field", [
    ({"code": "roads", "name": "道路"}, "code"),
    ({"code": "停车", "name": "停车管理"}, "code"),
    ({"code": "9lives", "name": "停车管理"}, "code"),
    ({"code": "parking", "name": "环境卫生"}, "name"),
    ({"code": "parking", "name": " "}, "name"),
])
def test_a_bad_new_category_is_refused_and_nothing_is_added(city, fields, field):
    before = Category.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.category_create(actor=city.city_user, **fields)
    assert field in exc.value.message_dict
    assert Category.objects.count() == before


def test_renaming_keeps_the_code(city):
    services.category_update(actor=None, category=city.category, name="环境卫生与绿化", description="垃圾、绿化")
    city.category.refresh_from_db()
    assert (city.category.code, city.category.name) == ("sanitation", "环境卫生与绿化")


def test_a_rename_to_a_taken_name_changes_nothing(city):
    with pytest.raises(ValidationError):
        services.category_update(actor=None, category=city.category, name="道路交通")
    city.category.refresh_from_db()
    assert city.category.name == "环境卫生"


def test_moving_a_category_up_and_down(city):
    before = ordered_codes()
    roads = Category.objects.get(code="roads")
    services.category_move(actor=None, category=roads, direction="up")
    assert ordered_codes()[:2] == ["roads", "sanitation"]
    services.category_move(actor=None, category=roads, direction="down")
    assert ordered_codes() == before
    services.category_move(actor=None, category=Category.objects.get(code=before[0]), direction="up")
    assert ordered_codes() == before  # the first stays first


def test_a_category_in_use_is_deactivated_never_deleted(city):
    make_opinion(city, make_round())
    with pytest.raises(Conflict) as exc:
        services.category_delete(actor=None, category=city.category)
    assert "不能删除" in exc.value.message
    services.category_set_active(actor=None, category=city.category, active=False)
    city.category.refresh_from_db()
    assert Category.objects.filter(pk=city.category.pk).exists() and not city.category.active
    services.category_set_active(actor=None, category=city.category, active=True)
    city.category.refresh_from_db()
    assert city.category.active


def test_a_standard_category_is_never_deleted(city):
    health = Category.objects.get(code="health")
    with pytest.raises(Conflict):
        services.category_delete(actor=None, category=health)
    assert Category.objects.filter(code="health").exists()


def test_an_unused_category_the_city_added_may_be_deleted(city):
    parking = services.category_create(actor=None, code="parking", name="停车管理")
    services.category_delete(actor=None, category=parking)
    assert not Category.objects.filter(code="parking").exists()


def test_the_last_active_category_stays_active(city):
    Category.objects.exclude(pk=city.category.pk).update(active=False)
    with pytest.raises(Conflict):
        services.category_set_active(actor=None, category=city.category, active=False)
    city.category.refresh_from_db()
    assert city.category.active


# ------------------------------------------------------------------------------ pages


def test_category_page_lists_in_use_counts_in_few_queries(city, django_assert_max_num_queries):
    rnd = make_round()
    for _ in range(3):
        make_opinion(city, rnd)
    for n in range(5):
        services.category_create(actor=None, code=f"extra{n}", name=f"其他{n}")
    client = login(city.city_user)
    with django_assert_max_num_queries(10):
        body = client.get(reverse("solicitation:category_list")).content.decode()
    assert '<td data-label="意见">3</td>' in body
    sanitation_row = body.split("<code>sanitation</code>")[1].split("</tr>")[0]
    assert "删除" not in sanitation_row  # standard and in use: only deactivation is offered
    assert reverse("solicitation:category_delete", args=[Category.objects.get(code="extra0").pk]) in body


def test_city_admin_adds_a_category_on_the_page_and_keeps_input_on_error(city):
    client = login(city.city_user)
    bad = client.post(reverse("solicitation:category_list"), {"code": "roads", "name": "停车管理"})
    assert bad.status_code == 200 and "已有代码" in bad.content.decode() and 'value="停车管理"' in bad.content.decode()
    good = client.post(reverse("solicitation:category_list"), {"code": "parking", "name": "停车管理"})
    assert good.status_code == 302 and Category.objects.filter(code="parking").exists()


def test_deactivation_asks_for_confirmation_first(city):
    client = login(city.city_user)
    url = reverse("solicitation:category_set_active", args=[city.category.pk])
    assert "停用后" in client.get(url).content.decode()
    city.category.refresh_from_db()
    assert city.category.active
    client.post(url)
    city.category.refresh_from_db()
    assert not city.category.active


def test_deleting_a_used_category_through_the_page_is_refused(city):
    make_opinion(city, make_round())
    response = login(city.city_user).post(reverse("solicitation:category_delete", args=[city.category.pk]),
                                          follow=True)
    assert "不能删除" in response.content.decode()
    assert Category.objects.filter(pk=city.category.pk).exists()


def test_renaming_and_moving_on_the_page(city):
    client = login(city.city_user)
    client.post(reverse("solicitation:category_update", args=[city.category.pk]),
                {"name": "环境卫生与绿化", "description": "", "sort_order": "5"})
    city.category.refresh_from_db()
    assert city.category.name == "环境卫生与绿化" and city.category.sort_order == 5
    roads = Category.objects.get(code="roads")
    client.post(reverse("solicitation:category_move", args=[roads.pk]), {"direction": "up"})
    assert ordered_codes()[0] == "roads"


@pytest.mark.parametrize("who", ["street_user", "community_user", "unit_user", "liaison_user", "leader_user"])
def test_only_the_city_admin_manages_categories(city, who):
    client = login(getattr(city, who))
    pk = city.category.pk
    assert client.get(reverse("solicitation:category_list")).status_code == 403
    assert client.post(reverse("solicitation:category_list"), {"code": "x", "name": "x"}).status_code == 403
    for name in ("category_update", "category_move", "category_set_active", "category_delete"):
        assert client.post(reverse(f"solicitation:{name}", args=[pk]),
                           {"name": "x", "sort_order": "1", "direction": "down"}).status_code == 403
    city.category.refresh_from_db()
    assert (city.category.name, city.category.active) == ("环境卫生", True)
    assert set(Category.objects.values_list("code", flat=True)) == STANDARD_CODES


def test_anonymous_is_sent_to_sign_in_from_the_category_pages(city):
    response = Client().get(reverse("solicitation:category_list"))
    assert response.status_code == 302 and "login" in response["Location"]


# ------------------------------------------------------------------------------ API


def test_api_adds_renames_and_deactivates_through_the_same_services(city, api):
    client = api(city.city_user)
    created = client.post("categories", {"code": "parking", "name": "停车管理"})
    assert created.status_code == 201 and created.json()["code"] == "parking"
    patched = client.client.patch("/api/v1/categories/parking", '{"name": "停车", "active": false}',
                                  content_type="application/json", **client.headers)
    assert patched.status_code == 200 and patched.json() == {
        "code": "parking", "name": "停车", "active": False, "sort_order": patched.json()["sort_order"]}
    taken = client.post("categories", {"code": "parking", "name": "别的"})
    assert taken.status_code == 400


def test_api_unit_cannot_add_a_category(city, api):
    assert api(city.unit_user).post("categories", {"code": "parking", "name": "停车管理"}).status_code == 403
    assert not Category.objects.filter(code="parking").exists()
