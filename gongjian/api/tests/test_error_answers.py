"""Malformed input is a 4xx with the API's error body; a 500 is JSON too (issue 15 › 6)."""

import json
import re

import pytest
from django.test import Client

from gongjian.api.base import MAX_JSON_DEPTH
from gongjian.projects.tests.factories import make_project
from gongjian.testing import PASSWORD, ApiClient


def _chinese(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _post(path: str, raw: str | bytes, user=None):
    client = ApiClient(user) if user is not None else ApiClient()
    return client.client.post(path, raw, content_type="application/json", **client.headers)


def _assert_error_body(response, status: int):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert _chinese(body["detail"]), body
    assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5_000, 200_000])
def test_deeply_nested_json_to_a_declared_body_is_400(city, depth):
    raw = '{"username": ' + _nested(depth) + ', "password": "x"}'
    _assert_error_body(_post("/api/v1/auth/token", raw), 400)


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 200_000])
def test_deeply_nested_json_to_a_transition_is_400_and_changes_nothing(city, depth):
    project = make_project(city, status="draft")
    raw = '{"action": "approve", "note": ' + _nested(depth) + "}"
    response = _post(f"/api/v1/projects/{project.pk}/transition", raw, city.street_user)
    _assert_error_body(response, 400)
    project.refresh_from_db()
    assert project.status == "draft"


def test_deeply_nested_json_to_the_public_rating_is_400(city):
    project = make_project(city, status="in_progress")
    raw = '{"receipt_code": ' + _nested(200_000) + ', "score": 5}'
    _assert_error_body(_post(f"/api/v1/public/projects/{project.pk}/rating", raw), 400)


def test_nesting_within_the_limit_is_judged_by_the_schema(city):
    raw = '{"username": ' + _nested(MAX_JSON_DEPTH - 1) + ', "password": "x"}'
    _assert_error_body(_post("/api/v1/auth/token", raw), 400)


def test_a_lone_surrogate_is_400(city):
    raw = '{"username": "\\ud800", "password": "x"}'
    _assert_error_body(_post("/api/v1/auth/token", raw), 400)


def test_a_body_that_is_not_json_is_400_in_chinese(city):
    _assert_error_body(_post("/api/v1/auth/token", b"{not json"), 400)


def test_a_three_megabyte_body_is_413_with_the_error_body(city):
    raw = json.dumps({"username": "unit", "password": "x" * (3 * 1024 * 1024)})
    _assert_error_body(_post("/api/v1/auth/token", raw), 413)


def test_a_three_megabyte_body_read_after_the_permission_check_is_413(city):
    project = make_project(city, status="draft")
    raw = json.dumps({"action": "approve", "note": "说明" * (1024 * 1024)})
    _assert_error_body(_post(f"/api/v1/projects/{project.pk}/transition", raw, city.street_user), 413)
    project.refresh_from_db()
    assert project.status == "draft"


def test_an_unexpected_error_answers_json_without_a_traceback(city, monkeypatch):
    from gongjian.accounts import services

    def broken(**kwargs):
        raise RuntimeError("secret internals /srv/gongjian/settings.py")

    monkeypatch.setattr(services, "token_issue", broken)
    response = Client(raise_request_exception=False).post(
        "/api/v1/auth/token", json.dumps({"username": "unit", "password": PASSWORD}),
        content_type="application/json")
    _assert_error_body(response, 500)
    assert "secret internals" not in response.content.decode()


def test_an_unknown_api_path_is_404_json(city):
    _assert_error_body(Client().get("/api/v1/no-such-thing"), 404)


def test_deeply_nested_json_to_open311_post_is_400(city):
    raw = '{"service_code": ' + _nested(200_000) + "}"
    response = Client().post("/open311/v2/requests.json", raw, content_type="application/json")
    assert response.status_code == 400
    assert "Traceback" not in response.content.decode()
