"""Issue 15 finding 6 for the members, activities, funding, conditions and standards areas: wrong
types, nested JSON, numbers past any column (`?year=`, `?page=`, ids) answer 4xx on pages and API,
never 500."""

import json

import pytest
from django.test import Client

from gongjian.activities.models import Activity
from gongjian.funding.models import TaskRequest
from gongjian.members.models import Member
from gongjian.testing import ApiClient

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
NESTED = "[" * 5000 + "]" * 5000

API_LISTS = ["members", "member-reports", "member-risks", "activities", "volunteer-hours", "public/activities",
             "task-requests", "fund-promises", "payments", "cadre-trainings", "community-budgets",
             "conditions/overview", "standards", "standard-targets", "assessments", "funds/summary",
             "member-risk-settings"]
API_QUERIES = [{"page": HUGE}, {"page_size": HUGE}, {"page": "x"}, {"year": HUGE}, {"year": "99999"},
               {"community": HUGE}, {"street": HUGE}, {"unit": HUGE}, {"request": HUGE}, {"standard": HUGE},
               {"tier": HUGE}, {"promise": HUGE}, {"cadre": HUGE}, {"organiser_unit": HUGE}, {"round": HUGE},
               {"active": "maybe"}, {"overdue": "maybe"}]
API_DETAILS = ["members/{}", "members/{}/contacts", "members/{}/dues", "members/{}/personal", "activities/{}",
               "task-requests/{}", "standards/{}", "standard-targets/{}/progress", "assessments/{}",
               "units/{}/participation?year=2010"]
API_POSTS = ["members", "members/1/report", "members/1/contacts", "members/1/dues", "activities",
             "activities/1/participants", "task-requests", "task-requests/1/admit", "task-requests/1/refuse",
             "fund-promises", "payments", "cadre-trainings", "community-budgets", "standards",
             "standards/1/criteria", "standard-targets", "assessments", "assessments/1/submit",
             "assessments/1/review"]
BAD_BODIES = [NESTED, json.dumps({"community": {"a": [1, {"b": 2}]}, "members": "x", "year": HUGE}),
              json.dumps({"members": [int(HUGE)], "cadres": [int(HUGE)], "promise": int(HUGE),
                          "request": int(HUGE), "standard": int(HUGE), "cadre": int(HUGE),
                          "community": int(HUGE), "unit": int(HUGE), "organiser_unit": int(HUGE),
                          "items": [{"criterion": int(HUGE), "points": "1"}], "year": int(HUGE)}),
              json.dumps([1, 2]), "\"\\ud800\""]

PAGES = ["/staff/members/", "/staff/members/risks/", "/staff/members/reports/", "/staff/activities/",
         "/staff/activities/hours/", "/activities/", "/staff/funding/", "/staff/funding/ledger/",
         "/staff/funding/export.xlsx", "/staff/conditions/", "/staff/conditions/trainings/",
         "/staff/conditions/budgets/", "/staff/conditions/export.xlsx", "/staff/standards/",
         "/staff/standards/export.xlsx"]
PAGE_QUERIES = [{"page": HUGE}, {"year": HUGE}, {"year": "99999"}, {"community": HUGE}, {"street": HUGE},
                {"unit": HUGE}, {"standard": HUGE}, {"round": HUGE}, {"by": HUGE}]
PAGE_DETAILS = ["/staff/members/{}/", "/staff/members/{}/card/", "/staff/activities/{}/", "/activities/{}/",
                "/staff/funding/{}/", "/staff/standards/assessments/{}/"]


def _ok(status: int) -> bool:
    return 200 <= status < 500


def test_api_lists_answer_4xx_not_500_on_bad_queries(city, api):
    client = api(city.city_user)
    for path in API_LISTS:
        for query in API_QUERIES:
            response = client.get(path, query)
            assert _ok(response.status_code), (path, query, response.status_code)


def test_api_details_with_huge_or_bad_ids_are_404_or_400(city, api):
    client = api(city.city_user)
    for path in API_DETAILS:
        for ref in (HUGE, "-1", "0", "x"):
            response = client.get(path.format(ref))
            assert response.status_code in (400, 404, 422), (path, ref, response.status_code)


@pytest.mark.parametrize("user", ["city_user", "community_user", "unit_user"])
def test_api_writes_with_bad_bodies_are_4xx_and_change_nothing(city, user):
    client = ApiClient(getattr(city, user))
    for path in API_POSTS:
        for body in BAD_BODIES:
            response = client.client.post(f"/api/v1/{path}", body, content_type="application/json", **client.headers)
            assert 400 <= response.status_code < 500, (path, body[:40], response.status_code)
    assert not Member.objects.exists() and not Activity.objects.exists() and not TaskRequest.objects.exists()


def test_pages_answer_4xx_or_a_page_not_500_on_bad_input(city):
    client = Client()
    client.force_login(city.city_user)
    for url in PAGES:
        for query in PAGE_QUERIES:
            response = client.get(url, query)
            assert _ok(response.status_code), (url, query, response.status_code)
    for url in PAGE_DETAILS:
        response = client.get(url.format(HUGE))
        assert response.status_code == 404, (url, response.status_code)
