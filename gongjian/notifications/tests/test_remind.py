"""Reminders: due ones are computed, each is sent once — even when the schedule runs twice, and
when two workers race (the unique key in the database decides, on SQLite and PostgreSQL alike)."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from gongjian.notifications import reminders, services
from gongjian.notifications.models import Notification
from gongjian.supervision import services as supervision
from gongjian.supervision.tests.factories import make_project
from gongjian.testing import today


def _with_emails(city):
    for user in (city.unit_user, city.liaison_user, city.street_user, city.community_user):
        user.email = f"{user.username}@example.cn"
        user.save(update_fields=["email"])


@pytest.mark.django_db
def test_due_reminders_cover_every_kind(city):
    d = today()
    soon = make_project(city, deadline=d + timedelta(days=5))
    late = make_project(city, deadline=d - timedelta(days=1))
    make_project(city, deadline=d + timedelta(days=20))  # not due
    make_project(city, status="completed", deadline=d - timedelta(days=3))  # done: no reminder
    record = supervision.supervision_issue(actor=city.liaison_user, project=soon, finding="x", requirement="y",
                                           reply_due=d + timedelta(days=1))
    term = supervision.chair_rotate(actor=None, community=city.community, unit=city.unit,
                                    starts_on=supervision.add_months(d.replace(day=1), -5))
    due = reminders.due_reminders(d)
    kinds = {(r.kind, r.object_id, r.recipient_id) for r in due}
    assert ("deadline_soon", soon.pk, city.unit_user.pk) in kinds
    assert ("deadline_soon", soon.pk, city.liaison_user.pk) in kinds
    assert ("overdue", late.pk, city.street_user.pk) in kinds  # overdue also tells the street
    assert ("deadline_soon", soon.pk, city.street_user.pk) not in kinds
    assert ("reply_due", record.pk, city.unit_user.pk) in kinds
    assert ("meeting_due", city.community.pk, city.unit_user.pk) in kinds  # the chair unit
    assert ("meeting_due", city.community.pk, city.community_user.pk) in kinds
    assert ("chair_term_ending", term.pk, city.community_user.pk) in kinds
    assert {r.object_id for r in due if r.object_type == "project"} == {soon.pk, late.pk}
    # Not a word to other communities' people.
    others = {city.far_unit_user.pk, city.far_community_user.pk, city.other_street_user.pk}
    assert not others & {r.recipient_id for r in due}


@pytest.mark.django_db
def test_a_meeting_this_month_stops_the_meeting_reminder(city):
    supervision.chair_rotate(actor=None, community=city.community, unit=city.unit, starts_on=today().replace(day=1))
    supervision.meeting_schedule(actor=None, community=city.community, held_on=today())
    assert not [r for r in reminders.due_reminders(today()) if r.kind == "meeting_due"]


@pytest.mark.django_db
def test_remind_twice_sends_each_reminder_once(city, django_capture_on_commit_callbacks):
    _with_emails(city)
    make_project(city, deadline=today() + timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        first = services.remind()
    assert first.created == 2  # the lead unit's user and the liaison
    assert len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {"unit@example.cn", "liaison@example.cn"}
    with django_capture_on_commit_callbacks(execute=True):
        second = services.remind()
    assert second.created == 0 and second.new == []
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2
    assert set(Notification.objects.values_list("email_state", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_dry_run_lists_and_writes_nothing(city, capsys):
    make_project(city, deadline=today() + timedelta(days=3), title="修缮三眼井路灯")
    result = services.remind(dry_run=True)
    assert len(result.new) == 2 and Notification.objects.count() == 0
    call_command("remind", "--dry-run")
    out = capsys.readouterr().out
    assert "修缮三眼井路灯" in out and "将发送 2 条提醒" in out
    assert Notification.objects.count() == 0
    call_command("remind")
    assert Notification.objects.count() == 2
    call_command("remind", "--dry-run")
    assert "将发送 0 条提醒" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_extended_deadline_reminds_again(city):
    project = make_project(city, deadline=today() + timedelta(days=3))
    services.remind()
    from gongjian.projects.models import Project

    Project.objects.filter(pk=project.pk).update(deadline=today() + timedelta(days=6))
    assert services.remind().created == 2


@pytest.mark.django_db
def test_the_database_refuses_a_second_copy_of_a_reminder(city):
    key = dict(kind="overdue", object_type="project", object_id=1, recipient=city.unit_user, period="2010-06-28")
    Notification.objects.create(title="a", **key)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(title="b", **key)


@pytest.mark.django_db(transaction=True)
def test_two_workers_in_separate_transactions_send_once(city, monkeypatch):
    """Worker B computed its list before worker A committed (so its pre-check saw nothing sent): its
    insert must still skip every row A wrote, and it must e-mail nobody."""
    _with_emails(city)
    make_project(city, deadline=today() + timedelta(days=3))
    make_project(city, deadline=today() - timedelta(days=2))
    monkeypatch.setattr(services, "unsent", lambda items: items)  # B's stale view: nothing sent yet
    with transaction.atomic():
        a = services.remind()
    sent_by_a = len(mail.outbox)
    with transaction.atomic():
        b = services.remind()
    assert a.created == len({r.key for r in a.due}) > 0
    assert b.created == 0
    assert Notification.objects.count() == a.created
    assert len(mail.outbox) == sent_by_a == a.created


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need a server database")
def test_two_workers_racing_at_the_same_moment_send_once(city, monkeypatch):
    _with_emails(city)
    for k in range(5):
        make_project(city, deadline=today() + timedelta(days=k))
    monkeypatch.setattr(services, "unsent", lambda items: items)
    barrier = threading.Barrier(2)
    results = []

    def worker():
        from django.db import connections

        try:
            barrier.wait()
            with transaction.atomic():
                results.append(services.remind().created)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expected = len({r.key for r in reminders.due_reminders(today())})
    assert sorted(results)[0] + sorted(results)[1] == expected
    assert Notification.objects.count() == expected
    assert len(mail.outbox) == expected


@pytest.mark.django_db
def test_the_task_runs_the_schedule_inline_in_tests(city):
    from gongjian.notifications.tasks import remind as remind_task

    make_project(city, deadline=today() + timedelta(days=3))
    assert remind_task.delay().get() == 2
    assert remind_task.delay().get() == 0


def test_beat_schedule_runs_the_reminders_and_the_escalation():
    from gongjian.config.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"notifications.remind", "supervision.escalate_overdue"} <= tasks


@pytest.mark.django_db
def test_notify_accepts_plain_users_for_other_areas(city):
    assert services.notify(users=[city.unit_user], title="评议开始", body="请填写", link="/staff/") == 1
    n = Notification.objects.get()
    assert n.kind == "general" and n.url == "/staff/" and n.recipient == city.unit_user
