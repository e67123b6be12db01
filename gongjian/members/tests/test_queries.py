"""List pages and list answers cost a fixed number of queries, however many rows they show."""

from datetime import date

import pytest
from django.test import Client

from gongjian.members import services

from .factories import in_service, make_member

pytestmark = pytest.mark.django_db


def many(city, n):
    for k in range(n):
        member = make_member(city, name=f"自管{k}", registered_on=date(2009, 1, 1), away=True)
        services.contact_record(actor=None, member=member, date=date(2010, 1, 1), kind="visit")
        worker = in_service(city, name=f"在职{k}", registered_on=date(2009, 1, 1))
        services.member_report_to_community(actor=None, member=worker, community=city.community)


@pytest.mark.parametrize("n", [2, 12])
def test_member_api_list_queries_are_constant(city, api, django_assert_max_num_queries, n):
    many(city, n)
    client = api(city.community_user)
    with django_assert_max_num_queries(10):
        assert client.get("members").json()["count"] == 2 * n
    with django_assert_max_num_queries(10):
        assert client.get("member-risks", {"rule": "pocket"}).json()["count"] == n
    with django_assert_max_num_queries(10):
        assert client.get("member-reports").json()["count"] == n


@pytest.mark.parametrize("n", [2, 12])
def test_member_pages_queries_are_constant(city, django_assert_max_num_queries, n):
    many(city, n)
    client = Client()
    client.force_login(city.community_user)
    for url, limit in (("/staff/members/", 14), ("/staff/members/risks/", 18), ("/staff/members/reports/", 14),
                       ("/staff/members/risks/?rule=nominal", 18), ("/staff/members/export.xlsx", 14)):
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200
