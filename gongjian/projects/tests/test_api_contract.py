"""The projects API beyond the happy path: a stale version is 409 on every changing endpoint, bad
input is 4xx (never 500), one rating limit for page and API, phone and ID numbers masked on every
public surface, and each endpoint documented with its own shape."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from gongjian.projects import services
from gongjian.projects.errors import CloseNeedsOverride, StaleVersion
from gongjian.projects.models import Extension, ProgressReport, Project, Rating
from gongjian.testing import PASSWORD

from .factories import make_opinion, make_project

PHONE, ID_NUMBER = "13912345678", "420101199001011234"


def _login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


# ------------------------------------------------------------------------------ expected_version

def test_progress_from_a_stale_version_is_409_and_changes_nothing(city, api):
    project = make_project(city, status="in_progress")
    response = api(city.unit_user).post(f"projects/{project.pk}/progress",
                                        {"percent": 50, "note": "过半", "version": project.version - 1})
    assert response.status_code == 409 and "已被他人修改" in response.json()["detail"]
    assert not ProgressReport.objects.exists() and Project.objects.get(pk=project.pk).progress == 0
    response = api(city.unit_user).post(f"projects/{project.pk}/progress",
                                        {"percent": 50, "note": "过半", "version": project.version})
    assert response.status_code == 201
    assert Project.objects.get(pk=project.pk).version == project.version + 1


def test_extension_request_and_decision_from_a_stale_version_are_409(city, api):
    project = make_project(city, status="in_progress")
    stale = project.version - 1
    new_deadline = (project.deadline + timedelta(days=30)).isoformat()
    response = api(city.unit_user).post(f"projects/{project.pk}/extension",
                                        {"deadline": new_deadline, "reason": "雨季", "version": stale})
    assert response.status_code == 409 and not Extension.objects.exists()
    extension = services.extension_request(actor=city.unit_user, project=project, deadline=project.deadline
                                           + timedelta(days=30), reason="雨季")
    response = api(city.street_user).post(f"projects/{project.pk}/extensions/{extension.pk}/decide",
                                          {"approve": True, "version": stale})
    assert response.status_code == 409
    assert Extension.objects.get(pk=extension.pk).status == Extension.Status.PENDING


def test_every_project_service_refuses_a_stale_version(city):
    project = make_project(city, status="in_progress")
    stale = project.version - 1
    calls = [
        lambda: services.project_transition(actor=city.unit_user, project=project, action="report_done",
                                            note="完成", expected_version=stale),
        lambda: services.project_update(actor=city.community_user, project=project, expected_version=stale,
                                        title="新名称"),
        lambda: services.progress_report(actor=city.unit_user, project=project, unit=city.unit, percent=10,
                                         note="开工", expected_version=stale),
        lambda: services.extension_request(actor=city.unit_user, project=project, expected_version=stale,
                                           deadline=project.deadline + timedelta(days=9), reason="雨季"),
    ]
    for call in calls:
        with pytest.raises(StaleVersion):
            call()
    after = Project.objects.get(pk=project.pk)
    assert (after.status, after.title, after.version) == (project.status, project.title, project.version)


def test_close_over_unsatisfied_ratings_is_a_typed_conflict(city):
    project = make_project(city, status="completed")
    code = make_opinion(city, project.round).receipt_code
    services.rating_submit(project=project, receipt_code=code, value="unsatisfied")
    with pytest.raises(CloseNeedsOverride) as refused:
        services.project_transition(actor=city.street_user, project=project, action="close")
    assert refused.value.code == "close_needs_override" and refused.value.summary["unsatisfied"] == 1
    assert Project.objects.get(pk=project.pk).status == Project.Status.COMPLETED


# ------------------------------------------------------------------------------ bad input is 4xx

@pytest.mark.parametrize("body", [
    {"action": "approve", "note": ["不是文字"]},
    {"action": {"nested": {"deeper": {"deepest": [1, 2, {"x": None}]}}}},
    {"action": 12},
    {"action": "approve", "version": "one"},
    ["approve"],
])
def test_transition_with_wrong_types_is_400_and_changes_nothing(city, api, body):
    project = make_project(city)
    response = api(city.street_user).client.post(f"/api/v1/projects/{project.pk}/transition", json.dumps(body),
                                                 content_type="application/json",
                                                 **api(city.street_user).headers)
    assert response.status_code == 400, response.content
    assert Project.objects.get(pk=project.pk).status == Project.Status.DRAFT


@pytest.mark.parametrize("body", [
    {"rating": 1, "receipt_code": "X"},
    {"rating": "basic", "receipt_code": ["A", "B"]},
    {"rating": {"a": {"b": {"c": "basic"}}}, "receipt_code": "X"},
    {"rating": "basic", "receipt_code": "\ud800"},
])
def test_rating_with_wrong_types_is_4xx(city, api, body):
    project = make_project(city, status="completed")
    response = api().client.post(f"/api/v1/public/projects/{project.pk}/rating", json.dumps(body),
                                 content_type="application/json")
    assert response.status_code in (400, 404), response.content
    assert not Rating.objects.exists()


@pytest.mark.parametrize("params", [{"round": "9" * 40}, {"page": "9" * 40}, {"community": "9" * 40},
                                    {"street": "9" * 40}, {"unit": "9" * 40}, {"round": "-1"}])
def test_staff_lists_take_huge_or_odd_numbers(city, params):
    make_project(city)
    client = _login(city.city_user)
    assert client.get(reverse("projects:board"), params).status_code == 200
    assert client.get(reverse("projects:closeout"), params).status_code == 200
    assert _login(city.unit_user).get(reverse("projects:my_projects"), params).status_code == 200


@pytest.mark.parametrize("params", [{"round": "9" * 40}, {"page": "9" * 40}, {"community": "9" * 30}])
def test_api_lists_answer_huge_numbers_with_4xx_or_an_empty_page(city, api, params):
    make_project(city, status="approved")
    assert api(city.city_user).get("projects", params).status_code in (200, 400)
    assert api().get("public/projects", params).status_code in (200, 400)


# ------------------------------------------------------------------------------ rating limit

def test_one_rating_limit_for_the_page_and_the_api(city, api, settings):
    settings.GONGJIAN_RATING_RATE = "2/h"
    project = make_project(city, status="completed")
    Client().post(reverse("board:rate", args=[project.pk]), {"receipt_code": "NOSUCHCODE", "rating": "basic"})
    assert api().post(f"public/projects/{project.pk}/rating",
                      {"rating": "basic", "receipt_code": "NOSUCHCODE"}).status_code == 404
    code = make_opinion(city, project.round).receipt_code
    response = api().post(f"public/projects/{project.pk}/rating", {"rating": "basic", "receipt_code": code})
    assert response.status_code == 429
    assert not Rating.objects.exists()


# ------------------------------------------------------------------------------ masking

def test_phone_and_id_numbers_in_free_text_are_masked_on_every_public_surface(city, api):
    project = make_project(city, status="in_progress", title=f"修路灯（联系 {PHONE}）")
    services.progress_report(actor=city.unit_user, project=project, unit=city.unit, percent=60,
                             note=f"已联系业主 {PHONE}，身份证 {ID_NUMBER}")
    services.project_transition(actor=city.unit_user, project=project, action="report_done",
                                note=f"完工，验收人电话 {PHONE}")
    public = [
        json.dumps(api().get(f"public/projects/{project.pk}").json(), ensure_ascii=False),
        json.dumps(api().get("public/projects", {"community": city.community.pk}).json(), ensure_ascii=False),
        Client().get(reverse("board:project", args=[project.pk])).content.decode(),
        Client().get(reverse("board:community", args=[city.community.pk])).content.decode(),
        Client().get(reverse("board:rate", args=[project.pk])).content.decode(),
    ]
    for text in public:
        assert PHONE not in text and ID_NUMBER not in text
        assert "139****5678" in text
    # Staff still read what was written.
    staff = api(city.street_user).get(f"projects/{project.pk}").json()
    assert PHONE in staff["title"] and PHONE in staff["completion_note"]


# ------------------------------------------------------------------------------ the served document

def test_openapi_documents_each_projects_endpoint_with_its_own_shape(api):
    doc = api().get("/api/v1/openapi.json").json()
    paths = doc["paths"]

    def ref(path, method, status):
        schema = paths[path][method]["responses"][status]["content"]["application/json"]["schema"]
        return schema.get("$ref", "").rsplit("/", 1)[-1]

    assert ref("/api/v1/projects/{project_id}/progress", "post", "201") == "ProjectProgressOut"
    assert ref("/api/v1/projects/import", "post", "201") == "ProjectImportOut"
    assert ref("/api/v1/public/projects/{project_id}/rating", "post", "201") == "ProjectRatingOut"
    assert ref("/api/v1/public/projects", "get", "200") == "PublicProjectOutPage"
    progress = doc["components"]["schemas"]["ProjectProgressOut"]["properties"]
    assert {"percent", "note", "unit", "unit_name", "attachments"} <= set(progress)
