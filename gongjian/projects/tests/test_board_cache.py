"""The public board's cache: a cached page or API answer costs no SQL, and any write retires it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongjian.projects import services

from .factories import make_project


def test_cached_board_page_is_served_without_sql(client, city):
    make_project(city, status="in_progress")
    url = f"/board/c/{city.community.pk}/"
    assert client.get(url)["X-Board-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response["X-Board-Cache"] == "hit"
    assert len(queries) == 0


def test_progress_report_retires_the_cached_board_page(client, city):
    project = make_project(city, status="in_progress")
    url = f"/board/c/{city.community.pk}/"
    client.get(url)
    services.progress_report(actor=city.unit_user, project=project, unit=city.unit, percent=70, note="已完成七成")
    response = client.get(url)
    assert response["X-Board-Cache"] == "miss"
    assert "70%" in response.content.decode()


def test_cached_api_answer_needs_no_sql_and_follows_changes(city, api):
    project = make_project(city, status="in_progress")
    public = api()
    first = public.get("public/projects", {"community": city.community.pk}).json()
    with CaptureQueriesContext(connection) as queries:
        again = public.get("public/projects", {"community": city.community.pk}).json()
    assert again == first
    assert len(queries) == 0
    services.progress_report(actor=city.unit_user, project=project, unit=city.unit, percent=55, note="进行中")
    assert public.get("public/projects", {"community": city.community.pk}).json()["results"][0]["progress"] == 55


def test_cached_project_answer_follows_a_rating(city, api):
    project = make_project(city, status="in_progress")
    public = api()
    assert public.get(f"public/projects/{project.pk}").json()["progress"] == project.progress
    services.progress_report(actor=city.unit_user, project=project, unit=city.unit, percent=40, note="进行中")
    assert public.get(f"public/projects/{project.pk}").json()["progress"] == 40
