"""Funding API: a department sees its own requests, a community its own funds, the city decides;
other scope → 404, forbidden → 403 with nothing changed; lists in a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongjian.accounts.services import user_create
from gongjian.funding.models import FundPromise, Payment, TaskRequest
from gongjian.testing import PASSWORD, today

from .factories import admitted_request, file_request

pytestmark = pytest.mark.django_db


def _body(city, **extra):
    data = {"title": "创建国家卫生城市入户宣传", "communities": ["三眼井社区", city.sibling.pk],
            "starts_on": today().isoformat(), "amount_per_community": "3000",
            "funds_due_on": (today() + timedelta(days=30)).isoformat()}
    data.update(extra)
    return data


def test_a_department_files_a_request_for_its_own_unit(city, api):
    response = api(city.unit_user).post("task-requests", _body(city))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["unit"] == city.unit.pk and data["status"] == "submitted"
    assert data["promised"] == "6000.00" and data["unfunded"] is False
    assert sorted(data["communities"]) == sorted([city.community.pk, city.sibling.pk])


def test_a_department_cannot_file_in_another_units_name(city, api):
    response = api(city.unit_user).post("task-requests", _body(city, unit=city.co_unit.pk))
    assert response.status_code == 400
    assert not TaskRequest.objects.exists()


def test_a_community_cannot_file_requests(city, api):
    assert api(city.community_user).post("task-requests", _body(city)).status_code == 403


def test_city_admission_without_support_is_409_until_overridden(city, api):
    task = file_request(city)
    client = api(city.city_user)
    response = client.post(f"task-requests/{task.pk}/admit", {})
    assert response.status_code == 409 and "费随事转" in response.json()["detail"]
    task.refresh_from_db()
    assert task.status == "submitted"
    response = client.post(f"task-requests/{task.pk}/admit", {"override_reason": "防汛紧急任务"})
    assert response.status_code == 200
    assert response.json()["overridden"] is True and response.json()["override_reason"] == "防汛紧急任务"
    assert "防汛紧急任务" in TaskRequest.objects.get().history.first().history_change_reason


def test_a_department_cannot_admit_its_own_request_and_nothing_changes(city, api):
    task = file_request(city, amount=100)
    response = api(city.unit_user).post(f"task-requests/{task.pk}/admit", {"override_reason": "x"})
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == "submitted" and task.history.count() == 1


def test_another_department_gets_404_for_a_request_it_does_not_own(city, api):
    task = file_request(city, amount=100)
    assert api(city.co_unit_user).get(f"task-requests/{task.pk}").status_code == 404
    assert api(city.co_unit_user).post(f"task-requests/{task.pk}/admit", {}).status_code == 404
    assert api(city.co_unit_user).get("task-requests").json()["count"] == 0


def test_a_department_sees_its_own_requests(city, api):
    mine = file_request(city, amount=100)
    file_request(city, amount=100, unit=city.co_unit, title="供电公司的任务")
    data = api(city.unit_user).get("task-requests").json()
    assert [r["id"] for r in data["results"]] == [mine.pk]


def test_a_community_sees_only_its_own_funds(city, api):
    file_request(city, amount=100, communities=[city.community])
    far = file_request(city, amount=200, communities=[city.far])
    promises = api(city.community_user).get("fund-promises").json()
    assert {p["community"] for p in promises["results"]} == {city.community.pk}
    assert api(city.community_user).get(f"task-requests/{far.pk}").status_code == 404
    assert api(city.far_community_user).get(f"task-requests/{far.pk}").status_code == 200


def test_a_street_sees_its_communities_requests(city, api):
    near = file_request(city, amount=100, communities=[city.sibling])
    far = file_request(city, amount=100, communities=[city.far])
    ids = [r["id"] for r in api(city.street_user).get("task-requests").json()["results"]]
    assert ids == [near.pk]
    assert api(city.other_street_user).get(f"task-requests/{far.pk}").status_code == 200


def test_liaison_sees_nothing(city, api):
    file_request(city, amount=100)
    assert api(city.liaison_user).get("task-requests").json()["count"] == 0
    assert api(city.liaison_user).get("fund-promises").json()["count"] == 0


def test_payment_by_the_department_and_summary_balances(city, api):
    task = admitted_request(city, amount="5000")
    promise = task.promises.get(community=city.community)
    client = api(city.unit_user)
    response = client.post("payments", {"promise": promise.pk, "amount": "1200.5", "paid_on": today().isoformat()})
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "1200.50"
    summary = api(city.city_user).get("funds/summary").json()
    assert summary["totals"] == {"promised": "10000.00", "paid": "1200.50", "balance": "8799.50", "overdue": 0,
                                 "overdue_amount": "0.00"}
    row = next(r for r in summary["rows"] if r["id"] == city.community.pk)
    assert row["balance"] == "3799.50"
    by_unit = api(city.city_user).get("funds/summary", {"group": "department"}).json()["rows"]
    assert by_unit == [{"id": city.unit.pk, "name": city.unit.name, "street": None, "tasks": 1,
                        "promised": "10000.00", "paid": "1200.50", "balance": "8799.50", "overdue": 0}]
    # the community sees what it is owed — only its own
    mine = api(city.community_user).get("funds/summary").json()
    assert mine["totals"]["balance"] == "3799.50" and len(mine["rows"]) == 1


def test_a_community_cannot_record_payments_and_nothing_changes(city, api):
    promise = admitted_request(city, amount="5000").promises.get(community=city.community)
    response = api(city.community_user).post("payments", {"promise": promise.pk, "amount": 10,
                                                           "paid_on": today().isoformat()})
    assert response.status_code == 403
    assert not Payment.objects.exists()
    promise.refresh_from_db()
    assert promise.paid == 0


def test_overpayment_is_400(city, api):
    promise = admitted_request(city, amount="100").promises.first()
    response = api(city.city_user).post("payments", {"promise": promise.pk, "amount": 101,
                                                     "paid_on": today().isoformat()})
    assert response.status_code == 400 and "amount" in response.json()["errors"]


def test_filters_unfunded_and_overdue(city, api):
    file_request(city, title="无经费")
    admitted_request(city, amount=100, due_in_days=-1, title="逾期")
    client = api(city.city_user)
    assert [r["title"] for r in client.get("task-requests", {"unfunded": "true"}).json()["results"]] == ["无经费"]
    assert [r["title"] for r in client.get("task-requests", {"overdue": "true"}).json()["results"]] == ["逾期"]
    assert client.get("fund-promises", {"overdue": "true"}).json()["count"] == 2


def test_list_query_counts_are_constant(city, api):
    client = api(city.city_user)
    file_request(city, amount=100)
    client.get("task-requests")  # warm up (token, scope)
    with CaptureQueriesContext(connection) as few:
        assert client.get("task-requests").status_code == 200
        client.get("fund-promises")
        client.get("payments")
    for k in range(6):
        task = admitted_request(city, amount=100, title=f"任务{k}")
        Payment.objects.create(promise=task.promises.first(), amount=1, paid_on=today())
    with CaptureQueriesContext(connection) as many:
        assert client.get("task-requests").json()["count"] == 7
        client.get("fund-promises")
        client.get("payments")
    assert len(many) == len(few)


def test_unit_users_of_non_filing_units_cannot_pay(city, api):
    promise = admitted_request(city, amount="100").promises.first()
    other = user_create(actor=None, username="unit_sibling", password=PASSWORD, role="unit",
                        scope=city.sibling_unit, validate=False)
    response = api(other).post("payments", {"promise": promise.pk, "amount": 1, "paid_on": today().isoformat()})
    assert response.status_code == 404
    assert FundPromise.objects.get(pk=promise.pk).paid == 0


def test_a_community_sees_its_own_row_and_totals_of_a_request_covering_all_communities(city, api):
    """Issue 15 finding 12: the API showed a community the city-wide totals; the page its own row."""
    from django.test import Client

    task = admitted_request(city, amount="1000", due_in_days=-1,
                            communities=[city.community, city.sibling, city.far])
    expected = {city.community_user: ([city.community.pk], "1000.00"),
                city.street_user: (sorted([city.community.pk, city.sibling.pk]), "2000.00"),
                city.city_user: (sorted([city.community.pk, city.sibling.pk, city.far.pk]), "3000.00"),
                city.unit_user: (sorted([city.community.pk, city.sibling.pk, city.far.pk]), "3000.00")}
    for user, (communities, promised) in expected.items():
        client = api(user)
        detail = client.get(f"task-requests/{task.pk}").json()
        listed = client.get("task-requests").json()["results"]
        for answer in (detail, listed[0]):
            assert sorted(answer["communities"]) == communities, user.username
            assert answer["promised"] == answer["balance"] == promised
            assert answer["overdue_promises"] == len(communities)
        page = Client()
        page.force_login(user)
        shown = page.get(f"/staff/funding/{task.pk}/").context["promises"]
        assert sorted(p.community_id for p in shown) == communities
        row = page.get("/staff/funding/").context["page"][0]
        assert row.community_count == len(communities) and f"{row.promised:.2f}" == promised
    assert api(city.community_user).get("task-requests", {"community": city.far.pk}).json()["count"] == 0
    assert api(city.community_user).get("task-requests", {"community": city.community.pk}).json()["count"] == 1


def test_fund_promises_filter_by_request(city, api):
    task = admitted_request(city, amount="100")
    admitted_request(city, amount="100", title="另一件事")
    answer = api(city.city_user).get("fund-promises", {"request": task.pk}).json()
    assert answer["count"] == 2 and {p["request"] for p in answer["results"]} == {task.pk}
    assert api(city.city_user).get("payments", {"request": task.pk}).json()["count"] == 0
