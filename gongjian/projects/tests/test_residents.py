"""Residents' side of issue 17 › 6: the city-wide board (search, filters, pages, cache), rating
comments (as written for staff, masked in public) and the photos staff choose for the public page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongjian.projects import services
from gongjian.projects.models import ProgressAttachment, ProjectEvent, Rating
from gongjian.testing import PASSWORD, image_bytes

from .factories import make_project

BOARD = "/board/"


def _login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


# ------------------------------------------------------------------------------ city-wide board

def test_the_city_wide_board_lists_every_communitys_public_projects_in_one_step(city):
    make_project(city, status="in_progress", title="三眼井路灯")
    make_project(city, status="approved", title="城北医院门口斑马线", community=city.far)
    make_project(city, title="还在审批的项目")
    page = Client().get(BOARD).content.decode()
    assert "三眼井路灯" in page and "城北医院门口斑马线" in page and "还在审批的项目" not in page
    assert "王**" in page and "王建国" not in page


def test_the_board_searches_title_unit_and_community_but_not_the_handler(city):
    make_project(city, status="in_progress", title="三眼井路灯")
    make_project(city, status="approved", title="斑马线", community=city.far)
    assert "斑马线" not in Client().get(BOARD, {"q": "路灯"}).content.decode()
    assert "三眼井路灯" in Client().get(BOARD, {"q": city.unit.name}).content.decode()
    by_community = Client().get(BOARD, {"q": city.far.name}).content.decode()
    assert "斑马线" in by_community and "三眼井路灯" not in by_community
    assert "没有符合条件的项目" in Client().get(BOARD, {"q": "王建国"}).content.decode()
    assert "没有符合条件的项目" in Client().get(BOARD, {"q": "13900001111"}).content.decode()


def test_the_board_filters_by_street_community_status_and_round(city):
    make_project(city, status="in_progress", title="三眼井路灯")
    make_project(city, status="approved", title="斑马线", community=city.far)
    street = Client().get(BOARD, {"street": city.other_street.pk}).content.decode()
    assert "斑马线" in street and "三眼井路灯" not in street
    community = Client().get(BOARD, {"community": city.community.pk}).content.decode()
    assert "三眼井路灯" in community and "斑马线" not in community
    status = Client().get(BOARD, {"status": "approved"}).content.decode()
    assert "斑马线" in status and "三眼井路灯" not in status
    assert "三眼井路灯" in Client().get(BOARD, {"round": "all"}).content.decode()


def test_the_board_pages_and_its_query_count_does_not_grow_with_rows(city, settings):
    from gongjian.projects import public_views

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    make_project(city, status="in_progress", title="第一个")
    with CaptureQueriesContext(connection) as few:
        assert Client().get(BOARD).status_code == 200
    for i in range(6):
        make_project(city, status="approved", title=f"项目{i}", community=city.far if i % 2 else None)
    with CaptureQueriesContext(connection) as many:
        page = Client().get(BOARD).content.decode()
    assert len(many) == len(few) <= 7  # 6, and the city's name (cached in production; no cache here)
    assert "项目5" in page
    public_views.PAGE_SIZE, old = 3, public_views.PAGE_SIZE
    try:
        first = Client().get(BOARD).content.decode()
        second = Client().get(BOARD, {"page": "3"}).content.decode()
    finally:
        public_views.PAGE_SIZE = old
    assert "第 1 / 3 页" in first and "第 3 / 3 页" in second


def test_a_cached_city_board_needs_no_sql_and_any_write_retires_it(client, city):
    project = make_project(city, status="in_progress")
    assert client.get(BOARD, {"q": "路灯"})["X-Board-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(BOARD, {"q": "路灯"})["X-Board-Cache"] == "hit"
    assert len(queries) == 0
    services.progress_report(actor=city.unit_user, project=project, unit=city.unit, percent=70, note="七成")
    response = client.get(BOARD, {"q": "路灯"})
    assert response["X-Board-Cache"] == "miss" and "70%" in response.content.decode()


def test_odd_board_parameters_answer_and_are_not_cached(client, city):
    make_project(city, status="in_progress")
    for params in ({"page": "10" * 20}, {"street": "x"}, {"status": "draft"}, {"q": "路" * 80}):
        response = client.get(BOARD, params)
        assert response.status_code == 200 and "X-Board-Cache" not in response, params


# ------------------------------------------------------------------------------ rating comments

@pytest.fixture
def done(city):
    project = make_project(city, status="completed")
    return project, project.problem.opinions.get().receipt_code


def test_a_rating_keeps_its_comment_and_a_too_long_one_is_refused(done):
    project, code = done
    with pytest.raises(ValidationError):
        services.rating_submit(project=project, receipt_code=code, value="satisfied", comment="长" * 301)
    assert not Rating.objects.exists()
    rating = services.rating_submit(project=project, receipt_code=code, value="satisfied", comment="  很好  ")
    assert rating.comment == "很好"


def test_staff_read_the_comment_as_written_and_the_public_masked(city, done):
    project, code = done
    services.rating_submit(project=project, receipt_code=code, value="unsatisfied",
                           comment="路灯又坏了，请回电13912345678")
    public = Client().get(reverse("board:project", args=[project.pk])).content.decode()
    assert "路灯又坏了" in public and "13912345678" not in public and "139****5678" in public
    detail = _login(city.street_user).get(reverse("projects:detail", args=[project.pk])).content.decode()
    closeout = _login(city.street_user).get(reverse("projects:closeout")).content.decode()
    assert "请回电13912345678" in detail and "请回电13912345678" in closeout


def test_the_public_api_takes_an_optional_comment(city, api, done):
    project, code = done
    response = api().post(f"public/projects/{project.pk}/rating",
                          {"rating": "basic", "receipt_code": code, "comment": "还行"})
    assert response.status_code == 201
    assert Rating.objects.get().comment == "还行"


# ------------------------------------------------------------------------------ public photos

@pytest.fixture
def photo(city):
    project = make_project(city, status="in_progress")
    report = services.progress_report(
        actor=city.unit_user, project=project, unit=city.unit, percent=100, note="完工",
        attachments=[SimpleUploadedFile("完工.png", image_bytes("png")),
                     SimpleUploadedFile("验收单.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")])
    return report.attachments.get(kind="png")


def test_street_staff_mark_a_photo_public_and_the_public_page_shows_its_thumbnail(city, photo):
    page_url = reverse("board:project", args=[photo.project_id])
    thumb = reverse("board:attachment_thumb", args=[photo.pk])
    assert thumb not in Client().get(page_url).content.decode()
    response = _login(city.street_user).post(reverse("projects:attachment_public", args=[photo.pk]),
                                             {"public": "1", "next": reverse("projects:closeout")})
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.public
    assert ProjectEvent.objects.filter(project=photo.project, action="photo_public", public=False).exists()
    assert thumb in Client().get(page_url).content.decode()
    assert Client().get(thumb).status_code == 200


def test_a_unit_or_another_street_cannot_mark_a_photo_public(city, photo):
    for user in (city.unit_user, city.community_user):
        with pytest.raises(PermissionDenied):
            services.attachment_set_public(actor=user, attachment=photo, public=True)
    assert _login(city.unit_user).post(reverse("projects:attachment_public", args=[photo.pk]),
                                       {"public": "1"}).status_code == 403
    assert _login(city.other_street_user).post(reverse("projects:attachment_public", args=[photo.pk]),
                                               {"public": "1"}).status_code == 404
    photo.refresh_from_db()
    assert not photo.public
    assert Client().get(reverse("board:attachment", args=[photo.pk])).status_code == 404


def test_a_document_cannot_be_made_public(city, photo):
    document = ProgressAttachment.objects.get(project=photo.project, kind="pdf")
    with pytest.raises(ValidationError):
        services.attachment_set_public(actor=city.city_user, attachment=document, public=True)
    document.refresh_from_db()
    assert not document.public


def test_the_closeout_page_offers_the_choice(city):
    project = make_project(city, status="in_progress")
    services.project_report_done(actor=city.unit_user, project=project, note="已完工",
                                 evidence=[SimpleUploadedFile("完工.png", image_bytes("png"))])
    photo = ProgressAttachment.objects.get(project=project)
    page = _login(city.street_user).get(reverse("projects:closeout")).content.decode()
    assert reverse("projects:attachment_public", args=[photo.pk]) in page and "在公示页展示" in page
