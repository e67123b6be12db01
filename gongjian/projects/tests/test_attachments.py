"""Project attachments are served only through the permission-checked view (issue 15 › 9): the
project's staff and units get the file, another community's user and the anonymous public get 404
except for the photos of a public project that street or city staff marked public (issue 17 › 6); with GONGJIAN_ACCEL_REDIRECT_PREFIX nginx sends the bytes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongjian.projects import services
from gongjian.testing import PASSWORD, image_bytes

from .factories import make_project

PNG = image_bytes("png")
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"


def _login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def files(city):
    project = make_project(city, status="in_progress")
    report = services.progress_report(
        actor=city.unit_user, project=project, unit=city.unit, percent=40, note="路灯已更换一半",
        attachments=[SimpleUploadedFile("现场.png", PNG), SimpleUploadedFile("验收单.pdf", PDF)])
    photo, document = sorted(report.attachments.all(), key=lambda a: a.kind != "png")
    return project, photo, document


def _url(attachment) -> str:
    return reverse("board:attachment", args=[attachment.pk])


def test_the_projects_unit_and_staff_get_the_file(city, files):
    _project, photo, document = files
    for user in (city.unit_user, city.co_unit_user, city.community_user, city.street_user):
        response = _login(user).get(_url(document))
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_another_communitys_user_gets_404(city, files):
    _project, _photo, document = files
    for user in (city.far_unit_user, city.far_community_user, city.other_street_user):
        assert _login(user).get(_url(document)).status_code == 404


def test_anonymous_gets_404_for_a_file_that_is_not_public(files):
    _project, _photo, document = files
    assert Client().get(_url(document)).status_code == 404


def test_anonymous_cannot_fetch_a_photo_staff_did_not_mark_public(files):
    _project, photo, _document = files
    assert Client().get(_url(photo)).status_code == 404
    assert Client().get(reverse("board:attachment_thumb", args=[photo.pk])).status_code == 404


def test_anonymous_sees_a_photo_marked_public_of_a_public_project(city, files):
    _project, photo, _document = files
    services.attachment_set_public(actor=city.street_user, attachment=photo, public=True)
    response = Client().get(_url(photo))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert Client().get(reverse("board:attachment_thumb", args=[photo.pk])).status_code == 200


def test_a_marked_photo_of_a_project_no_longer_public_is_404(city, files):
    project, photo, _document = files
    services.attachment_set_public(actor=city.street_user, attachment=photo, public=True)
    project.status = "draft"  # sent back off the board (declined)
    project.save(update_fields=["status"])
    assert Client().get(_url(photo)).status_code == 404


def test_an_unknown_or_huge_id_is_404(city):
    assert Client().get("/board/files/999999/").status_code == 404
    assert _login(city.city_user).get("/board/files/99999999999999999999999/").status_code == 404


def test_with_the_setting_nginx_sends_the_bytes(city, files, settings):
    settings.GONGJIAN_ACCEL_REDIRECT_PREFIX = "/_protected_media"
    _project, _photo, document = files
    response = _login(city.unit_user).get(_url(document))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_protected_media/{document.file.name}"
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]
    # Refused stays refused: nginx is never told the path.
    refused = _login(city.far_unit_user).get(_url(document))
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


def test_pages_and_the_api_link_to_the_view_never_to_media(city, api, files):
    project, photo, document = files
    page = _login(city.street_user).get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert _url(document) in page and _url(photo) in page and "/media/" not in page
    progress = api(city.street_user).get(f"projects/{project.pk}/progress").json()["results"][0]
    assert {a["url"] for a in progress["attachments"]} == {_url(photo), _url(document)}
