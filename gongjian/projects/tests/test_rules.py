"""One definition of "overdue" and "due soon" (API.md): every surface — the staff board, the API's
list and `overdue` field, the stats' `projects_overdue`, the public board and API, the reminders —
agrees with `Project.objects.overdue(today)` / `.due_soon(today)`, for projects in every status
around their deadline. Drafts are not commitments; completed work is done."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from gongjian.notifications import reminders
from gongjian.notifications.models import Notification
from gongjian.projects.models import DUE_SOON_DAYS, Project
from gongjian.testing import PASSWORD, today

from .factories import make_project

STATUSES = ("draft", "approved", "in_progress", "completed", "closed")
OFFSETS = (-1, 0, DUE_SOON_DAYS, DUE_SOON_DAYS + 1)  # days from today to the deadline


@pytest.fixture
def around_the_deadline(city):
    d = today()
    return {(status, offset): make_project(city, status=status, deadline=d + timedelta(days=offset),
                                           title=f"规则项目 {status} {offset:+d}")
            for status in STATUSES for offset in OFFSETS}


def _ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def test_the_rule_itself_counts_only_published_commitments(around_the_deadline):
    d = today()
    by_key = around_the_deadline
    assert _ids(Project.objects.overdue(d)) == {by_key[("approved", -1)].pk, by_key[("in_progress", -1)].pk}
    assert _ids(Project.objects.due_soon(d)) == {by_key[(s, o)].pk for s in ("approved", "in_progress")
                                                 for o in (0, DUE_SOON_DAYS)}
    for project in by_key.values():
        assert project.is_overdue(d) == (project.pk in _ids(Project.objects.overdue(d)))
        assert project.is_due_soon(d) == (project.pk in _ids(Project.objects.due_soon(d)))


def test_staff_board_overdue_filter_and_badges_agree(city, around_the_deadline):
    overdue = _ids(Project.objects.overdue(today()))
    client = Client()
    assert client.login(username=city.street_user.username, password=PASSWORD)
    page = client.get(reverse("projects:board"), {"overdue": "1"})
    listed = {p.pk for p in page.context["page"]}
    assert listed == overdue
    page = client.get(reverse("projects:board"), {"due_soon": "1"})
    assert {p.pk for p in page.context["page"]} == _ids(Project.objects.due_soon(today()))
    whole = client.get(reverse("projects:board")).content.decode()
    assert whole.count("已逾期") == len(overdue)


def test_api_list_field_filter_and_stats_agree(city, api, around_the_deadline):
    d = today()
    overdue, due_soon = _ids(Project.objects.overdue(d)), _ids(Project.objects.due_soon(d))
    client = api(city.street_user)
    rows = client.get("projects", {"page_size": 200}).json()["results"]
    assert {r["id"] for r in rows if r["overdue"]} == overdue
    assert {r["id"] for r in rows if r["near_deadline"]} == due_soon
    assert {r["id"] for r in client.get("projects", {"overdue": "true"}).json()["results"]} == overdue
    assert {r["id"] for r in client.get("projects", {"near_deadline": "true"}).json()["results"]} == due_soon
    assert client.get("stats").json()["projects_overdue"] == len(overdue)


def test_public_board_and_public_api_agree(city, api, around_the_deadline):
    d = today()
    overdue = _ids(Project.objects.overdue(d))
    rows = api().get("public/projects", {"community": city.community.pk, "page_size": 200}).json()["results"]
    assert {r["id"] for r in rows} == _ids(Project.objects.public())  # no drafts on the public board
    assert {r["id"] for r in rows if r["overdue"]} == overdue
    page = Client().get(reverse("board:community", args=[city.community.pk]))
    assert {r["id"] for r in page.context["rows"] if r["overdue"]} == overdue
    assert {r["id"] for r in page.context["rows"] if r["due_soon"]} == _ids(Project.objects.due_soon(d))


def test_reminders_agree(around_the_deadline):
    d = today()
    due = reminders.due_reminders(d)
    projects = [r for r in due if r.object_type == "project"]
    assert {r.object_id for r in projects if r.kind == Notification.Kind.OVERDUE} == _ids(Project.objects.overdue(d))
    assert ({r.object_id for r in projects if r.kind == Notification.Kind.DEADLINE_SOON}
            == _ids(Project.objects.due_soon(d)))
