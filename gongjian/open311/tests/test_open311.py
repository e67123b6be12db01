"""Open311 GeoReport v2, driven by a real Open311 client (the `georeport` package on PyPI) against the
live test server. georeport 0.3.1 cannot create requests ("does not currently support the creation
of new 311 service requests"), so POSTs go through `requests` — the HTTP library georeport itself
uses — form-encoded as the GeoReport v2 specification says."""

from datetime import date, timedelta

import pytest
import requests
from django.core.management import call_command
from django.utils import timezone
from georeport import GeoReport

from gongjian.open311.models import Open311Key
from gongjian.open311.services import key_issue
from gongjian.projects.models import Project
from gongjian.solicitation.models import Opinion, Round
from gongjian.solicitation.services import opinion_create, opinion_reject, problem_register, round_create

PHONE = "13812345678"


@pytest.fixture
def world(transactional_db, city):
    rnd = round_create(actor=None, name="2010年第一轮", year=2010)
    _, raw_key = key_issue(name="12345热线", channel=Open311Key.Channel.HOTLINE)
    return {"round": rnd, "key": raw_key, "city": city}


@pytest.fixture
def client(live_server):
    return GeoReport(f"{live_server.url}/open311/v2/")


def post(live_server, **data):
    return requests.post(f"{live_server.url}/open311/v2/requests.json", data=data, timeout=10)


def make_opinion(world, content="3栋楼道灯坏了", community=None):
    city = world["city"]
    return opinion_create(actor=city.community_user, round=world["round"], community=community or city.community,
                          channel="form", category=city.category, content=content, submitter_name="张三",
                          submitter_phone=PHONE)


def test_services_are_the_active_categories(world, client):
    from gongjian.solicitation.models import Category

    Category.objects.filter(code="other").update(active=False)
    services = client.get_service_list()
    codes = [s["service_code"] for s in services]
    assert codes == list(Category.objects.filter(active=True).values_list("code", flat=True))
    assert codes[:2] == ["sanitation", "roads"] and "other" not in codes
    assert services[0]["service_name"] == "环境卫生"
    assert services[0]["metadata"] is False and services[0]["type"] == "realtime"
    assert client.get_service_definition("sanitation") == {"service_code": "sanitation", "attributes": []}


def test_post_creates_an_opinion_in_the_open_round(world, client, live_server):
    city = world["city"]
    response = post(live_server, api_key=world["key"], service_code="sanitation", address_id="CZ01",
                    description="三栋的楼道灯一直不亮", first_name="三", last_name="张", phone=PHONE)
    assert response.status_code == 201
    [answer] = response.json()
    opinion = Opinion.objects.get()
    assert answer["service_request_id"] == str(opinion.pk)
    assert answer["receipt_code"] == opinion.receipt_code  # for the hotline to tell the resident, only here
    assert (opinion.round, opinion.community, opinion.channel) == (world["round"], city.community, "hotline")
    assert (opinion.submitter_name, opinion.submitter_phone) == ("张三", PHONE)
    fetched = client.get_service_request(str(opinion.pk))
    assert fetched["service_request_id"] == str(opinion.pk)
    assert fetched["status"] == "open"
    assert fetched["address_id"] == "CZ01" and fetched["address"] == "三眼井社区"
    assert "筛选" in fetched["status_notes"]


def test_requests_carry_no_personal_data(world, client):
    opinion = make_opinion(world)
    raw = requests.get(f"{client.root_address}/requests/{opinion.pk}.json", timeout=10).text
    assert PHONE not in raw and "5678" not in raw and "张三" not in raw
    raw_list = requests.get(f"{client.root_address}/requests.json", timeout=10).text
    assert PHONE not in raw_list and "张三" not in raw_list
    assert opinion.receipt_code not in raw and opinion.receipt_code not in raw_list
    assert "楼道灯" in raw  # Chinese as characters, not \\u escapes


@pytest.mark.parametrize("key", [None, "", "wrong-key"])
def test_post_without_a_valid_key_is_403(world, live_server, key):
    data = {"service_code": "sanitation", "address_id": "CZ01", "description": "路灯不亮"}
    if key is not None:
        data["api_key"] = key
    response = post(live_server, **data)
    assert response.status_code == 403
    assert response.json()[0]["code"] == 403
    assert Opinion.objects.count() == 0


def test_post_with_an_inactive_key_is_403(world, live_server):
    Open311Key.objects.update(active=False)
    response = post(live_server, api_key=world["key"], service_code="sanitation", address_id="CZ01",
                    description="路灯不亮")
    assert response.status_code == 403


@pytest.mark.parametrize("field, value", [("service_code", "nope"), ("address_id", "XX99"), ("description", "")])
def test_post_with_bad_input_is_400(world, live_server, field, value):
    data = {"api_key": world["key"], "service_code": "sanitation", "address_id": "CZ01", "description": "路灯不亮",
            field: value}
    response = post(live_server, **data)
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400 and error["description"]
    assert Opinion.objects.count() == 0


def test_post_without_an_open_round_is_409(world, live_server):
    Round.objects.update(status=Round.Status.SCREENING)
    response = post(live_server, api_key=world["key"], service_code="sanitation", address_id="CZ01",
                    description="路灯不亮")
    assert response.status_code == 409
    assert "轮次" in response.json()[0]["description"]


def test_post_is_rate_limited(world, live_server, settings):
    settings.GONGJIAN_OPEN311_POST_RATE = "2/m"
    data = {"api_key": world["key"], "service_code": "sanitation", "address_id": "CZ01", "description": "路灯不亮"}
    assert [post(live_server, **data).status_code for _ in range(3)] == [201, 201, 429]


def test_unknown_request_is_404(world, client):
    with pytest.raises(requests.HTTPError) as exc:
        client.get_service_request("999999")
    assert exc.value.response.status_code == 404
    assert exc.value.response.json()[0]["code"] == 404


def test_request_list_filters(world, client):
    city = world["city"]
    first = make_opinion(world)
    second = opinion_create(actor=city.community_user, round=world["round"], community=city.community,
                            channel="form", category=city.category.__class__.objects.get(code="roads"),
                            content="解放路路面坑洼")
    rejected = make_opinion(world, "广场舞太吵")
    opinion_reject(actor=city.community_user, opinion=rejected, reason="不属于社区共建范围")
    ids = lambda rows: {r["service_request_id"] for r in rows}  # noqa: E731
    number = lambda opinion: str(opinion.pk)  # noqa: E731
    assert ids(client.get_service_requests()) == {number(first), number(second), number(rejected)}
    assert ids(client.get_service_requests(service_code="roads")) == {number(second)}
    assert ids(client.get_service_requests(status="closed")) == {number(rejected)}
    assert ids(client.get_service_requests(status="open")) == {number(first), number(second)}
    assert ids(client.get_service_requests(service_request_id=f"{first.pk},{second.pk}")) \
        == {number(first), number(second)}
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.get_service_requests(start_date=f"{tomorrow}T00:00:00+08:00") == []
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert len(client.get_service_requests(start_date=f"{yesterday}T00:00:00Z", end_date=f"{tomorrow}T00:00:00Z")) == 3
    [closed] = client.get_service_requests(service_request_id=str(rejected.pk))
    assert closed["status_notes"] == "不予采纳：不属于社区共建范围"


def test_project_gives_agency_deadline_and_closes_the_request(world, client):
    city = world["city"]
    opinion = make_opinion(world)
    problem = problem_register(actor=city.community_user, round=world["round"], community=city.community,
                               title="3栋楼道灯", opinions=[opinion])
    [merged] = client.get_service_requests(service_request_id=str(opinion.pk))
    assert merged["status"] == "open" and problem.archive_no in merged["status_notes"]
    assert merged["agency_responsible"] is None and merged["expected_datetime"] is None
    project = Project.objects.create(round=world["round"], problem=problem, community=city.community,
                                     title="更换3栋楼道灯", lead_unit=city.unit, handler="李四",
                                     deadline=date(2010, 9, 30), status=Project.Status.IN_PROGRESS, progress=40)
    fetched = client.get_service_request(str(opinion.pk))
    assert fetched["status"] == "open"
    assert fetched["agency_responsible"] == "应城市住建局"
    assert fetched["expected_datetime"].startswith("2010-09-30T23:59:59+08:00")
    assert "实施中" in fetched["status_notes"] and "40%" in fetched["status_notes"]
    Project.objects.filter(pk=project.pk).update(status=Project.Status.CLOSED, closed_at=timezone.now())
    fetched = client.get_service_request(str(opinion.pk))
    assert fetched["status"] == "closed" and "销号" in fetched["status_notes"]
    assert {r["service_request_id"] for r in client.get_service_requests(status="closed")} == {str(opinion.pk)}


def test_draft_project_is_not_yet_the_agency(world, client):
    city = world["city"]
    opinion = make_opinion(world)
    problem = problem_register(actor=city.community_user, round=world["round"], community=city.community,
                               title="3栋楼道灯", opinions=[opinion])
    Project.objects.create(round=world["round"], problem=problem, community=city.community, title="更换楼道灯",
                           lead_unit=city.unit, handler="李四", deadline=date(2010, 9, 30))
    assert client.get_service_request(str(opinion.pk))["agency_responsible"] is None


def test_request_list_takes_a_fixed_number_of_queries(world, live_server, django_assert_max_num_queries):
    from django.test import Client

    for i in range(5):
        make_opinion(world, f"{i + 1}栋楼道灯坏了")
    with django_assert_max_num_queries(3):
        assert Client().get("/open311/v2/requests.json").status_code == 200


def test_open311_key_command_prints_a_working_key(world, capsys):
    call_command("open311_key", "--name", "微信小程序")
    raw = capsys.readouterr().out.strip()
    key = Open311Key.objects.get(name="微信小程序")
    assert key.channel == "online" and key.prefix == raw[:8]
    from gongjian.open311.services import key_check

    assert key_check(raw) == key
    assert raw not in key.key_hash
