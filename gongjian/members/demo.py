"""Demo Party members for the demo city: exactly 985 self-managed members (自管党员, a figure the demo tests pin),
the units' in-service members (most of whom reported to their residential community, 双报到), and
floating, laid-off and retired members, with contact and dues records dated against today so that the
three risk lists hold a realistic minority.

Built from what the demo city already has (communities, units, their Party organisations) through the
services; the many rows go in with bulk_create_with_history so the audit history is kept.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from gongjian.demo import data
from gongjian.registry.models import Community, PartyOrganization, Unit

from . import risks, services
from .models import ContactRecord, DuesPayment, Member, MemberReport

SELF_MANAGED = 985
IN_SERVICE = 3150  # of whom 3,000 go into the communities ("三进社区", activities demo)
FLOATING = 80
LAID_OFF = 100
RETIRED = 200
IN_SERVICE_KINDS = ("organ", "institution", "soe", "school", "hospital")


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    weights = [rng.uniform(0.7, 1.3) for _ in range(parts)]
    values = [int(total * w / sum(weights)) for w in weights]
    for i in range(total - sum(values)):
        values[i % parts] += 1
    return values


class _People:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.ids: set[str] = set()

    def name(self) -> str:
        return self.rng.choice(data.SURNAMES) + "".join(self.rng.choice(data.GIVEN)
                                                        for _ in range(self.rng.choice([1, 2])))

    def phone(self) -> str:
        return self.rng.choice(["138", "139", "135", "137", "150", "186", "133"]) + f"{self.rng.randrange(10**8):08d}"

    def id_number(self, birth: date) -> str:
        while True:
            first17 = f"420981{birth:%Y%m%d}{self.rng.randrange(1000):03d}"
            number = first17 + services.id_check_digit(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def birth(self, low: int, high: int) -> date:
        return date(self.rng.randrange(low, high), self.rng.randrange(1, 13), self.rng.randrange(1, 29))


def load(*, admin, rng: random.Random) -> dict:
    today = timezone.localdate()
    people = _People(rng)
    communities = list(Community.objects.order_by("code"))
    orgs = {}
    for org in PartyOrganization.objects.filter(community__isnull=False).order_by("id"):
        orgs.setdefault(org.community_id, org)
    unit_orgs = {}
    for org in PartyOrganization.objects.filter(unit__isnull=False).order_by("id"):
        unit_orgs.setdefault(org.unit_id, org)
    units = list(Unit.objects.filter(kind__in=IN_SERVICE_KINDS).order_by("id"))
    places = data.LOCATIONS
    registered = date(2010, 4, 1)

    def member(category, community, *, unit=None, organization=None, born=(1945, 1985), away=False,
               work_place="") -> Member:
        birth = people.birth(*born)
        return Member(
            name=people.name(), gender=rng.choice(["male", "male", "female"]), birth_date=birth,
            id_number=people.id_number(birth), phone=people.phone(),
            address=f"{rng.choice(places)}{rng.randrange(1, 200)}号" if community else "",
            category=category, community=community, unit=unit,
            organization=organization or (orgs.get(community.pk) if community else None),
            joined_on=date(birth.year + rng.randrange(20, 35), rng.randrange(1, 13), 1),
            registered_on=registered + timedelta(days=rng.randrange(0, 60)), away=away, work_place=work_place)

    members: list[Member] = []
    for community, count in zip(communities, _split(SELF_MANAGED, len(communities), rng), strict=True):
        members.extend(member(Member.Category.SELF_MANAGED, community) for _ in range(count))
    for k in range(IN_SERVICE):
        unit = units[k % len(units)]
        members.append(member(Member.Category.IN_SERVICE, rng.choice(communities), unit=unit,
                              organization=unit_orgs.get(unit.pk), born=(1955, 1988)))
    for _ in range(FLOATING):
        away = rng.random() < 0.6
        members.append(member(Member.Category.FLOATING, rng.choice(communities), born=(1960, 1988), away=away,
                              work_place=rng.choice(["武汉", "广州", "深圳", "上海", "孝感"]) + "务工" if away else ""))
    for _ in range(LAID_OFF):
        members.append(member(Member.Category.LAID_OFF, rng.choice(communities), born=(1950, 1975),
                              away=rng.random() < 0.15))
    for _ in range(RETIRED):
        members.append(member(Member.Category.RETIRED, rng.choice(communities), born=(1930, 1952)))
    members = services.member_bulk_register(actor=admin, members=members, reason="演示数据：党员名册")
    members = list(Member.objects.order_by("id"))

    # 双报到: nine in ten in-service members reported; the rest are the 地下党员 risk list.
    reports = [MemberReport(member=m, community_id=m.community_id, reported_on=date(2010, 5, rng.randrange(1, 29)),
                            via=rng.choice([MemberReport.Via.SELF, MemberReport.Via.STAFF]),
                            service_wish=rng.choice(["", "政策宣传", "义诊", "法律咨询", "关爱老人", "环境整治"]))
               for m in members if m.category == Member.Category.IN_SERVICE and rng.random() < 0.9]
    bulk_create_with_history(reports, MemberReport, batch_size=500, default_user=admin,
                             default_change_reason="演示数据：双报到")

    # Contacts and dues of the members the communities hold: most are in touch and pay; a few not.
    contacts, dues = [], []
    this_month = today.replace(day=1)
    for m in members:
        if m.category not in risks.COMMUNITY_HELD:
            continue
        silent = rng.random() < 0.07
        last = today - timedelta(days=rng.randrange(200, 400) if silent else rng.randrange(3, 150))
        for k in range(rng.randrange(1, 3)):
            contacts.append(ContactRecord(member=m, date=last - timedelta(days=90 * k), recorded_by=admin,
                                          kind=rng.choice(ContactRecord.Kind.values[:3]),
                                          note=rng.choice(["入户走访，了解近况", "电话联系，通知组织生活", "参加支部主题党日",
                                                           "参加社区志愿服务"])))
        unpaid = rng.randrange(7, 12) if (m.away and rng.random() < 0.5) else rng.randrange(0, 2)
        amount = Decimal(rng.choice(["0.20", "0.50", "1.00", "2.00", "5.00"]))
        for k in range(unpaid, unpaid + 3):
            month = risks.months_back(this_month, k)
            dues.append(DuesPayment(member=m, month=month, amount=amount, paid_on=min(month + timedelta(days=9), today),
                                    recorded_by=admin))
    bulk_create_with_history(contacts, ContactRecord, batch_size=500, default_user=admin,
                             default_change_reason="演示数据：联系记录")
    bulk_create_with_history(dues, DuesPayment, batch_size=500, default_user=admin,
                             default_change_reason="演示数据：党费")
    return {"members": len(members), "reports": len(reports), "contacts": len(contacts), "dues": len(dues)}
