"""Open311 against misuse: receipt codes stay the resident's secret, reads are bounded and
rate-limited, every channel's validation holds, text is masked, malformed input is a 4xx in
GeoReport's error format (issue 15)."""

import json
from datetime import date

import pytest
from django.test import Client

from gongjian.open311.models import Open311Key
from gongjian.open311.services import key_issue
from gongjian.projects.models import Project, Rating
from gongjian.solicitation.models import Opinion
from gongjian.solicitation.services import opinion_create, opinion_reject, problem_register, round_create

LIST = "/open311/v2/requests.json"


@pytest.fixture
def world(db, city):
    rnd = round_create(actor=None, name="2010年第一轮", year=2010)
    _, raw_key = key_issue(name="12345热线", channel=Open311Key.Channel.HOTLINE)
    return {"round": rnd, "key": raw_key, "city": city}


def opinion(world, content="3栋楼道灯坏了"):
    city = world["city"]
    return opinion_create(actor=city.community_user, round=world["round"], community=city.community,
                          channel="form", category=city.category, content=content)


def assert_georeport_error(response, status):
    assert response.status_code == status
    [error] = response.json()
    assert error["code"] == status and error["description"]


def post_json(body, **extra):
    return Client().post(LIST, data=body, content_type="application/json", **extra)


def valid_post(world, **changes):
    return {"api_key": world["key"], "service_code": "sanitation", "address_id": "CZ01",
            "description": "路灯不亮", **changes}


# ------------------------------------------------------------------------------ receipt codes


def test_a_stranger_cannot_harvest_receipt_codes_to_rate_with(world):
    """Given a completed project whose community's residents hold two receipt codes, a stranger reading
    every Open311 answer finds no code: rating with what they found is refused and nothing changes."""
    city = world["city"]
    first, second = opinion(world), opinion(world, "路灯不亮")
    problem = problem_register(actor=city.community_user, round=world["round"], community=city.community,
                               title="楼道灯", opinions=[first, second])
    project = Project.objects.create(round=world["round"], problem=problem, community=city.community,
                                     title="更换楼道灯", lead_unit=city.unit, handler="李四",
                                     deadline=date(2010, 9, 30), status=Project.Status.COMPLETED)
    stranger = Client()
    listed = stranger.get(LIST, {"start_date": "2000-01-01"})
    found = {r["service_request_id"] for r in listed.json()}
    for number in list(found):
        found.update(r["service_request_id"] for r in stranger.get(f"/open311/v2/requests/{number}.json").json())
    answers = listed.content.decode() + "".join(
        stranger.get(f"/open311/v2/requests/{o.pk}.json").content.decode() for o in (first, second))
    assert first.receipt_code not in answers and second.receipt_code not in answers
    assert found == {str(first.pk), str(second.pk)}
    for code in found:
        response = stranger.post(f"/api/v1/public/projects/{project.pk}/rating",
                                 data={"rating": "satisfied", "receipt_code": code}, content_type="application/json")
        assert response.status_code == 404
    assert Rating.objects.count() == 0


def test_get_by_receipt_code_finds_nothing(world):
    item = opinion(world)
    assert_georeport_error(Client().get(f"/open311/v2/requests/{item.receipt_code}.json"), 404)
    assert_georeport_error(Client().get(LIST, {"service_request_id": item.receipt_code}), 400)


def test_one_get_cannot_look_up_hundreds_of_requests(world):
    numbers = ",".join(str(n) for n in range(1, 202))
    assert_georeport_error(Client().get(LIST, {"service_request_id": numbers}), 400)


def test_post_answers_the_receipt_code_only_to_the_submitter(world):
    response = Client().post(LIST, data=valid_post(world))
    assert response.status_code == 201
    [answer] = response.json()
    created = Opinion.objects.get()
    assert answer["service_request_id"] == str(created.pk)
    assert answer["receipt_code"] == created.receipt_code


def test_request_by_public_number_is_an_array_of_one(world):
    item = opinion(world)
    [found] = Client().get(f"/open311/v2/requests/{item.pk}.json").json()
    assert found["service_request_id"] == str(item.pk)
    assert_georeport_error(Client().get("/open311/v2/requests/99999999999999999999999.json"), 404)


# ------------------------------------------------------------------------------ bounded reads


def test_request_list_is_paged_newest_first(world):
    made = [opinion(world, f"{i}号楼道灯坏了") for i in range(5)]
    newest_first = [str(o.pk) for o in reversed(made)]
    page = lambda **params: [r["service_request_id"] for r in Client().get(LIST, params).json()]  # noqa: E731
    assert page() == newest_first
    assert page(page_size=2) == newest_first[:2]
    assert page(page_size=2, page=2) == newest_first[2:4]
    assert page(page_size=2, page=4) == []


def test_request_list_defaults_to_fifty(world):
    for i in range(51):
        opinion(world, f"{i}号楼道灯坏了")
    assert len(Client().get(LIST).json()) == 50
    assert len(Client().get(LIST, {"page_size": 200}).json()) == 51


@pytest.mark.parametrize("params", [{"page_size": 201}, {"page_size": 0}, {"page": 0}, {"page": "x"},
                                    {"page": "9" * 40}, {"page_size": "9" * 40}, {"start_date": "2010-13-45"},
                                    {"status": "nope"}])
def test_bad_paging_or_filters_are_400_in_georeport_format(world, params):
    assert_georeport_error(Client().get(LIST, params), 400)


def test_reads_are_rate_limited(world, settings):
    settings.GONGJIAN_OPEN311_READ_RATE = "2/m"
    item = opinion(world)
    client = Client()
    statuses = [client.get(LIST).status_code, client.get(f"/open311/v2/requests/{item.pk}.json").status_code]
    assert statuses == [200, 200]
    assert_georeport_error(client.get(LIST), 429)
    assert_georeport_error(client.get(f"/open311/v2/requests/{item.pk}.json"), 429)


def test_reads_are_not_limited_when_the_setting_is_empty(world, settings):
    settings.GONGJIAN_OPEN311_READ_RATE = ""
    assert {Client().get(LIST).status_code for _ in range(5)} == {200}


# ------------------------------------------------------------------------------ the same validation


def test_post_refuses_a_description_longer_than_other_channels_take(world):
    assert_georeport_error(Client().post(LIST, data=valid_post(world, description="x" * 2_000_000)), 400)
    assert_georeport_error(Client().post(LIST, data=valid_post(world, description="长" * 5001)), 400)
    assert Opinion.objects.count() == 0


def test_post_refuses_a_phone_that_is_not_a_phone_number(world):
    response = Client().post(LIST, data=valid_post(world, phone="13912345678<script>"))
    assert_georeport_error(response, 400)
    assert Opinion.objects.count() == 0


# ------------------------------------------------------------------------------ masking


def test_phone_and_id_numbers_in_text_are_masked(world):
    city = world["city"]
    item = opinion(world, "请联系13912345678，身份证420981198001011234")
    rejected = opinion(world, "广场舞太吵")
    opinion_reject(actor=city.community_user, opinion=rejected, reason="已电话联系 13812345678 说明")
    listed = Client().get(LIST).content.decode()
    single = Client().get(f"/open311/v2/requests/{item.pk}.json").content.decode()
    for raw in (listed, single):
        assert "13912345678" not in raw and "420981198001011234" not in raw
    assert "139****5678" in single
    assert "13812345678" not in listed and "138****5678" in listed


# ------------------------------------------------------------------------------ malformed input


@pytest.mark.parametrize("body", [
    "[" * 100_000 + "]" * 100_000,  # deeply nested JSON
    '{"api_key": ' + "[" * 50_000 + "]" * 50_000 + "}",
    "[1, 2]",  # not an object
    "{not json",
    b"\xff\xfe{}",  # not UTF-8
])
def test_malformed_json_post_is_400_in_georeport_format(world, body):
    assert_georeport_error(post_json(body), 400)
    assert Opinion.objects.count() == 0


@pytest.mark.parametrize("changes", [{"description": {"a": [1]}}, {"phone": ["1"]}, {"api_key": True},
                                     {"description": "\ud800"}, {"description": "路灯\x00不亮"}])
def test_json_fields_that_are_not_storable_text_are_400(world, changes):
    body = json.dumps(valid_post(world, **changes))
    assert_georeport_error(post_json(body), 400)
    assert Opinion.objects.count() == 0


def test_an_oversized_body_is_413(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    assert_georeport_error(post_json(json.dumps(valid_post(world, description="长" * 2000))), 413)
    assert Opinion.objects.count() == 0
