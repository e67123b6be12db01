"""报告完成 with evidence, and photos shown as thumbnails: upright, small, without metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gongjian.core.images import MAX_PIXELS, thumbnail_bytes
from gongjian.projects import services
from gongjian.projects.models import ProgressAttachment, Project
from gongjian.testing import PASSWORD, image_bytes

from .factories import make_project


def _photo(name="完工.jpg", **kwargs):
    return SimpleUploadedFile(name, image_bytes("jpg", **kwargs), content_type="image/jpeg")


def test_a_photo_lying_on_its_side_gets_an_upright_thumbnail():
    thumb = Image.open(io.BytesIO(thumbnail_bytes(io.BytesIO(image_bytes("jpg", size=(800, 600), orientation=6)))))
    assert thumb.height > thumb.width  # turned by its EXIF orientation
    assert max(thumb.size) <= 480
    assert not thumb.getexif()  # no metadata (position, camera) in what is shown


def test_a_broken_photo_is_refused():
    with pytest.raises(ValidationError) as exc:
        thumbnail_bytes(io.BytesIO(b"\xff\xd8\xff\xe0" + b"\x00" * 64))
    assert "无法打开" in str(exc.value)


def test_a_photo_of_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr("gongjian.core.images.MAX_PIXELS", 100)
    with pytest.raises(ValidationError) as exc:
        thumbnail_bytes(io.BytesIO(image_bytes("png", size=(20, 20))))
    assert "太大" in str(exc.value)
    assert MAX_PIXELS >= 50_000_000


def test_report_done_keeps_the_evidence_with_thumbnails(city):
    project = make_project(city, status="in_progress")
    pdf = SimpleUploadedFile("验收单.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", content_type="application/pdf")
    project = services.project_report_done(actor=city.unit_user, project=project, note="已更换 12 盏灯",
                                           evidence=[_photo(), pdf], expected_version=project.version)
    assert project.status == Project.Status.COMPLETED
    files = list(ProgressAttachment.objects.filter(project=project, report__isnull=True).order_by("id"))
    assert [f.kind for f in files] == ["jpg", "pdf"]
    assert files[0].thumbnail and not files[1].thumbnail


def test_report_done_with_a_bad_file_does_nothing(city):
    project = make_project(city, status="in_progress")
    bad = SimpleUploadedFile("x.exe", b"MZ" + b"\x00" * 64)
    with pytest.raises(ValidationError):
        services.project_report_done(actor=city.unit_user, project=project, note="完成", evidence=[_photo(), bad])
    project.refresh_from_db()
    assert project.status == Project.Status.IN_PROGRESS
    assert not ProgressAttachment.objects.filter(project=project).exists()


def test_the_unit_reports_done_with_photos_on_the_page_and_the_street_sees_thumbnails(client, city):
    project = make_project(city, status="in_progress")
    client.login(username="unit", password=PASSWORD)
    page = client.get(f"/staff/projects/{project.pk}/report_done/").content.decode()
    assert 'enctype="multipart/form-data"' in page and "佐证材料" in page
    response = client.post(f"/staff/projects/{project.pk}/report_done/", {
        "version": project.version, "note": "已更换路灯", "evidence": [_photo("一.jpg"), _photo("二.jpg")]})
    assert response.status_code == 302
    client.login(username="street", password=PASSWORD)
    closeout = client.get("/staff/projects/closeout/").content.decode()
    photo = ProgressAttachment.objects.filter(project=project).first()
    assert f"/board/files/{photo.pk}/thumb/" in closeout
    thumb = client.get(f"/board/files/{photo.pk}/thumb/")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"


def test_a_thumbnail_is_hidden_like_its_photo(client, city):
    project = make_project(city, status="in_progress")
    services.progress_report(actor=city.unit_user, project=project, unit=city.unit, percent=50, note="过半",
                             attachments=[_photo()])
    photo = ProgressAttachment.objects.get(project=project)
    client.login(username="community_far", password=PASSWORD)
    assert client.get(f"/board/files/{photo.pk}/thumb/").status_code == 404  # not marked public
    services.attachment_set_public(actor=city.street_user, attachment=photo, public=True)
    assert client.get(f"/board/files/{photo.pk}/thumb/").status_code == 200  # marked, public project
    Project.objects.filter(pk=project.pk).update(status=Project.Status.DRAFT, approved_at=None)
    assert client.get(f"/board/files/{photo.pk}/thumb/").status_code == 404
    assert client.get("/board/files/99999999/thumb/").status_code == 404


def test_close_out_shows_the_finished_work_apart_from_photos_taken_along_the_way(client, city):
    project = make_project(city, status="in_progress")
    services.progress_report(actor=city.unit_user, project=project, unit=city.unit, percent=40, note="开挖",
                             attachments=[_photo("施工中.jpg")])
    services.project_report_done(actor=city.unit_user, project=Project.objects.get(pk=project.pk), note="完工",
                                 evidence=[_photo("完工.jpg")])
    client.login(username="street", password=PASSWORD)
    page = client.get("/staff/projects/closeout/").content.decode()
    after, during = page.index("完工（报告完成时上传）"), page.index("实施过程中（进度填报时上传）")
    assert after < page.index("完工.jpg") < during < page.index("施工中.jpg")
