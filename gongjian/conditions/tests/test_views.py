import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from gongjian.registry.models import Community
from gongjian.registry.services import cadre_create
from gongjian.testing import PASSWORD

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_pages_render(city):
    cadre_create(actor=None, community=city.community, name="王建国", birth_year=1950, education="junior")
    for user in (city.city_user, city.street_user, city.community_user):
        client = _client(user)
        for name in ("conditions:overview", "conditions:trainings", "conditions:budgets"):
            assert client.get(reverse(name)).status_code == 200, (user.username, name)


def test_units_are_refused(city):
    assert _client(city.unit_user).get(reverse("conditions:overview")).status_code == 403


def test_export_lists_the_premises_gaps(city):
    Community.objects.filter(pk=city.far.pk).update(office_premises="rented")
    response = _client(city.city_user).get(reverse("conditions:export"), {"year": 2010})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.worksheets[0].freeze_panes == "A2" and book.worksheets[0]["A1"].value == "社区"
    gaps = list(book["办公场所缺口"].iter_rows(min_row=2, values_only=True))
    assert [g[:3] for g in gaps] == [("城北街道", "城北社区", "租用")]
