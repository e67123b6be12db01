"""Staff pages and the .xlsx export of task admission and the ledger."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from gongjian.core.xlsx import safe_cell
from gongjian.funding import services
from gongjian.funding.models import TaskRequest
from gongjian.testing import PASSWORD, today

from .factories import admitted_request, file_request

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_pages_render_for_the_roles_that_see_them(city):
    task = admitted_request(city, amount="1000", due_in_days=-3)
    for user in (city.city_user, city.street_user, city.community_user, city.unit_user):
        client = _client(user)
        for url in (reverse("funding:request_list"), reverse("funding:ledger"),
                    reverse("funding:request_detail", args=[task.pk])):
            response = client.get(url)
            assert response.status_code == 200, (user.username, url)
    page = _client(city.city_user).get(reverse("funding:ledger")).content.decode()
    assert "逾期未拨付" in page


def test_other_scope_detail_is_404(city):
    task = file_request(city, amount="1000", communities=[city.community])
    assert _client(city.far_community_user).get(reverse("funding:request_detail", args=[task.pk])).status_code == 404
    assert _client(city.co_unit_user).get(reverse("funding:request_detail", args=[task.pk])).status_code == 404


def test_a_department_files_through_the_page(city):
    response = _client(city.unit_user).post(reverse("funding:request_create"), {
        "title": "创卫入户宣传", "communities": [city.community.pk], "starts_on": today().isoformat(),
        "staff_count": 0, "amount_per_community": "2000", "funds_due_on": (today() + timedelta(days=9)).isoformat()})
    assert response.status_code == 302
    task = TaskRequest.objects.get()
    assert task.unit == city.unit and task.filed_by == city.unit_user


def test_city_admits_with_override_through_the_page_and_unit_cannot(city):
    task = file_request(city)
    url = reverse("funding:request_admit", args=[task.pk])
    assert _client(city.unit_user).post(url, {"override_reason": "x"}).status_code == 403
    _client(city.city_user).post(url, {})
    task.refresh_from_db()
    assert task.status == "submitted"  # refused without a reason
    _client(city.city_user).post(url, {"override_reason": "紧急任务"})
    task.refresh_from_db()
    assert task.status == "admitted" and task.override_reason == "紧急任务"


def test_export_has_chinese_headers_a_frozen_row_and_no_formulas(city):
    services.task_request_file(actor=city.unit_user, unit=city.unit, title="=HYPERLINK(\"http://x\")",
                               communities=[city.community], starts_on=today(), amount_per_community=100)
    response = _client(city.city_user).get(reverse("funding:export"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["准入申请"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "编号" and sheet["C1"].value == "工作事项"
    assert sheet["C2"].value == "'=HYPERLINK(\"http://x\")"
    assert book["经费台账"]["F2"].value == 100


def test_export_is_scoped(city):
    file_request(city, amount=100, communities=[city.far], title="城北的任务")
    file_request(city, amount=100, communities=[city.community], title="三眼井的任务")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(_client(city.community_user).get(reverse("funding:export")).streaming_content)))
    titles = [row[2] for row in book["准入申请"].iter_rows(min_row=2, values_only=True)]
    assert titles == ["三眼井的任务"]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_safe_cell_quotes_formula_starts(value):
    assert safe_cell(value) == "'" + value


def test_safe_cell_leaves_numbers_alone():
    assert safe_cell(-5) == -5 and safe_cell("正常文字") == "正常文字"
