"""Demo co-building activities: the units' "三进社区" visits of 2010 that brought exactly 3,000 cadres
(in-service Party members) into the communities, the communities' "四联四帮" and volunteer services with
their cadres and self-managed members, recent ones, and upcoming ones for the public page.

Built through the services from the members the members demo registered.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from django.utils import timezone

from gongjian.members.models import Member
from gongjian.registry.models import Cadre, Community, Unit

from . import services
from .models import Activity

SANJIN_PARTICIPANTS = 3000  # the demo city's 3,000 organ cadres who went into the communities

SANJIN_TITLES = ["走进{c}，听民意解民忧", "{c}入户走访慰问", "{c}政策宣传进楼栋", "{c}义诊进社区",
                 "{c}法律咨询进社区", "{c}环境卫生整治"]
COMMUNITY_ACTIVITIES = [
    ("silian", "四联四帮：结对帮扶困难家庭"), ("silian", "四联四帮：联系帮助下岗职工再就业"),
    ("volunteer", "志愿服务：关爱空巢老人"), ("volunteer", "志愿服务：清理楼道小广告"),
    ("party_day", "主题党日：重温入党誓词"), ("culture", "社区文艺汇演"),
]
UPCOMING = [("volunteer", "志愿服务：义务理发进社区"), ("sanjin", "三进社区：夏季防汛安全宣传"),
            ("culture", "社区广场舞比赛"), ("party_day", "主题党日：走访慰问老党员")]


def load(*, admin, rng: random.Random) -> dict:
    today = timezone.localdate()
    communities = list(Community.objects.order_by("code"))
    by_unit: dict[int, list[Member]] = defaultdict(list)
    in_service = list(Member.objects.filter(category=Member.Category.IN_SERVICE).order_by("id"))
    for member in rng.sample(in_service, SANJIN_PARTICIPANTS):
        by_unit[member.unit_id].append(member)
    units = Unit.objects.in_bulk(list(by_unit))
    activities = participations = 0

    # 三进社区, 2010: each unit goes to the community where it is, in one to three visits; each of its
    # chosen members takes part at least once.
    for unit_id in sorted(by_unit):
        unit, people = units[unit_id], by_unit[unit_id]
        visits = min(len(people), rng.randrange(1, 4))
        groups = [people[i::visits] for i in range(visits)]
        for k, group in enumerate(groups):
            community = unit.community
            activity = services.activity_create(
                actor=admin, kind=Activity.Kind.SANJIN, organiser_unit=unit, community=community,
                title=rng.choice(SANJIN_TITLES).format(c=community.name),
                date=date(2010, 4 + k * 2, rng.randrange(1, 28)), hours=rng.choice([2, 3, 4]),
                place=f"{community.name}居委会", description=f"{unit.name}党员干部进社区，开展走访和服务。")
            activities += 1
            participations += len(services.participants_add(actor=admin, activity=activity, members=group))

    # The communities' own activities with their cadres and self-managed members.
    cadres: dict[int, list[Cadre]] = defaultdict(list)
    for cadre in Cadre.objects.order_by("id"):
        cadres[cadre.community_id].append(cadre)
    locals_: dict[int, list[Member]] = defaultdict(list)
    for member in Member.objects.filter(category=Member.Category.SELF_MANAGED).order_by("id"):
        locals_[member.community_id].append(member)
    recent = today - timedelta(days=40)
    for community in communities:
        for k, (kind, title) in enumerate(rng.sample(COMMUNITY_ACTIVITIES, 3)):
            when = date(2010, 6 + 2 * k, rng.randrange(1, 28)) if k < 2 else recent + timedelta(days=rng.randrange(30))
            activity = services.activity_create(
                actor=admin, kind=kind, title=title, organiser_community=community, community=community, date=when,
                hours=rng.choice([1.5, 2, 3]), place=f"{community.name}活动室")
            activities += 1
            pool = locals_[community.pk]
            participations += len(services.participants_add(
                actor=admin, activity=activity, members=rng.sample(pool, min(len(pool), rng.randrange(5, 15))),
                cadres=rng.sample(cadres[community.pk], min(len(cadres[community.pk]), 3))))
    # Upcoming activities for the public page (no participants yet).
    for community in communities[::3]:
        kind, title = rng.choice(UPCOMING)
        services.activity_create(actor=admin, kind=kind, title=title, organiser_community=community,
                                 community=community, date=today + timedelta(days=rng.randrange(3, 40)),
                                 hours=2, place=f"{community.name}广场")
        activities += 1
    return {"activities": activities, "participations": participations}
