"""The served OpenAPI document describes the supervision and evaluation endpoints with their own
shapes, and bad input to them is a 4xx, never a 500."""

import pytest
from pydantic import BaseModel

from gongjian.testing import ApiClient

from .factories import make_project

pytestmark = pytest.mark.django_db

AREAS = ("gongjian.supervision.api", "gongjian.evaluation.api")


def _schemas() -> dict:
    body = ApiClient().get("openapi.json")
    assert body.status_code == 200
    return body.json()


def _all_models(cls=BaseModel):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_models(sub)


def test_committee_members_are_documented_with_their_own_fields():
    document = _schemas()
    ok = document["paths"]["/api/v1/committee-members"]["get"]["responses"]["200"]["content"]["application/json"]
    page = document["components"]["schemas"][ok["schema"]["$ref"].rsplit("/", 1)[1]]
    item = document["components"]["schemas"][page["properties"]["results"]["items"]["$ref"].rsplit("/", 1)[1]]
    assert set(item["properties"]) == {"id", "community", "unit", "name", "post", "unit_position", "phone", "active"}
    assert "id_number" not in item["properties"] and "address" not in item["properties"]


def test_campaign_progress_is_documented_as_the_campaigns_progress():
    document = _schemas()
    ok = document["paths"]["/api/v1/evaluation/campaigns/{campaign_id}/progress"]["get"]["responses"]["200"]
    name = ok["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert name == "CampaignProgressOut"
    assert {"expected", "community_done", "unit_done", "communities"} <= set(document["components"]["schemas"][name]
                                                                                 ["properties"])


def test_no_schema_of_these_areas_shares_its_name_with_another_shape():
    import gongjian.api.routes  # noqa: F401  every router imported

    by_name: dict[str, set] = {}
    for model in _all_models():
        by_name.setdefault(model.__name__, set()).add((model.__module__, tuple(sorted(model.model_fields))))
    ours = {name for name, shapes in by_name.items() if any(m.startswith(AREAS) for m, _f in shapes)}
    clashes = {name: by_name[name] for name in ours if len({fields for _m, fields in by_name[name]}) > 1}
    assert clashes == {}


NESTED = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize("path", [
    "supervisions", "warnings", "chair-terms", "chair-recommendations", "meetings", "contact-points",
    "committee-members", "evaluation/campaigns",
])
def test_bad_bodies_to_create_endpoints_are_4xx(city, path):
    client = ApiClient(city.city_user)
    for body in (NESTED, '{"community": {"a": {"b": [1, {"c": 2}]}}}', '{"project": "x", "held_on": 12}', "[]",
                 '{"community": 99999999999999999999999, "round": 99999999999999999999999}'):
        response = client.client.post(f"/api/v1/{path}", body, content_type="application/json", **client.headers)
        assert 400 <= response.status_code < 500, (path, body[:40], response.status_code)
        assert "detail" in response.json()


@pytest.mark.parametrize("path", [
    "supervisions", "warnings", "supervision/risk", "chair-terms", "chair-recommendations", "meetings",
    "follow-ups", "contact-points", "committee-members", "evaluation/campaigns", "evaluation/ratings",
])
@pytest.mark.parametrize("params", [
    {"page": "9" * 30}, {"page": "99999999999"}, {"page_size": "abc"}, {"community": "9" * 30},
    {"round": "9" * 30}, {"campaign": "9" * 30}, {"project": "-1"}, {"year": "9" * 30},
])
def test_huge_or_malformed_query_values_on_lists_are_4xx_or_an_empty_page(city, path, params):
    response = ApiClient(city.city_user).get(path, params)
    assert response.status_code in (200, 400), (path, params, response.status_code)
    if response.status_code == 200:
        assert response.json()["results"] == []


@pytest.mark.parametrize("url", [
    "/staff/supervision/?community={n}&page={n}", "/staff/supervision/communities/?year={n}&page={n}",
    "/staff/evaluation/scores/units/?year={n}&street={n}", "/staff/evaluation/scores/communities/?year={n}&street={n}",
    "/staff/evaluation/scores/units/mine/?year={n}", "/staff/evaluation/weights/?year={n}",
    "/staff/evaluation/export/?year={n}&street={n}", "/staff/supervision/records/{n}/", "/staff/supervision/meetings/{n}/",
])
def test_huge_query_values_on_staff_pages_are_not_a_server_error(city, client, url):
    client.force_login(city.city_user)
    response = client.get(url.format(n="9" * 30))
    assert response.status_code < 500


def test_bad_form_posts_on_supervision_pages_are_not_a_server_error(city, client):
    project = make_project(city)
    client.force_login(city.liaison_user)
    huge = "9" * 30
    response = client.post(f"/staff/supervision/projects/{project.pk}/issue/",
                           {"finding": "x", "requirement": "y", "reply_due": huge, "stage": huge})
    assert response.status_code < 500
    client.force_login(city.community_user)
    for path, data in ((f"/staff/supervision/communities/{city.community.pk}/rotate/", {"unit": huge}),
                       (f"/staff/supervision/communities/{city.community.pk}/meetings/new/", {"held_on": huge})):
        assert client.post(path, data).status_code < 500
    client.force_login(city.city_user)
    assert client.post("/staff/evaluation/weights/", {"year": huge, "completion": "x"}).status_code < 500
