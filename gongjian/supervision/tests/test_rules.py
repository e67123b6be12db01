"""Supervision asks the projects' own rules (overdue, due soon, open) and writes the timeline only
through gongjian.projects.events — no second definition, no second writer."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from gongjian import permissions
from gongjian.projects import events
from gongjian.projects.models import Project, ProjectEvent
from gongjian.supervision import selectors
from gongjian.supervision.services import chairs, meetings, notices, warnings
from gongjian.testing import ApiClient, today

from .factories import make_project

pytestmark = pytest.mark.django_db

AREA = Path(__file__).resolve().parents[1]


def _risk_fixture(city):
    return {
        "overdue": make_project(city, deadline=today() - timedelta(days=3)),
        "overdue_approved": make_project(city, status="approved", deadline=today() - timedelta(days=1)),
        "overdue_draft": make_project(city, status="draft", deadline=today() - timedelta(days=5)),
        "overdue_done": make_project(city, status="completed", deadline=today() - timedelta(days=5)),
        "due_today": make_project(city, deadline=today()),
        "due_soon": make_project(city, deadline=today() + timedelta(days=7)),
        "later": make_project(city, deadline=today() + timedelta(days=8)),
        "elsewhere": make_project(city, community=city.sibling, deadline=today() - timedelta(days=3)),
    }


def test_the_liaisons_overdue_list_is_project_overdue(city):
    _risk_fixture(city)
    mine = permissions.visible(city.liaison_user, Project)
    rows = list(selectors.projects_by_risk(mine, today()))
    assert {p.pk for p in rows if p.risk == selectors.RISK_OVERDUE} == set(
        mine.overdue(today()).values_list("pk", flat=True))
    assert {p.pk for p in rows if p.risk == selectors.RISK_NEAR} == set(
        mine.due_soon(today()).values_list("pk", flat=True))
    assert {p.pk for p in rows} == set(mine.open().values_list("pk", flat=True))


def test_the_risk_api_agrees_with_project_overdue_and_due_soon(city):
    projects = _risk_fixture(city)
    body = ApiClient(city.liaison_user).get("supervision/risk", {"page_size": 200}).json()
    by_risk = {}
    for row in body["results"]:
        by_risk.setdefault(row["risk"], set()).add(row["id"])
    mine = permissions.visible(city.liaison_user, Project)
    assert by_risk[selectors.RISK_OVERDUE] == set(mine.overdue(today()).values_list("pk", flat=True))
    assert by_risk[selectors.RISK_NEAR] == set(mine.due_soon(today()).values_list("pk", flat=True))
    assert projects["overdue_draft"].pk not in {r["id"] for r in body["results"]}  # drafts are not commitments


def test_a_supervision_notice_reaches_the_timeline_through_the_events_module(city, monkeypatch):
    calls = []
    original = events.event_record

    def spy(**kwargs):
        calls.append(kwargs["action"])
        return original(**kwargs)

    monkeypatch.setattr(notices, "event_record", spy)
    monkeypatch.setattr(warnings, "event_record", spy)
    project = make_project(city)
    notices.supervision_issue(actor=city.liaison_user, project=project, finding="进度滞后", requirement="说明原因",
                              reply_due=today() + timedelta(days=5))
    warnings.warning_raise(actor=city.liaison_user, project=project, level="red", reason="no_progress")
    assert calls == ["supervision_urge", "warning_red"]
    assert set(ProjectEvent.objects.filter(project=project, public=False).values_list("action", flat=True)) >= {
        "supervision_urge", "warning_red"}


def test_a_step_entered_afterwards_keeps_its_day_on_the_timeline(city):
    project = make_project(city, status="closed")
    day = today() - timedelta(days=30)
    notices.supervision_issue(actor=None, project=project, finding="x", requirement="y", issued_on=day,
                              reply_due=day + timedelta(days=5))
    event = ProjectEvent.objects.get(project=project, action="supervision_urge")
    assert timezone.localtime(event.created_at).date() == day


def test_a_meeting_puts_each_heard_project_on_its_timeline_with_the_units_report(city):
    first, second = make_project(city), make_project(city)
    chairs.chair_rotate(actor=None, community=city.community, unit=city.unit, starts_on=today().replace(day=1))
    meeting = meetings.meeting_schedule(actor=city.community_user, community=city.community, held_on=today())
    meetings.meeting_record_minutes(actor=city.community_user, meeting=meeting, minutes="听取汇报",
                                    reports={first.pk: "已完成一半"})
    notes = dict(ProjectEvent.objects.filter(action="meeting").values_list("project_id", "note"))
    assert notes[first.pk].endswith("：已完成一半") and not notes[second.pk].endswith("一半")


def test_supervision_writes_no_timeline_rows_itself():
    writers = re.compile(r"ProjectEvent\s*\(|ProjectEvent\.objects\.(create|bulk_create|update|get_or_create)")
    offenders = [str(path.relative_to(AREA)) for path in AREA.rglob("*.py")
                 if "tests" not in path.parts and "migrations" not in path.parts
                 and writers.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
