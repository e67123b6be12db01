import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from gongjian.standards.models import Assessment
from gongjian.testing import PASSWORD

from .factories import assess_to_final, make_standard, make_target, points

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_index_shows_progress_and_the_focus_per_tier(city):
    standard = make_standard(city.city_user)
    make_target(city.city_user, standard)
    done = assess_to_final(city, standard, city.community, points(standard, 50, 30, 10))
    page = _client(city.street_user).get(reverse("standards:index")).content.decode()
    assert "两年内80%达标" in page and "已达标 <strong>1</strong>" in page
    assert "三类社区抓基础" in page
    assert _client(city.community_user).get(reverse("standards:assessment", args=[done.pk])).status_code == 200
    assert _client(city.far_community_user).get(reverse("standards:assessment", args=[done.pk])).status_code == 404


def test_a_community_assesses_and_submits_through_the_page(city):
    standard = make_standard(city.city_user)
    client = _client(city.community_user)
    response = client.post(reverse("standards:start", args=[standard.pk, city.community.pk]))
    a = Assessment.objects.get()
    assert response.status_code == 302
    c = {x.title: x.pk for x in standard.criteria.all()}
    client.post(reverse("standards:assessment_save", args=[a.pk]), {
        f"points_{c['班子建设']}": "45", f"points_{c['特色品牌']}": "25", f"points_{c['示范带动']}": "10",
        "submit": "1"})
    a.refresh_from_db()
    assert a.status == "submitted" and str(a.self_score) == "80.0"
    # the community cannot review: 403, unchanged
    assert client.post(reverse("standards:assessment_review", args=[a.pk]), {"decision": "approve"}).status_code == 403
    _client(city.street_user).post(reverse("standards:assessment_review", args=[a.pk]), {"decision": "approve"})
    _client(city.city_user).post(reverse("standards:assessment_review", args=[a.pk]),
                                 {"decision": "approve", f"review_{c['示范带动']}": "20"})
    a.refresh_from_db()
    assert a.status == "final" and a.tier == 1 and a.reached


def test_a_community_cannot_start_another_communitys_assessment(city):
    standard = make_standard(city.city_user)
    response = _client(city.community_user).post(reverse("standards:start", args=[standard.pk, city.far.pk]))
    assert response.status_code == 403 and not Assessment.objects.exists()


def test_export(city):
    standard = make_standard(city.city_user)
    assess_to_final(city, standard, city.community, points(standard, 50, 30, 10))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(_client(city.city_user).get(reverse("standards:export")).streaming_content)))
    sheet = book["测评结果"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[2]][:7] == ["城中街道", "三眼井社区", "已审定", 90, 90, 90, "一类社区"]
