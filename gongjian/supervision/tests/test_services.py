"""The rules of the supervision area, through its services."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongjian.core.errors import Conflict
from gongjian.notifications.models import Notification
from gongjian.projects.models import Project, ProjectEvent
from gongjian.supervision import services
from gongjian.supervision.models import (
    AgendaItem,
    Attendance,
    ChairTerm,
    ChairTermMonth,
    FollowUp,
    Meeting,
    ProjectWarning,
    Supervision,
)
from gongjian.testing import today

from .factories import make_project, more_units

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------------ rotating chair

def test_rotation_proposes_every_unit_once_per_cycle_then_starts_a_new_cycle(city):
    units = [city.unit, city.co_unit, *more_units(city.community, 3)]  # 5 units
    chosen = []
    for _ in range(len(units)):
        term = services.chair_rotate(actor=city.community_user, community=city.community,
                                     starts_on=date(2010, 1, 1) if not chosen else None, today=date(2010, 3, 1))
        chosen.append(term)
    assert sorted(t.unit_id for t in chosen) == sorted(u.pk for u in units)  # nobody skipped or repeated
    assert {t.cycle for t in chosen} == {1}
    # Terms follow one another, six months each, without gaps.
    for previous, following in zip(chosen, chosen[1:], strict=False):
        assert following.starts_on == previous.ends_on + timedelta(days=1)
    assert chosen[0].ends_on == date(2010, 6, 30)
    assert chosen[1].starts_on == date(2010, 7, 1)
    # The cycle is complete: the next proposal opens cycle 2 with the first unit again.
    proposal = services.chair_propose_next(community=city.community)
    assert proposal.cycle == 2
    assert proposal.unit == chosen[0].unit


def test_rotation_proposes_the_most_recommended_unit_that_has_not_chaired(city):
    a, b, c = more_units(city.community, 3)
    services.chair_rotate(actor=city.community_user, community=city.community, unit=city.unit,
                          starts_on=date(2010, 1, 1))
    # co_unit is next by registration order, but two units recommend c.
    services.chair_recommend(actor=None, recommender=a, candidate=c)
    services.chair_recommend(actor=None, recommender=b, candidate=c)
    services.chair_recommend(actor=None, recommender=c, candidate=b)
    proposal = services.chair_propose_next(community=city.community)
    assert proposal.unit == c and proposal.recommendations == 2
    term = services.chair_rotate(actor=city.community_user, community=city.community, today=date(2010, 3, 1))
    assert term.unit == c and term.recommendations == 2
    # The chair of this cycle cannot be recommended again in it.
    with pytest.raises(Conflict):
        services.chair_recommend(actor=None, recommender=city.co_unit, candidate=c)


def test_after_a_long_gap_the_next_term_starts_in_the_current_half_year(city):
    services.chair_rotate(actor=None, community=city.community, unit=city.unit, starts_on=date(2010, 1, 1))
    # The last term ended on 2010-06-30; years later the next one covers today, from 1 July or 1 January.
    autumn = services.chair_rotate(actor=None, community=city.community, today=date(2026, 9, 14))
    assert (autumn.starts_on, autumn.ends_on) == (date(2026, 7, 1), date(2026, 12, 31))
    assert services.current_chair(city.community, date(2026, 9, 14)) == autumn
    # While a term runs (or lies ahead), the next one follows it without a gap.
    spring = services.chair_rotate(actor=None, community=city.community, unit=more_units(city.community, 1)[0],
                                   today=date(2026, 9, 14))
    assert spring.starts_on == date(2027, 1, 1)


def test_a_late_term_restarts_in_the_first_half_year_without_overlapping_the_last(city):
    services.chair_rotate(actor=None, community=city.community, unit=city.unit, starts_on=date(2025, 8, 1))
    # Ended 2026-01-31: the next term starts the day after, inside the current half-year, not on 1 January.
    term = services.chair_rotate(actor=None, community=city.community, today=date(2026, 3, 10))
    assert term.starts_on == date(2026, 2, 1)
    proposal = services.chair_propose_next(community=city.community, today=date(2027, 2, 2))
    assert proposal.starts_on == date(2027, 1, 1)


def test_a_unit_cannot_chair_twice_in_a_cycle(city):
    services.chair_rotate(actor=None, community=city.community, unit=city.unit, starts_on=date(2010, 1, 1))
    before = ChairTerm.objects.count()
    with pytest.raises(Conflict):
        services.chair_rotate(actor=None, community=city.community, unit=city.unit)
    assert ChairTerm.objects.count() == before


def test_terms_cannot_overlap_even_when_started_by_hand(city):
    services.chair_rotate(actor=None, community=city.community, unit=city.unit, starts_on=date(2010, 1, 1))
    with pytest.raises(Conflict):
        services.chair_rotate(actor=None, community=city.community, unit=city.co_unit, starts_on=date(2010, 4, 1))
    assert ChairTerm.objects.count() == 1
    assert ChairTermMonth.objects.count() == 6


def test_the_database_refuses_overlapping_term_months(city):
    term = services.chair_rotate(actor=None, community=city.community, unit=city.unit, starts_on=date(2010, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ChairTermMonth.objects.create(term=term, community=city.community, month=date(2010, 3, 1))


def test_term_must_start_on_the_first_of_a_month(city):
    with pytest.raises(ValidationError):
        services.chair_rotate(actor=None, community=city.community, starts_on=date(2010, 1, 15))


def test_current_chair_is_the_term_covering_today(city):
    start = today().replace(day=1)
    term = services.chair_rotate(actor=None, community=city.community, starts_on=start)
    assert services.current_chair(city.community) == term
    assert services.current_chair(city.sibling) is None


# ------------------------------------------------------------------------------ meetings

def _chair(city, start=None):
    return services.chair_rotate(actor=None, community=city.community, unit=city.unit,
                                 starts_on=start or today().replace(day=1))


def test_agenda_holds_exactly_the_communitys_open_projects(city):
    _chair(city)
    open_ = [make_project(city, status=s) for s in ("approved", "in_progress", "completed")]
    make_project(city, status="draft")
    make_project(city, status="closed")
    make_project(city, status="in_progress", community=city.sibling)  # another community
    meeting = services.meeting_schedule(actor=city.community_user, community=city.community, held_on=today())
    items = list(meeting.agenda.all())
    assert {i.project_id for i in items} == {p.pk for p in open_}
    assert all(i.unit_id == Project.objects.get(pk=i.project_id).lead_unit_id for i in items)
    assert [i.order for i in items] == [1, 2, 3]


def test_one_chair_meeting_a_month(city):
    _chair(city)
    services.meeting_schedule(actor=None, community=city.community, held_on=today())
    with pytest.raises(Conflict):
        services.meeting_schedule(actor=None, community=city.community, held_on=today())
    assert Meeting.objects.count() == 1


def test_chair_meeting_needs_a_chair(city):
    with pytest.raises(Conflict):
        services.meeting_schedule(actor=None, community=city.community, held_on=today())


def test_attendance_minutes_decisions_and_follow_ups(city):
    _chair(city)
    project = make_project(city)
    meeting = services.meeting_schedule(actor=None, community=city.community, held_on=today())
    services.meeting_record_attendance(actor=None, meeting=meeting, present=[city.unit],
                                       representatives={city.unit.pk: "李主任"})
    rows = {a.unit_id: a for a in Attendance.objects.filter(meeting=meeting)}
    assert rows[city.unit.pk].present and rows[city.unit.pk].representative == "李主任"
    assert not rows[city.co_unit.pk].present
    with pytest.raises(ValidationError):
        services.meeting_record_attendance(actor=None, meeting=meeting, present=[city.far_unit])
    meeting = services.meeting_record_minutes(actor=None, meeting=meeting, minutes="听取了各单位汇报。",
                                              reports={project.pk: "路灯已更换一半"},
                                              decisions=["月底前完成路灯更换"])
    assert meeting.status == Meeting.Status.HELD
    assert AgendaItem.objects.get(meeting=meeting, project=project).report == "路灯已更换一半"
    assert ProjectEvent.objects.filter(project=project, action="meeting", public=False).count() == 1
    decision = meeting.decisions.get()
    item = services.decision_follow_up(actor=None, decision=decision, owner_unit=city.unit, task="更换路灯",
                                       due_on=today() + timedelta(days=10), owner_name="王建国")
    assert item.status == FollowUp.Status.OPEN
    assert Notification.objects.filter(kind="follow_up_due", recipient=city.unit_user).exists()
    with pytest.raises(ValidationError):
        services.decision_follow_up(actor=None, decision=decision, owner_unit=city.far_unit, task="x",
                                    due_on=today() + timedelta(days=10))
    item = services.follow_up_complete(actor=city.unit_user, follow_up=item, note="已完成")
    assert item.status == FollowUp.Status.DONE and item.done_at
    with pytest.raises(Conflict):
        services.follow_up_complete(actor=city.unit_user, follow_up=item, note="again")


def test_missed_months_are_flagged(city):
    from gongjian.supervision.selectors import meetings_by_community, missed_months

    _chair(city, date(2010, 1, 1))
    for month in (1, 2, 4):
        m = services.meeting_schedule(actor=None, community=city.community, held_on=date(2010, month, 10))
        services.meeting_record_minutes(actor=None, meeting=m, minutes="纪要")
    missed = missed_months([city.community.pk], date(2010, 1, 1), date(2010, 6, 30))
    assert missed[city.community.pk] == [date(2010, 3, 1), date(2010, 5, 1), date(2010, 6, 1)]
    counts = meetings_by_community([city.community.pk], 2010)
    assert counts[city.community.pk] == {"held": 3, "expected": 6}


# ------------------------------------------------------------------------------ supervision

def test_issue_writes_a_private_step_on_the_timeline_and_tells_the_lead_unit(city):
    project = make_project(city)
    record = services.supervision_issue(actor=city.liaison_user, project=project, finding="进度滞后",
                                        requirement="本周内提交整改计划", reply_due=today() + timedelta(days=5))
    assert record.stage == "urge" and record.unit == city.unit and record.status == "awaiting_reply"
    event = ProjectEvent.objects.get(project=project, action="supervision_urge")
    assert event.public is False and event.actor == city.liaison_user
    assert Notification.objects.filter(recipient=city.unit_user, kind="supervision", object_id=record.pk).exists()


def test_reply_deadline_must_follow_the_issue_date(city):
    project = make_project(city)
    with pytest.raises(ValidationError):
        services.supervision_issue(actor=None, project=project, finding="x", requirement="y", reply_due=today())
    assert not Supervision.objects.exists()


def test_the_database_holds_reply_deadline_after_issue(city):
    project = make_project(city)
    record = services.supervision_issue(actor=None, project=project, finding="x", requirement="y",
                                        reply_due=today() + timedelta(days=3))
    with pytest.raises(IntegrityError), transaction.atomic():
        Supervision.objects.filter(pk=record.pk).update(reply_due=record.issued_on)


def test_unanswered_supervision_escalates_step_by_step_to_a_report_to_the_street(city):
    project = make_project(city)
    issued = today() - timedelta(days=20)
    record = services.supervision_issue(actor=city.liaison_user, project=project, finding="无进展",
                                        requirement="说明原因", reply_due=issued + timedelta(days=5),
                                        issued_on=issued)
    # Not yet due: no escalation.
    assert services.supervision_escalate_overdue(today=issued + timedelta(days=5)) == []
    escalated = services.supervision_escalate_overdue(today=issued + timedelta(days=6))
    assert [s.stage for s in escalated] == ["supervise"]
    record.refresh_from_db()
    assert record.reply_due == issued + timedelta(days=6 + services.REPLY_DAYS)
    # Still unanswered past the new deadline: 通报, reported to the street.
    later = record.reply_due + timedelta(days=1)
    escalated = services.supervision_escalate_overdue(today=later)
    record.refresh_from_db()
    assert record.stage == "report" and record.reported_at is not None
    assert Notification.objects.filter(recipient=city.street_user, kind="supervision",
                                       period="escalate:report").exists()
    assert not Notification.objects.filter(recipient=city.other_street_user).exists()
    # The top of the ladder: nothing more.
    assert services.supervision_escalate_overdue(today=record.reply_due + timedelta(days=1)) == []
    actions = list(ProjectEvent.objects.filter(project=project, action__startswith="supervision_")
                   .values_list("action", flat=True))
    assert actions == ["supervision_urge", "supervision_supervise", "supervision_report"]
    assert [s.action for s in record.steps.all()] == ["issue", "escalate", "escalate"]


def test_a_replied_record_does_not_escalate(city):
    project = make_project(city)
    issued = today() - timedelta(days=10)
    record = services.supervision_issue(actor=None, project=project, finding="x", requirement="y",
                                        reply_due=issued + timedelta(days=3), issued_on=issued)
    services.supervision_reply(actor=city.unit_user, supervision=record, reply="已整改")
    assert services.supervision_escalate_overdue(today=today()) == []
    with pytest.raises(Conflict):
        services.supervision_escalate(actor=None, supervision=record)
    with pytest.raises(Conflict):
        services.supervision_reply(actor=city.unit_user, supervision=record, reply="again")
    assert ProjectEvent.objects.filter(project=project, action="supervision_reply").count() == 1


def test_escalation_before_the_deadline_is_refused(city):
    project = make_project(city)
    record = services.supervision_issue(actor=None, project=project, finding="x", requirement="y",
                                        reply_due=today() + timedelta(days=3))
    with pytest.raises(Conflict):
        services.supervision_escalate(actor=city.street_user, supervision=record)
    record.refresh_from_db()
    assert record.stage == "urge"


def test_supervision_of_draft_or_closed_projects_is_refused_but_past_records_may_be_entered(city):
    draft = make_project(city, status="draft")
    with pytest.raises(Conflict):
        services.supervision_issue(actor=None, project=draft, finding="x", requirement="y",
                                   reply_due=today() + timedelta(days=3))
    closed = make_project(city, status="closed")
    with pytest.raises(Conflict):
        services.supervision_issue(actor=None, project=closed, finding="x", requirement="y",
                                   reply_due=today() + timedelta(days=3))
    record = services.supervision_issue(actor=None, project=closed, finding="x", requirement="y",
                                        issued_on=today() - timedelta(days=30), reply_due=today() - timedelta(days=25))
    assert record.issued_on == today() - timedelta(days=30)
    assert Project.objects.get(pk=closed.pk).status == "closed"


# ------------------------------------------------------------------------------ warnings

def test_warning_tells_the_street_and_the_leader_and_one_active_per_level(city):
    project = make_project(city)
    warning = services.warning_raise(actor=city.liaison_user, project=project, level="red", reason="overdue")
    assert Notification.objects.filter(recipient=city.street_user, kind="warning").exists()
    assert Notification.objects.filter(recipient=city.leader_user, kind="warning").exists()
    assert ProjectEvent.objects.get(project=project, action="warning_red").public is False
    with pytest.raises(Conflict):
        services.warning_raise(actor=city.liaison_user, project=project, level="red", reason="overdue")
    services.warning_lift(actor=city.liaison_user, warning=warning, note="已完成")
    services.warning_raise(actor=city.liaison_user, project=project, level="red", reason="overdue")
    assert ProjectWarning.objects.filter(project=project, active=True).count() == 1


# ------------------------------------------------------------------------------ the demo city

def test_demo_adds_supervision_without_changing_the_reports_figures():
    from gongjian.demo.city import load_demo
    from gongjian.registry.models import Community
    from gongjian.supervision.selectors import missed_months

    assert load_demo() is True
    assert Project.objects.filter(round__year=2010).count() == 48
    assert Project.objects.filter(round__year=2010, status="closed").count() == 48
    assert ChairTerm.objects.values("community").distinct().count() == Community.objects.count()
    sanyanjing = Community.objects.get(name="三眼井社区")
    assert Meeting.objects.filter(community=sanyanjing, status="held", month__year=2010).count() == 11
    assert missed_months([sanyanjing.pk], date(2010, 1, 1), date(2010, 12, 31))[sanyanjing.pk] == [date(2010, 8, 1)]
    assert Attendance.objects.filter(meeting__community=sanyanjing, present=True).exists()
    assert Supervision.objects.filter(status="replied").count() == Supervision.objects.count() >= 5
    assert Supervision.objects.filter(stage="supervise").exists()
