"""Every project step tells the next person (API.md › notifications), and nobody else."""

from datetime import timedelta

from gongjian.notifications.models import Notification
from gongjian.projects import services
from gongjian.testing import today

from .factories import make_problem


def _told(project, action_word=""):
    rows = Notification.objects.filter(object_type="project", object_id=project.pk, kind="project_step")
    if action_word:
        rows = rows.filter(title__contains=action_word)
    return set(rows.values_list("recipient__username", flat=True))


def _draft(city):
    return services.project_create(actor=city.community_user, problem=make_problem(city), title="更换楼道灯",
                                   lead_unit=city.unit, co_units=[city.co_unit], handler="王建国",
                                   deadline=today() + timedelta(days=30))


def test_a_new_draft_tells_its_street_only(city):
    project = _draft(city)
    assert _told(project) == {"street"}


def test_sending_back_tells_the_community_with_the_reason(city):
    project = _draft(city)
    services.project_transition(actor=city.street_user, project=project, action="send_back", note="缺少预算")
    told = Notification.objects.get(object_id=project.pk, recipient=city.community_user, kind="project_step")
    assert "退回修改" in told.title and "缺少预算" in told.body
    assert told.url == f"/staff/projects/{project.pk}/"


def test_approval_tells_the_lead_and_co_units_not_the_far_unit(city):
    project = _draft(city)
    services.project_transition(actor=city.street_user, project=project, action="approve")
    assert _told(project, "待签收") == {"unit", "counit"}


def test_report_done_tells_community_and_street(city):
    project = _draft(city)
    project = services.project_transition(actor=city.street_user, project=project, action="approve")
    project = services.project_transition(actor=city.unit_user, project=project, action="start")
    services.project_transition(actor=city.unit_user, project=project, action="report_done", note="已更换")
    assert _told(project, "待验收销号") == {"community", "street"}


def test_return_tells_the_lead_unit_and_close_tells_community_and_units(city):
    project = _draft(city)
    for actor, action, note in [(city.street_user, "approve", ""), (city.unit_user, "start", ""),
                                (city.unit_user, "report_done", "已更换"), (city.community_user, "return", "灯不亮"),
                                (city.unit_user, "report_done", "再次更换"), (city.street_user, "close", "")]:
        project = services.project_transition(actor=actor, project=project, action=action, note=note)
    assert _told(project, "退回重办") == {"unit"}
    assert _told(project, "已销号") == {"community", "unit", "counit"}


def test_the_actor_is_not_told_of_their_own_step(city):
    project = _draft(city)
    services.project_transition(actor=city.street_user, project=project, action="send_back", note="补充")
    project.refresh_from_db()
    services.project_transition(actor=city.community_user, project=project, action="resubmit")
    assert "community" not in _told(project, "重新提交")
    assert _told(project, "重新提交") == {"street"}


def test_quiet_history_tells_nobody(city):
    project = _draft(city)
    before = Notification.objects.count()
    services.project_transition(actor=city.street_user, project=project, action="approve", quiet=True)
    assert Notification.objects.count() == before
