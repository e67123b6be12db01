"""The three risk lists (口袋党员, 地下党员, 挂名党员), computed from the contact, dues and 双报到 records with
the thresholds the city sets (RiskSettings). Each rule is one queryset filter, so a list, a count per
community and an export cost one query each whatever the number of members.

* 口袋党员 risk (pocket): a member whose relation the community holds (自管, 流动, 下岗, 退休) with no
  contact record for `pocket_months` months or more — counted from the last contact, or from the
  registration date when there is none. Flagged when that date is on or before the same day
  `pocket_months` months ago.
* 地下党员 risk (underground): a member a unit's roster lists (在职 or 流动) as living in a community
  who has not reported (双报到) to that community `underground_days` days or more after being
  registered.
* 挂名党员 risk (nominal): a member whose relation a community Party organisation holds, who is away
  for long (长期在外), and whose last dues month is `nominal_months` months or more before the
  current month (never paid: registered in or before that month).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from .models import ContactRecord, DuesPayment, Member, MemberReport, RiskSettings

POCKET, UNDERGROUND, NOMINAL = "pocket", "underground", "nominal"
RULES = (POCKET, UNDERGROUND, NOMINAL)
COMMUNITY_HELD = (Member.Category.SELF_MANAGED, Member.Category.FLOATING, Member.Category.LAID_OFF,
                  Member.Category.RETIRED)
ROSTER_LISTED = (Member.Category.IN_SERVICE, Member.Category.FLOATING)


def months_back(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day when that month is shorter)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    threshold: int
    unit: str  # 个月 / 天
    text: str  # the rule as shown next to the list
    follow_up: str  # who should follow up


def rules(settings: RiskSettings) -> dict[str, Rule]:
    return {
        POCKET: Rule(POCKET, "口袋党员风险", settings.pocket_months, "个月",
                     f"组织关系在社区的党员（自管、流动、下岗、退休），连续 {settings.pocket_months} 个月或更久"
                     "没有与党组织联系的记录（从最近一次联系算起；从未联系的，从登记之日算起）。",
                     "居住社区党组织"),
        UNDERGROUND: Rule(UNDERGROUND, "地下党员风险", settings.underground_days, "天",
                          f"单位名册登记的在职、流动党员，写明住在某社区，登记 {settings.underground_days} 天或更久"
                          "仍未向该社区报到（双报到）。",
                          "所在单位党组织，会同居住社区"),
        NOMINAL: Rule(NOMINAL, "挂名党员风险", settings.nominal_months, "个月",
                      f"组织关系在社区党组织、人长期在外的党员，最近一次交党费距本月已有 {settings.nominal_months} "
                      "个月或更久（从未交过的，从登记当月算起）。",
                      "组织关系所在社区党组织"),
    }


def _last_contact():
    return Subquery(ContactRecord.objects.filter(member=OuterRef("pk")).order_by("-date").values("date")[:1])


def _last_dues():
    return Subquery(DuesPayment.objects.filter(member=OuterRef("pk")).order_by("-month").values("month")[:1])


def pocket(members: QuerySet, settings: RiskSettings, today: date) -> QuerySet:
    cutoff = months_back(today, settings.pocket_months)
    return (members.filter(category__in=COMMUNITY_HELD).annotate(last_contact=_last_contact())
            .filter(Q(last_contact__lte=cutoff) | Q(last_contact__isnull=True, registered_on__lte=cutoff)))


def underground(members: QuerySet, settings: RiskSettings, today: date) -> QuerySet:
    cutoff = today - timedelta(days=settings.underground_days)
    reported = MemberReport.objects.filter(member=OuterRef("pk"), community=OuterRef("community"))
    return (members.filter(category__in=ROSTER_LISTED, unit__isnull=False, community__isnull=False,
                           registered_on__lte=cutoff)
            .exclude(Exists(reported)))


def nominal(members: QuerySet, settings: RiskSettings, today: date) -> QuerySet:
    cutoff_month = months_back(today.replace(day=1), settings.nominal_months)
    next_month = months_back(cutoff_month, -1)
    return (members.filter(away=True, organization__community__isnull=False).annotate(last_dues=_last_dues())
            .filter(Q(last_dues__lte=cutoff_month) | Q(last_dues__isnull=True, registered_on__lt=next_month)))


RULE_FILTERS = {POCKET: pocket, UNDERGROUND: underground, NOMINAL: nominal}


def flagged(rule: str, members: QuerySet, settings: RiskSettings, today: date) -> QuerySet:
    return RULE_FILTERS[rule](members, settings, today)
