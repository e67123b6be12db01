"""待办: each kind counts for the roles that act on it, and nobody else."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongjian.projects.models import Project
from gongjian.projects.tests.factories import make_opinion, make_project, make_round
from gongjian.testing import PASSWORD, today
from gongjian.todo.selectors import PROGRESS_DUE_DAYS, todo_for


def kinds(user):
    return {g.kind: g.count for g in todo_for(user)}


def test_community_is_asked_to_screen_pending_opinions_of_its_own_community(city):
    rnd = make_round()
    make_opinion(city, rnd)
    make_opinion(city, rnd, community=city.far)
    assert kinds(city.community_user)["opinion_screen"] == 1
    assert kinds(city.far_community_user)["opinion_screen"] == 1
    for who in (city.street_user, city.unit_user, city.liaison_user):
        assert "opinion_screen" not in kinds(who)


def test_opinions_of_a_closed_round_are_not_to_do(city):
    rnd = make_round()
    make_opinion(city, rnd)
    rnd.status = "closed"
    rnd.save()
    assert "opinion_screen" not in kinds(city.community_user)


def test_drafts_wait_for_their_street_and_the_city(city):
    make_project(city)
    assert kinds(city.street_user)["project_approve"] == 1
    assert kinds(city.city_user)["project_approve"] == 1
    assert "project_approve" not in kinds(city.other_street_user)
    assert "project_approve" not in kinds(city.community_user)


def test_approved_project_waits_for_its_lead_unit_to_accept(city):
    make_project(city, status="approved")
    assert kinds(city.unit_user)["project_accept"] == 1
    assert "project_accept" not in kinds(city.co_unit_user)  # a co-unit does not accept (签收)
    assert "project_accept" not in kinds(city.far_unit_user)


def test_completed_project_waits_for_close_out_by_street_and_city(city):
    make_project(city, status="completed")
    assert kinds(city.street_user)["project_close"] == 1
    assert kinds(city.city_user)["project_close"] == 1
    assert "project_close" not in kinds(city.other_street_user)
    assert "project_close" not in kinds(city.unit_user)


def test_lead_unit_is_reminded_when_no_progress_for_thirty_days(city):
    project = make_project(city, status="in_progress")
    assert "project_progress_due" not in kinds(city.unit_user)
    old = timezone.now() - timedelta(days=PROGRESS_DUE_DAYS + 1)
    Project.objects.filter(pk=project.pk).update(approved_at=old)
    project.progress_reports.update(created_at=old)
    assert kinds(city.unit_user)["project_progress_due"] == 1
    assert "project_progress_due" not in kinds(city.co_unit_user)


def test_supervision_notice_waits_for_the_units_reply(city):
    from gongjian.supervision import services as supervision_services

    project = make_project(city, status="in_progress")
    supervision_services.supervision_issue(actor=city.liaison_user, project=project, finding="进度慢",
                                           requirement="本周内回复", reply_due=today() + timedelta(days=7))
    assert kinds(city.unit_user)["supervision_reply"] == 1
    assert "supervision_reply" not in kinds(city.far_unit_user)


def test_due_soon_and_overdue_follow_the_one_project_rule(city):
    make_project(city, status="in_progress", deadline=today() + timedelta(days=3))
    overdue = make_project(city, status="approved")
    Project.objects.filter(pk=overdue.pk).update(deadline=today() - timedelta(days=1))
    late_draft = make_project(city)
    Project.objects.filter(pk=late_draft.pk).update(deadline=today() - timedelta(days=1))
    for user in (city.unit_user, city.street_user, city.community_user, city.leader_user):
        got = kinds(user)
        assert got["project_due_soon"] == Project.objects.due_soon(today()).count() == 1
        assert got["project_overdue"] == Project.objects.overdue(today()).count() == 1  # the draft is not
    assert "project_overdue" not in kinds(city.far_unit_user)


def test_todo_api_answers_the_documented_shape(city, api):
    make_project(city)
    response = api(city.street_user).get("todo")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    assert body["groups"] == [{"kind": "project_approve", "label": "待审批的项目", "count": 1,
                               "url": reverse("projects:board") + "?status=draft"}]


def test_todo_api_needs_a_token(city, api):
    assert api().get("todo").status_code == 401


@pytest.mark.parametrize("who", ["city_user", "street_user", "community_user", "unit_user", "liaison_user",
                                 "leader_user"])
def test_every_role_opens_its_todo_page(city, who, django_assert_max_num_queries):
    client = Client()
    assert client.login(username=getattr(city, who).username, password=PASSWORD)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("todo:todo"))
    assert response.status_code == 200
    assert "待办" in response.content.decode()


# 联络员、联系领导: their communities at a glance


def test_liaison_sees_only_its_communities_with_what_needs_attention(client, city):
    from datetime import timedelta

    from gongjian.projects.tests.factories import make_project
    from gongjian.testing import PASSWORD, today

    make_project(city, status="in_progress", deadline=today() - timedelta(days=2))
    make_project(city, status="approved", community=city.sibling)
    client.login(username="liaison", password=PASSWORD)
    page = client.get("/staff/todo/")
    glance = page.context["glance"]
    assert [g.community.name for g in glance] == ["三眼井社区"]
    assert (glance[0].open_projects, glance[0].overdue, glance[0].meeting) == (1, 1, "")
    body = page.content.decode()
    assert "我联系的社区" in body and "逾期 1" in body and "尚未安排" in body


def test_the_glance_takes_the_same_queries_for_more_communities(client, city, django_assert_max_num_queries):
    from gongjian.todo.selectors import communities_at_a_glance

    with django_assert_max_num_queries(6):
        one = communities_at_a_glance(city.liaison_user)
    with django_assert_max_num_queries(6):
        two = communities_at_a_glance(city.leader_user)
    assert len(one) == 1 and len(two) == 2


def test_other_roles_get_no_glance(client, city):
    from gongjian.testing import PASSWORD

    client.login(username="unit", password=PASSWORD)
    assert client.get("/staff/todo/").context["glance"] is None
