"""The public submission and tracking surfaces against misuse (issue 15): one validation on every
channel, phone and ID numbers masked in free text, receipt codes that cannot be codes are 404."""

import pytest
from django.test import Client
from django.urls import reverse

from gongjian.solicitation.models import Opinion
from gongjian.solicitation.services import opinion_reject, problem_classify

from .factories import make_opinion, make_problem, make_round

BAD_PHONE = "13912345678<script>"


@pytest.fixture
def rnd(db):
    return make_round()


def public_opinion(city, **changes):
    return {"community": city.community.pk, "category": "sanitation", "content": "路灯坏了", **changes}


# ------------------------------------------------------------------------------ one validation


def test_public_api_refuses_a_phone_that_is_not_a_phone_number(city, api, rnd):
    response = api().post("public/opinions", public_opinion(city, phone=BAD_PHONE))
    assert response.status_code == 400
    assert "phone" in response.json()["errors"]
    assert Opinion.objects.count() == 0


def test_public_api_refuses_content_past_the_limit_of_every_channel(city, api, rnd):
    assert api().post("public/opinions", public_opinion(city, content="长" * 5001)).status_code == 400
    assert api().post("public/opinions", public_opinion(city, content="长" * 5000)).status_code == 201
    assert Opinion.objects.count() == 1


@pytest.mark.parametrize("content", ["\ud800", "路灯\x00坏了"])
def test_public_api_refuses_text_no_database_can_store(city, api, rnd, content):
    response = api().post("public/opinions", public_opinion(city, content=content))
    assert response.status_code == 400
    assert Opinion.objects.count() == 0


def test_public_form_refuses_a_phone_that_is_not_a_phone_number(city, rnd):
    response = Client().post(reverse("portal:home"), {**public_opinion(city), "phone": BAD_PHONE})
    assert response.status_code == 200
    assert "电话号码只能有数字" in response.content.decode()
    assert Opinion.objects.count() == 0


def test_staff_api_refuses_a_phone_that_is_not_a_phone_number(city, api, rnd):
    response = api(city.community_user).post("opinions", {
        "round": rnd.pk, "community": city.community.pk, "channel": "form", "category": "sanitation",
        "content": "路灯坏了", "submitter_phone": BAD_PHONE})
    assert response.status_code == 400
    assert "submitter_phone" in response.json()["errors"]
    assert Opinion.objects.count() == 0


def test_staff_page_refuses_a_phone_that_is_not_a_phone_number(city, rnd):
    client = Client()
    client.force_login(city.community_user)
    response = client.post(reverse("solicitation:opinion_create"), {
        "round": rnd.pk, "community": city.community.pk, "channel": "form", "category": city.category.pk,
        "content": "路灯坏了", "submitter_phone": BAD_PHONE, "received_on": "2010-05-03"})
    assert response.status_code == 200
    assert Opinion.objects.count() == 0


# ------------------------------------------------------------------------------ masking


def test_tracking_masks_phone_and_id_numbers_in_free_text(city, api, rnd):
    rejected = make_opinion(city, rnd)
    opinion_reject(actor=city.community_user, opinion=rejected, reason="已电话 13812345678 联系，身份证 420981198001011234")
    classified = make_opinion(city, rnd, content="路面坑洼")
    problem = make_problem(city, rnd, opinions=[classified])
    problem_classify(actor=None, problem=problem, klass="C", note="请联系 0712-5201234 咨询")
    for code in (rejected.receipt_code, classified.receipt_code):
        answer = api().get(f"public/opinions/{code}").content.decode()
        page = Client().get(reverse("portal:track"), {"code": code}).content.decode()
        for raw in (answer, page):
            assert "13812345678" not in raw and "420981198001011234" not in raw and "5201234" not in raw
    assert "138****5678" in api().get(f"public/opinions/{rejected.receipt_code}").json()["reject_reason"]


# ------------------------------------------------------------------------------ malformed codes


@pytest.mark.parametrize("path", ["%ED%A0%80", "%00", "%F0%9F%98%80" * 3])
def test_a_code_that_cannot_be_a_receipt_code_is_404_in_the_api(city, api, path):
    response = Client().get(f"/api/v1/public/opinions/{path}")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("query", ["code=%ED%A0%80", "code=%00", "code=\ud800".encode("utf-8", "surrogatepass")])
def test_a_code_that_cannot_be_a_receipt_code_is_not_found_on_the_tracking_page(city, query):
    raw = query if isinstance(query, str) else query.decode("latin-1")
    response = Client().get(reverse("portal:track"), QUERY_STRING=raw)
    assert response.status_code == 200
    assert "没有找到回执码" in response.content.decode()
