"""批次: the city admin adds batches to a round and renames them; numbers never repeat in a round."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gongjian.core.errors import Conflict
from gongjian.projects import services
from gongjian.projects.models import Batch
from gongjian.solicitation.models import Round
from gongjian.solicitation.tests.factories import make_round


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_batch_numbers_follow_on_in_a_round():
    rnd = make_round()
    first = services.batch_create(actor=None, round=rnd)
    second = services.batch_create(actor=None, round=rnd, name="第二批（年中）")
    assert (first.number, first.name) == (1, "第1批")
    assert (second.number, second.name) == (2, "第二批（年中）")


@pytest.mark.django_db
def test_a_taken_batch_number_is_refused_and_nothing_is_added():
    rnd = make_round()
    services.batch_create(actor=None, round=rnd, number=1)
    with pytest.raises(ValidationError) as exc:
        services.batch_create(actor=None, round=rnd, number=1)
    assert "已有第1批" in exc.value.message_dict["number"][0]
    assert Batch.objects.count() == 1


@pytest.mark.django_db
def test_a_closed_round_gets_no_new_batch():
    rnd = make_round(status=Round.Status.CLOSED)
    with pytest.raises(Conflict):
        services.batch_create(actor=None, round=rnd)
    assert not Batch.objects.exists()


@pytest.mark.django_db
def test_renaming_a_batch_keeps_its_number():
    batch = services.batch_create(actor=None, round=make_round())
    services.batch_update(actor=None, batch=batch, name="首批")
    batch.refresh_from_db()
    assert (batch.number, batch.name) == (1, "首批")
    with pytest.raises(ValidationError):
        services.batch_update(actor=None, batch=batch, name=" ")
    batch.refresh_from_db()
    assert batch.name == "首批"


def test_city_admin_adds_and_renames_a_batch_on_the_pages(city):
    rnd = make_round()
    client = login(city.city_user)
    page = client.get(reverse("projects:batch_create", args=[rnd.pk])).content.decode()
    assert 'value="1"' in page  # the next number is suggested
    response = client.post(reverse("projects:batch_create", args=[rnd.pk]), {"number": "1", "name": ""})
    assert response["Location"] == reverse("solicitation:round_detail", args=[rnd.pk])
    batch = Batch.objects.get()
    again = client.post(reverse("projects:batch_create", args=[rnd.pk]), {"number": "1", "name": "重复"})
    assert again.status_code == 200 and "已有第1批" in again.content.decode() and 'value="重复"' in again.content.decode()
    client.post(reverse("projects:batch_update", args=[batch.pk]), {"name": "首批"})
    batch.refresh_from_db()
    assert batch.name == "首批" and Batch.objects.count() == 1


@pytest.mark.parametrize("who", ["street_user", "community_user", "unit_user", "liaison_user"])
def test_only_the_city_admin_writes_batches(city, who):
    rnd = make_round()
    batch = services.batch_create(actor=None, round=rnd)
    client = login(getattr(city, who))
    assert client.post(reverse("projects:batch_create", args=[rnd.pk]), {"number": "2"}).status_code == 403
    assert client.post(reverse("projects:batch_update", args=[batch.pk]), {"name": "x"}).status_code in (403, 404)
    batch.refresh_from_db()
    assert batch.name == "第1批" and Batch.objects.count() == 1


def test_anonymous_is_sent_to_sign_in_from_the_batch_pages(city):
    rnd = make_round()
    response = Client().post(reverse("projects:batch_create", args=[rnd.pk]), {"number": "1"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Batch.objects.exists()
