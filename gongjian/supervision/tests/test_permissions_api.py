"""Who sees and does what, through the API: not yours → 404, forbidden → 403 with nothing changed;
list query counts do not grow with the rows."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongjian import permissions
from gongjian.notifications.models import Notification
from gongjian.projects.models import ProjectEvent
from gongjian.supervision import services
from gongjian.supervision.models import ChairTerm, Meeting, ProjectWarning, Supervision
from gongjian.testing import today

from .factories import make_project

pytestmark = pytest.mark.django_db


def _record(city, project=None, **kw):
    project = project or make_project(city)
    return services.supervision_issue(actor=city.liaison_user, project=project, finding="进度滞后",
                                      requirement="说明原因", reply_due=today() + timedelta(days=5), **kw)


# ------------------------------------------------------------------------------ visibility

def test_liaison_sees_only_supervision_of_assigned_communities(city):
    mine = _record(city)
    other = services.supervision_issue(actor=city.street_user, project=make_project(city, community=city.sibling),
                                       finding="x", requirement="y", reply_due=today() + timedelta(days=5))
    assert list(permissions.visible(city.liaison_user, Supervision)) == [mine]
    assert set(permissions.visible(city.street_user, Supervision)) == {mine, other}
    assert set(permissions.visible(city.leader_user, Supervision)) == {mine, other}  # community + sibling
    assert list(permissions.visible(city.other_street_user, Supervision)) == []


def test_unit_sees_only_supervision_of_its_own_projects(city):
    mine = _record(city)
    _record(city, project=make_project(city, lead_unit=city.co_unit))
    assert list(permissions.visible(city.unit_user, Supervision)) == [mine]
    assert list(permissions.visible(city.far_unit_user, Supervision)) == []


def test_street_and_leader_see_warnings_of_their_communities(city):
    w = services.warning_raise(actor=city.liaison_user, project=make_project(city), level="yellow",
                               reason="no_progress")
    for user in (city.street_user, city.leader_user, city.liaison_user, city.community_user, city.unit_user):
        assert list(permissions.visible(user, ProjectWarning)) == [w]
    for user in (city.other_street_user, city.far_community_user, city.co_unit_user, city.far_unit_user):
        assert list(permissions.visible(user, ProjectWarning)) == []


def test_other_scope_gets_404_on_a_record(city, api):
    record = _record(city)
    assert api(city.liaison_user).get(f"supervisions/{record.pk}").status_code == 200
    assert api(city.unit_user).get(f"supervisions/{record.pk}").status_code == 200
    for user in (city.other_street_user, city.far_unit_user, city.co_unit_user, city.far_community_user):
        assert api(user).get(f"supervisions/{record.pk}").status_code == 404
        assert api(user).post(f"supervisions/{record.pk}/reply", {"reply": "x"}).status_code == 404


def test_list_is_scoped(city, api):
    _record(city)
    services.supervision_issue(actor=city.street_user, project=make_project(city, community=city.sibling),
                               finding="x", requirement="y", reply_due=today() + timedelta(days=5))
    assert api(city.liaison_user).get("supervisions").json()["count"] == 1
    assert api(city.street_user).get("supervisions").json()["count"] == 2
    assert api(city.far_unit_user).get("supervisions").json()["count"] == 0


# ------------------------------------------------------------------------------ actions

def test_liaison_issues_and_the_unit_replies_through_the_api(city, api):
    project = make_project(city)
    res = api(city.liaison_user).post("supervisions", {"project": project.pk, "finding": "路灯未修",
                                                        "requirement": "三日内说明", "stage": "supervise",
                                                        "reply_due": str(today() + timedelta(days=3))})
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["stage"] == "supervise" and body["unit"] == city.unit.pk and len(body["steps"]) == 1
    res = api(city.unit_user).post(f"supervisions/{body['id']}/reply", {"reply": "已安排维修"})
    assert res.status_code == 200 and res.json()["status"] == "replied"
    assert api(city.unit_user).post(f"supervisions/{body['id']}/reply", {"reply": "again"}).status_code == 409


def test_liaison_cannot_supervise_outside_assigned_communities(city, api):
    project = make_project(city, community=city.sibling)
    res = api(city.liaison_user).post("supervisions", {"project": project.pk, "finding": "x", "requirement": "y",
                                                        "reply_due": str(today() + timedelta(days=3))})
    assert res.status_code == 404
    assert not Supervision.objects.exists()


def test_forbidden_actions_answer_403_and_change_nothing(city, api):
    record = _record(city)
    events = ProjectEvent.objects.count()
    # The community sees the record but may not reply (only the lead unit) nor escalate.
    res = api(city.community_user).post(f"supervisions/{record.pk}/reply", {"reply": "x"})
    assert res.status_code == 403
    res = api(city.community_user).post(f"supervisions/{record.pk}/escalate", {})
    assert res.status_code == 403
    # A unit may not issue nor escalate.
    res = api(city.unit_user).post("supervisions", {"project": record.project_id, "finding": "x",
                                                     "requirement": "y", "reply_due": "2099-01-01"})
    assert res.status_code == 403
    res = api(city.unit_user).post(f"supervisions/{record.pk}/escalate", {})
    assert res.status_code == 403
    record.refresh_from_db()
    assert record.status == "awaiting_reply" and record.stage == "urge" and record.reply == ""
    assert ProjectEvent.objects.count() == events
    assert Supervision.objects.count() == 1


def test_forbidden_before_invalid_input(city, api):
    record = _record(city)
    res = api(city.community_user).post(f"supervisions/{record.pk}/reply", {"nonsense": 1})
    assert res.status_code == 403


def test_escalation_through_the_api_needs_the_deadline_past(city, api):
    record = _record(city)
    assert api(city.street_user).post(f"supervisions/{record.pk}/escalate", {}).status_code == 409
    Supervision.objects.filter(pk=record.pk).update(issued_on=today() - timedelta(days=9),
                                                    reply_due=today() - timedelta(days=1))
    res = api(city.street_user).post(f"supervisions/{record.pk}/escalate", {"note": "逾期未回复"})
    assert res.status_code == 200 and res.json()["stage"] == "supervise"


def test_warning_raise_and_lift_permissions(city, api):
    project = make_project(city)
    assert api(city.unit_user).post("warnings", {"project": project.pk, "level": "red",
                                                  "reason": "overdue"}).status_code == 403
    assert api(city.leader_user).post("warnings", {"project": project.pk, "level": "red",
                                                    "reason": "overdue"}).status_code == 403
    res = api(city.liaison_user).post("warnings", {"project": project.pk, "level": "red", "reason": "overdue"})
    assert res.status_code == 201
    wid = res.json()["id"]
    assert api(city.leader_user).get("warnings").json()["count"] == 1
    assert api(city.other_street_user).post(f"warnings/{wid}/lift", {}).status_code == 404
    assert api(city.street_user).post(f"warnings/{wid}/lift", {"note": "已整改"}).json()["active"] is False


def test_chair_and_meeting_through_the_api(city, api):
    make_project(city)
    res = api(city.unit_user).post("chair-terms", {"community": city.community.pk, "starts_on": "2010-01-01"})
    assert res.status_code == 403 and not ChairTerm.objects.exists()
    res = api(city.far_community_user).post("chair-terms", {"community": city.community.pk,
                                                             "starts_on": "2010-01-01"})
    # A community outside the scope is named in the body: "no such community" (400), like every area.
    assert res.status_code == 400 and not ChairTerm.objects.exists()
    proposal = api(city.community_user).get("chair-terms/proposal", {"community": city.community.pk}).json()
    assert proposal["unit"] == city.unit.pk
    start = today().replace(day=1)
    res = api(city.community_user).post("chair-terms", {"community": city.community.pk, "starts_on": str(start)})
    assert res.status_code == 201 and res.json()["current"] is True
    # The chair unit convenes the meeting; another unit may not record its minutes.
    res = api(city.unit_user).post("meetings", {"community": city.community.pk, "held_on": str(today())})
    assert res.status_code == 201, res.content
    meeting = res.json()
    assert len(meeting["agenda"]) == 1
    res = api(city.co_unit_user).post(f"meetings/{meeting['id']}/minutes", {"minutes": "x"})
    assert res.status_code == 403
    assert Meeting.objects.get().status == "scheduled"
    res = api(city.unit_user).post(f"meetings/{meeting['id']}/attendance", {"present": [city.unit.pk]})
    assert res.status_code == 200 and sum(a["present"] for a in res.json()["attendance"]) == 1
    res = api(city.unit_user).post(f"meetings/{meeting['id']}/minutes",
                                   {"minutes": "听取汇报", "decisions": ["月底完成"]})
    assert res.status_code == 200 and res.json()["status"] == "held"
    decision = res.json()["decisions"][0]["id"]
    res = api(city.unit_user).post(f"decisions/{decision}/follow-ups",
                                   {"owner_unit": city.co_unit.pk, "task": "配合施工",
                                    "due_on": str(today() + timedelta(days=9))})
    assert res.status_code == 201
    fid = res.json()["id"]
    assert api(city.far_unit_user).get(f"meetings/{meeting['id']}").status_code == 404
    assert api(city.co_unit_user).post(f"follow-ups/{fid}/complete", {"note": "已配合"}).status_code == 200


def test_unit_recommends_only_in_its_own_name(city, api):
    res = api(city.unit_user).post("chair-recommendations", {"candidate": city.co_unit.pk})
    assert res.status_code == 201 and res.json()["recommender"] == city.unit.pk
    assert api(city.unit_user).post("chair-recommendations", {"candidate": city.co_unit.pk}).status_code == 409


def test_missed_months_through_the_api(city, api):
    services.chair_rotate(actor=None, community=city.community, unit=city.unit, starts_on=date(2010, 1, 1))
    res = api(city.street_user).get("meetings/missed", {"year": 2010}).json()
    assert res["results"][0]["community"] == city.community.pk
    assert len(res["results"][0]["months"]) == 6
    assert api(city.other_street_user).get("meetings/missed", {"year": 2010}).json()["results"] == []


def test_risk_list_sorts_overdue_first_and_stays_in_scope(city, api):
    fine = make_project(city, deadline=today() + timedelta(days=60))
    late = make_project(city, deadline=today() - timedelta(days=1))
    soon = make_project(city, deadline=today() + timedelta(days=3))
    make_project(city, community=city.sibling)
    rows = api(city.liaison_user).get("supervision/risk").json()["results"]
    assert [r["id"] for r in rows] == [late.pk, soon.pk, fine.pk]
    assert [r["risk"] for r in rows] == [0, 1, 3]


def test_inbox_is_the_users_own(city, api):
    _record(city)
    n = Notification.objects.get(recipient=city.unit_user)
    assert api(city.unit_user).get("notifications").json()["count"] == 1
    assert api(city.co_unit_user).get("notifications").json()["count"] == 0
    assert api(city.co_unit_user).post(f"notifications/{n.pk}/read").status_code == 404
    assert api(city.unit_user).post(f"notifications/{n.pk}/read").json()["read_at"] is not None
    assert api(city.unit_user).get("notifications/unread-count").json() == {"unread": 0}


# ------------------------------------------------------------------------------ query counts

def _count(client, path, params=None):
    with CaptureQueriesContext(connection) as ctx:
        res = client.get(path, params)
    assert res.status_code == 200, res.content
    return len(ctx.captured_queries)


def test_list_query_counts_do_not_grow_with_rows(city, api):
    services.chair_rotate(actor=None, community=city.community, unit=city.unit, starts_on=today().replace(day=1))
    client = api(city.street_user)
    _record(city)
    services.warning_raise(actor=city.liaison_user, project=make_project(city), level="red", reason="overdue")
    paths = ["supervisions", "warnings", "supervision/risk", "chair-terms", "meetings", "notifications",
             "follow-ups", "committee-members", "contact-points"]
    before = {p: _count(client, p) for p in paths}
    for _ in range(3):
        _record(city)
        services.warning_raise(actor=city.liaison_user, project=make_project(city), level="red", reason="overdue")
    services.chair_rotate(actor=None, community=city.sibling, starts_on=today().replace(day=1))
    assert {p: _count(client, p) for p in paths} == before


def test_pages_query_counts_do_not_grow_with_rows(city):
    from django.test import Client

    from gongjian.testing import PASSWORD

    client = Client()
    client.login(username=city.street_user.username, password=PASSWORD)
    services.chair_rotate(actor=None, community=city.community, unit=city.unit, starts_on=today().replace(day=1))
    _record(city)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = ["/staff/supervision/", "/staff/supervision/communities/", "/staff/inbox/"]
    before = [count(u) for u in urls]
    for _ in range(3):
        _record(city)
    services.chair_rotate(actor=None, community=city.sibling, starts_on=today().replace(day=1))
    assert [count(u) for u in urls] == before
