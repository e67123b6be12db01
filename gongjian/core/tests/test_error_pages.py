"""No dead ends: Chinese 403/404/500 pages with a way back, for staff and public (issues 15 › 6, 16 › 8)."""

import re

import pytest
from django.test import Client, override_settings


def _chinese_page(response, status: int) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert re.search(r"[\u4e00-\u9fff]{4}", html)
    assert "Traceback" not in html and "secret internals" not in html
    return html


def test_a_missing_public_page_is_a_chinese_404_with_a_way_home(db):
    html = _chinese_page(Client().get("/no-such-page/"), 404)
    assert "页面不存在" in html
    assert 'href="/"' in html
    assert "返回工作台" not in html


def test_a_missing_staff_page_offers_the_way_back_to_the_staff_home(city):
    client = Client()
    client.force_login(city.community_user)
    html = _chinese_page(client.get("/staff/no-such-page/"), 404)
    assert 'href="/staff/"' in html and "返回工作台" in html


def test_another_scopes_object_is_the_same_chinese_404(city):
    from gongjian.projects.tests.factories import make_project

    project = make_project(city, status="in_progress")
    client = Client()
    client.force_login(city.far_community_user)
    html = _chinese_page(client.get(f"/staff/projects/{project.pk}/"), 404)
    assert "返回工作台" in html


def test_a_forbidden_staff_page_is_a_chinese_403_with_a_way_back(city):
    client = Client()
    client.force_login(city.unit_user)
    html = _chinese_page(client.get("/staff/solicitation/workbench/"), 403)
    assert "无权访问" in html and 'href="/staff/"' in html


def test_a_csrf_failure_is_a_chinese_403(db):
    html = _chinese_page(Client(enforce_csrf_checks=True).post("/staff/login/", {"username": "x"}), 403)
    assert "CSRF" in html and 'href="/"' in html


@override_settings(ROOT_URLCONF="gongjian.core.tests.urls_failing")
def test_a_server_error_is_a_chinese_500_page(db):
    html = _chinese_page(Client(raise_request_exception=False).get("/broken/"), 500)
    assert "服务器出错" in html and 'href="/"' in html


@override_settings(ROOT_URLCONF="gongjian.core.tests.urls_failing")
def test_a_server_error_under_the_api_outside_ninja_answers_json(db):
    response = Client(raise_request_exception=False).get("/api/v1/broken-outside-ninja/")
    assert response.status_code == 500
    assert response.json() == {"detail": "服务器内部错误，请稍后再试"}


@pytest.mark.parametrize("template", ["400.html", "403.html", "404.html", "500.html"])
def test_every_error_template_renders_without_a_request(template):
    from django.template.loader import render_to_string

    assert re.search(r"[\u4e00-\u9fff]", render_to_string(template, {}))
