"""The demo city's supervision and coordination, built through the real services (called at the end of
gongjian.demo.city.load_demo, inside its transaction).

Only adds records: the first round's projects stay closed and every figure of the report stays exact.
- every community: a committee (the community's secretary as deputy, one representative per unit) and a
  rotating chair recommended by the units, six months each, from January 2010 to June 2011, and today's
  chair, whose term is the half-year of the day the demo is loaded;
- every community's contact leader (data.LEADERS: the four leadership teams' leaders);
- 三眼井社区: the chair's monthly meetings of 2010 with attendance, minutes, decisions and follow-up
  items — August missed (the page flags it);
- supervision records on some first-round projects, dated while they were under way: most answered,
  one escalated 催办 → 督办 before its answer;
- today's term: its months before this one held in every community (a few missed one, flagged); this
  month's meeting arranged in two communities and still to arrange in 三眼井社区 (its staff can do it).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from gongjian.accounts.models import Role, User
from gongjian.core.errors import Conflict
from gongjian.demo import data
from gongjian.projects.models import Project
from gongjian.registry.models import Community, Unit

from . import services

TERMS = [date(2010, 1, 1), date(2010, 7, 1), date(2011, 1, 1)]
MISSED_MONTH = 8
CONTACT_SINCE = date(2009, 12, 1)
ARRANGED_THIS_MONTH = ("蒲阳社区", "城北社区")  # this month's chair meeting already arranged there


def half_year_start(day: date) -> date:
    """The first day of the half-year (a chair's term) holding `day`."""
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def _person(rng: random.Random) -> str:
    return rng.choice(data.SURNAMES) + "".join(rng.choice(data.GIVEN) for _ in range(rng.choice([1, 2])))


def load(*, admin, rng: random.Random, out=None) -> None:
    out = out or (lambda message: None)
    # A copy of the demo's generator: deterministic, and the areas loaded after this one see the
    # same random sequence whether or not this one ran.
    shared, rng = rng, random.Random()
    rng.setstate(shared.getstate())
    communities = list(Community.objects.order_by("code"))
    units_by_community: dict[int, list[Unit]] = {}
    for unit in Unit.objects.order_by("id"):
        units_by_community.setdefault(unit.community_id, []).append(unit)

    # Committees and the rotating chair in every community.
    for community in communities:
        units = units_by_community.get(community.pk, [])
        services.committee_member_add(actor=admin, community=community, name=_person(rng), post="deputy",
                                      unit_position="社区党组织书记")
        for unit in units:
            services.committee_member_add(actor=admin, community=community, unit=unit, name=_person(rng),
                                          unit_position=rng.choice(["党组书记", "党委副书记", "办公室主任", "支部书记"]))
        for start in TERMS:
            if len(units) < 2:
                break
            proposal = services.chair_propose_next(community=community)
            # Two or three units recommend a unit that has not chaired yet.
            cycle, chaired = services.chair_cycle(community)
            candidates = [u for u in units if u.pk not in chaired]
            candidate = rng.choice(candidates) if rng.random() < 0.7 else proposal.unit
            for recommender in rng.sample([u for u in units if u != candidate], min(len(units) - 1, rng.choice([2, 3]))):
                try:
                    services.chair_recommend(actor=admin, recommender=recommender, candidate=candidate,
                                             note="该单位热心社区共建，推荐其担任轮值主席")
                except Conflict:  # the recommender already recommended in this cycle
                    continue
            services.chair_rotate(actor=admin, community=community, starts_on=start,
                                  chair_person=_person(rng), note="经辖区单位推荐产生")
    out(f"  轮值主席：{len(communities)} 个社区，每半年一任")

    # The contact leaders: one for every community.
    leaders = {u.username: u for u in User.objects.filter(role=Role.LEADER)}
    by_name = {c.name: c for c in communities}
    for username, _name, title, names in data.LEADERS:
        leader = leaders.get(username)
        for name in names if leader is not None else ():
            services.contact_point_create(actor=admin, leader=leader, community=by_name[name], leader_title=title,
                                          started_on=CONTACT_SINCE)

    # 三眼井社区: the chair's monthly meetings of 2010.
    sanyanjing = Community.objects.get(name="三眼井社区")
    units = units_by_community[sanyanjing.pk]
    community_user = User.objects.filter(role=Role.COMMUNITY, community=sanyanjing).first() or admin
    for month in range(1, 13):
        if month == MISSED_MONTH:
            continue
        held_on = date(2010, month, 15)
        meeting = services.meeting_schedule(actor=community_user, community=sanyanjing, held_on=held_on,
                                            place="三眼井社区党员活动室")
        present = [u for u in units if rng.random() < 0.85]
        services.meeting_record_attendance(actor=community_user, meeting=meeting, present=present,
                                           representatives={u.pk: _person(rng) for u in present})
        items = list(meeting.agenda.select_related("project"))
        reports = {i.project_id: rng.choice(["按计划推进，已完成过半", "材料已到位，正在施工", "已完成主体工程，待验收"])
                   for i in items if i.project_id}
        decisions = [f"请{i.unit.name}按时限完成“{i.project.title}”，下次例会汇报" for i in items[:1]]
        meeting = services.meeting_record_minutes(
            actor=community_user, meeting=meeting, reports=reports, decisions=decisions,
            minutes=f"{held_on.year}年{held_on.month}月轮值主席例会，到会单位 {len(present)} 个，听取办实事项目进展汇报"
                    f"{'，研究了下一步工作' if items else '，通报了本月社区共建工作'}。")
        for decision in meeting.decisions.all():
            owner = decision.meeting.agenda.first().unit
            item = services.decision_follow_up(actor=community_user, decision=decision, owner_unit=owner,
                                               task=decision.text, due_on=held_on + timedelta(days=25),
                                               owner_name=_person(rng))
            services.follow_up_complete(actor=community_user, follow_up=item, note="已按期完成，在下次例会汇报")
    out("  三眼井社区 2010 年轮值主席例会 11 次（8 月未开）")

    # Supervision records on first-round projects, dated while they were under way.
    liaisons = {}
    for user in User.objects.filter(role=Role.LIAISON).prefetch_related("communities").order_by("id"):
        for community in user.communities.all():
            liaisons.setdefault(community.pk, user)
    projects = list(Project.objects.filter(round__year=2010, status=Project.Status.CLOSED)
                    .select_related("lead_unit").order_by("id"))
    chosen = rng.sample(projects, min(8, len(projects)))
    for k, project in enumerate(chosen):
        started = timezone.localdate(project.approved_at)
        issued_on = started + timedelta(days=30)
        actor = liaisons.get(project.community_id, admin)
        unit_user = User.objects.filter(role=Role.UNIT, unit=project.lead_unit_id).first()
        record = services.supervision_issue(
            actor=actor, project=project, issued_on=issued_on, reply_due=issued_on + timedelta(days=7),
            finding=rng.choice(["项目进度滞后于计划", "施工现场未设置安全警示", "居民反映施工扰民",
                                "资金尚未落实到位"]),
            requirement="请牵头单位说明原因并提出整改措施", stage="urge")
        if k == 0:  # unanswered: escalated to 督办, then answered
            record = services.supervision_escalate(actor=actor, supervision=record,
                                                   today=issued_on + timedelta(days=8))
            services.supervision_reply(actor=unit_user, supervision=record, replied_on=issued_on + timedelta(days=12),
                                       reply="已召开专题会议，增派施工力量，确保按时完成")
        else:
            services.supervision_reply(actor=unit_user, supervision=record, replied_on=issued_on + timedelta(days=3),
                                       reply="已按要求整改，情况已向社区说明")
    out(f"  督办单 {len(chosen)} 份")

    _load_today(admin=admin, rng=rng, communities=communities, units_by_community=units_by_community, out=out)


def _load_today(*, admin, rng: random.Random, communities, units_by_community, out) -> None:
    """Today's chair in every community with units, and the meetings of today's term so far."""
    today = timezone.localdate()
    start = half_year_start(today)
    this_month = today.replace(day=1)
    past_months = [services.add_months(start, k) for k in range(12) if services.add_months(start, k) < this_month]
    community_users = {u.community_id: u for u in User.objects.filter(role=Role.COMMUNITY).order_by("id")}
    held = 0
    for index, community in enumerate(communities):
        units = units_by_community.get(community.pk, [])
        if not units:
            continue
        services.chair_rotate(actor=admin, community=community, starts_on=start, chair_person=_person(rng),
                              note="经辖区单位推荐产生")
        actor = community_users.get(community.pk, admin)
        place = f"{community.name}党员活动室"
        # A few communities missed a month of this term (the communities page flags it).
        missed = past_months[-2] if index % 9 == 4 and len(past_months) >= 2 else None
        for month in past_months:
            if month == missed:
                continue
            meeting = services.meeting_schedule(actor=actor, community=community, held_on=month.replace(day=15),
                                                place=place)
            present = [u for u in units if rng.random() < 0.85]
            services.meeting_record_attendance(actor=actor, meeting=meeting, present=present)
            services.meeting_record_minutes(
                actor=actor, meeting=meeting,
                minutes=f"{month.year}年{month.month}月轮值主席例会，到会单位 {len(present)} 个，"
                        f"通报了本月社区共建工作，征求了对{month.year}年办实事项目的意见建议。")
            held += 1
        if community.name in ARRANGED_THIS_MONTH:
            services.meeting_schedule(actor=actor, community=community, held_on=max(today, today.replace(day=15)),
                                      place=place)
    out(f"  本期轮值主席：{start:%Y年%m月}起；本期例会已开 {held} 次，本月已安排 {len(ARRANGED_THIS_MONTH)} 个社区")
