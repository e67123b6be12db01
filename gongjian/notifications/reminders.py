"""Which reminders are due on a day: a read of projects, supervision records, chair terms, meetings
and follow-up items. Each kind answers in a fixed number of queries whatever the data size.

A reminder is identified by (kind, object, recipient, period); the period makes "once" precise:
a project's deadline reminder is once per deadline (an extension moves the deadline and so reminds
again), the monthly meeting reminder once per month.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from gongjian.accounts.models import Role, User
from gongjian.projects.models import Project, overdue_on
from gongjian.registry.models import Community

from .models import Notification

REPLY_DUE_DAYS = 2
CHAIR_TERM_ENDING_DAYS = 30
FOLLOW_UP_DUE_DAYS = 3


@dataclass(frozen=True)
class Reminder:
    kind: str
    object_type: str
    object_id: int
    recipient_id: int
    period: str
    title: str
    body: str = ""
    url: str = ""

    @property
    def key(self) -> tuple:
        return (self.kind, self.object_type, self.object_id, self.recipient_id, self.period)


class _Recipients:
    """Who to tell, looked up once per run: users of a unit, a community, a street; liaisons."""

    def __init__(self):
        self.by_unit: dict[int, list[int]] = defaultdict(list)
        self.by_community: dict[int, list[int]] = defaultdict(list)
        self.by_street: dict[int, list[int]] = defaultdict(list)
        self.liaisons: dict[int, list[int]] = defaultdict(list)
        users = User.objects.filter(is_active=True, role__in=[Role.UNIT, Role.COMMUNITY, Role.STREET])
        for uid, role, unit_id, community_id, street_id in users.values_list(
                "id", "role", "unit_id", "community_id", "street_id"):
            if role == Role.UNIT:
                self.by_unit[unit_id].append(uid)
            elif role == Role.COMMUNITY:
                self.by_community[community_id].append(uid)
            else:
                self.by_street[street_id].append(uid)
        through = User.communities.through.objects.filter(user__is_active=True, user__role=Role.LIAISON)
        for uid, community_id in through.values_list("user_id", "community_id"):
            self.liaisons[community_id].append(uid)
        self.street_of = dict(Community.objects.values_list("id", "street_id"))


def _month(day: date) -> date:
    return day.replace(day=1)


def due_reminders(today: date) -> list[Reminder]:
    """Every reminder due on `today`, sent or not (see `unsent`)."""
    from gongjian.supervision.models import ChairTerm, FollowUp, Meeting, Supervision

    who = _Recipients()
    out: list[Reminder] = []

    # Projects: due soon (within DUE_SOON_DAYS) or overdue — the rules of Project.objects.
    projects = ((Project.objects.overdue(today) | Project.objects.due_soon(today))
                .values("id", "title", "status", "deadline", "community_id", "lead_unit_id"))
    for p in projects:
        url = f"/staff/projects/{p['id']}/"
        if overdue_on(p["status"], p["deadline"], today):
            kind, title = Notification.Kind.OVERDUE, f"【逾期】{p['title']}（时限 {p['deadline']:%Y-%m-%d}）"
            people = (who.by_unit[p["lead_unit_id"]] + who.liaisons[p["community_id"]]
                      + who.by_street[who.street_of.get(p["community_id"])])
        else:
            days = (p["deadline"] - today).days
            kind = Notification.Kind.DEADLINE_SOON
            title = f"【{days}天后到期】{p['title']}（时限 {p['deadline']:%Y-%m-%d}）"
            people = who.by_unit[p["lead_unit_id"]] + who.liaisons[p["community_id"]]
        body = "请抓紧办理并及时填报进度；确需延期的，请按程序申请。"
        out += [Reminder(kind, "project", p["id"], uid, p["deadline"].isoformat(), title, body, url)
                for uid in dict.fromkeys(people)]

    # Supervision records awaiting a reply, the reply deadline near or reached.
    records = (Supervision.objects.filter(status=Supervision.Status.AWAITING,
                                          reply_due__lte=today + timedelta(days=REPLY_DUE_DAYS),
                                          reply_due__gte=today)
               .values("id", "stage", "reply_due", "unit_id", "project__title"))
    stages = dict(Supervision.Stage.choices)
    for s in records:
        title = f"【{stages[s['stage']]}待回复】{s['project__title']}，请于 {s['reply_due']:%Y-%m-%d} 前回复"
        out += [Reminder(Notification.Kind.REPLY_DUE, "supervision", s["id"], uid,
                         f"{s['stage']}:{s['reply_due'].isoformat()}", title, "逾期未回复将逐级升级（催办→督办→通报）。",
                         f"/staff/supervision/records/{s['id']}/")
                for uid in who.by_unit[s["unit_id"]]]

    # The month's chair meeting not yet scheduled or held, in communities with a chair now.
    month = _month(today)
    current = (ChairTerm.objects.filter(starts_on__lte=today, ends_on__gte=today)
               .values("id", "community_id", "community__name", "unit_id"))
    met = set(Meeting.objects.filter(kind=Meeting.Kind.CHAIR, month=month).values_list("community_id", flat=True))
    for term in current:
        if term["community_id"] in met:
            continue
        title = f"【例会提醒】{term['community__name']}本月（{month:%Y年%m月}）轮值主席例会尚未安排"
        people = who.by_unit[term["unit_id"]] + who.by_community[term["community_id"]]
        out += [Reminder(Notification.Kind.MEETING_DUE, "community", term["community_id"], uid,
                         f"{month:%Y-%m}", title, "轮值主席每月召开一次辖区单位会议，听取办实事项目进展。",
                         f"/staff/supervision/communities/{term['community_id']}/")
                for uid in dict.fromkeys(people)]

    # Chair terms ending within 30 days.
    ending = (ChairTerm.objects.filter(ends_on__gte=today, ends_on__lte=today + timedelta(days=CHAIR_TERM_ENDING_DAYS))
              .values("id", "community_id", "community__name", "unit_id", "unit__name", "ends_on"))
    for term in ending:
        title = (f"【任期将满】{term['community__name']}轮值主席{term['unit__name']}任期至 "
                 f"{term['ends_on']:%Y-%m-%d}，请组织推荐下一任")
        people = who.by_unit[term["unit_id"]] + who.by_community[term["community_id"]]
        out += [Reminder(Notification.Kind.CHAIR_TERM_ENDING, "chair_term", term["id"], uid,
                         term["ends_on"].isoformat(), title, "",
                         f"/staff/supervision/communities/{term['community_id']}/")
                for uid in dict.fromkeys(people)]

    # Follow-up items of meetings due within 3 days or overdue, still open.
    items = (FollowUp.objects.filter(status=FollowUp.Status.OPEN,
                                     due_on__lte=today + timedelta(days=FOLLOW_UP_DUE_DAYS))
             .values("id", "task", "due_on", "owner_unit_id", "decision__meeting_id"))
    for f in items:
        title = f"【会议跟进事项】{f['task'][:40]}，时限 {f['due_on']:%Y-%m-%d}"
        out += [Reminder(Notification.Kind.FOLLOW_UP_DUE, "follow_up", f["id"], uid, f["due_on"].isoformat(),
                         title, "", f"/staff/supervision/meetings/{f['decision__meeting_id']}/")
                for uid in who.by_unit[f["owner_unit_id"]]]
    return out


def unsent(reminders: list[Reminder]) -> list[Reminder]:
    """The reminders not in the inbox yet (one query per kind)."""
    by_kind: dict[str, list[Reminder]] = defaultdict(list)
    for r in reminders:
        by_kind[r.kind].append(r)
    existing = set()
    for kind, items in by_kind.items():
        rows = Notification.objects.filter(
            Q(kind=kind), Q(object_id__in={r.object_id for r in items}), Q(period__in={r.period for r in items}),
        ).values_list("kind", "object_type", "object_id", "recipient_id", "period")
        existing.update(rows)
    return [r for r in reminders if r.key not in existing]
