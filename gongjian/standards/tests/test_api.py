"""Standards API: the community assesses itself, the street reviews, the city decides; other scope →
404; a forbidden action → 403 with nothing changed; lists in a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongjian.registry.models import Community
from gongjian.standards import services
from gongjian.standards.models import Assessment

from .factories import assess_to_final, make_standard, make_target, points

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n" + b"0" * 64


def _items(standard, *values):
    return [{"criterion": c.pk, "points": v, "note": "已落实"}
            for c, v in zip(standard.criteria.all(), values, strict=True)]


def test_city_creates_a_standard_with_criteria(city, api):
    response = api(city.city_user).post("standards", {
        "name": "省级示范社区标准", "year": 2010, "pass_score": 85, "tier1_min": 85, "tier2_min": 70,
        "criteria": [{"group": "basics", "title": "班子建设", "points": 60},
                     {"group": "features", "title": "特色", "points": 40}]})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["total_points"] == "100.0" and [c["group_label"] for c in data["criteria"]] == ["抓基础", "创特色"]
    assert "抓深化" in data["tier_focus"]["1"]
    assert api(city.street_user).post("standards", {"name": "x", "year": 2010, "pass_score": 1, "tier1_min": 1,
                                                    "tier2_min": 1}).status_code == 403


def test_the_whole_flow_through_the_api(city, api):
    standard = make_standard(city.city_user)
    target = make_target(city.city_user, standard)
    community = api(city.community_user)
    response = community.post("assessments", {"standard": standard.pk, "community": "三眼井社区",
                                              "items": _items(standard, 48, 28, 14)})
    assert response.status_code == 201, response.content
    aid = response.json()["id"]
    assert response.json()["self_score"] == "90.0"
    crit = standard.criteria.first().pk
    upload = community.post_multipart(f"assessments/{aid}/evidence",
                                      {"criterion": crit, "file": _file("照片.pdf", PDF)})
    assert upload.status_code == 201, upload.content
    assert community.post(f"assessments/{aid}/submit").json()["status"] == "submitted"
    # the community may not review its own assessment: 403, nothing changed
    assert community.post(f"assessments/{aid}/review", {"decision": "approve"}).status_code == 403
    assert Assessment.objects.get(pk=aid).status == "submitted"
    street = api(city.street_user).post(f"assessments/{aid}/review", {"decision": "approve"})
    assert street.status_code == 200 and street.json()["status"] == "street_reviewed"
    # the street cannot give the final score
    assert api(city.street_user).post(f"assessments/{aid}/review", {}).status_code == 403
    final = api(city.city_user).post(f"assessments/{aid}/review", {"items": [{"criterion": crit, "points": 45}]})
    assert final.status_code == 200, final.content
    data = final.json()
    assert data["final_score"] == "87.0" and data["tier"] == 1 and data["reached"] is True
    assert data["items"][0]["evidence"][0]["name"] == "照片.pdf"
    assert api(city.community_user).get("communities", {"tier": 1}).json()["results"][0]["id"] == city.community.pk
    progress = api(city.street_user).get(f"standard-targets/{target.pk}/progress").json()
    assert progress["reached"] == 1 and progress["communities"] == 3 and progress["needed"] == 3


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_other_scope_is_404(city, api):
    standard = make_standard(city.city_user)
    done = assess_to_final(city, standard, city.community, points(standard, 40, 20, 10))
    assert api(city.far_community_user).get(f"assessments/{done.pk}").status_code == 404
    assert api(city.other_street_user).post(f"assessments/{done.pk}/review", {}).status_code == 404
    assert api(city.unit_user).get("assessments").json()["count"] == 0


def test_a_community_cannot_assess_another(city, api):
    standard = make_standard(city.city_user)
    response = api(city.community_user).post("assessments", {"standard": standard.pk, "community": city.far.pk,
                                                             "items": _items(standard, 1, 1, 1)})
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_only_the_community_submits_its_own_self_assessment(city, api):
    standard = make_standard(city.city_user)
    a = services.self_assessment_save(actor=city.community_user, standard=standard, community=city.community,
                                      scores=points(standard, 40, 20, 10))
    for outsider in (city.city_user, city.street_user, city.liaison_user):
        response = api(outsider).post(f"assessments/{a.pk}/submit", {})
        assert response.status_code == 403, outsider
        a.refresh_from_db()
        assert a.status == Assessment.Status.DRAFT and a.submitted_at is None
    assert api(city.community_user).post(f"assessments/{a.pk}/submit", {}).json()["status"] == "submitted"


def test_an_invalid_file_is_400(city, api):
    standard = make_standard(city.city_user)
    aid = api(city.community_user).post("assessments", {"standard": standard.pk, "community": city.community.pk}
                                        ).json()["id"]
    response = api(city.community_user).post_multipart(
        f"assessments/{aid}/evidence", {"criterion": standard.criteria.first().pk, "file": _file("a.exe", b"MZ..")})
    assert response.status_code == 400


def test_assessment_list_query_count_is_constant(city, api):
    standard = make_standard(city.city_user)
    client = api(city.city_user)
    assess_to_final(city, standard, city.community, points(standard, 40, 20, 10))
    client.get("assessments")
    with CaptureQueriesContext(connection) as few:
        client.get("assessments")
    for community in (city.sibling, city.far):
        assess_to_final(city, standard, community, points(standard, 30, 20, 10))
    with CaptureQueriesContext(connection) as many:
        assert client.get("assessments").json()["count"] == 3
    assert len(many) == len(few)
    assert Community.objects.filter(tier__isnull=False).count() == 3
