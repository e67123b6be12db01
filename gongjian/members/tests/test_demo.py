"""The demo city's members and activities match the report: 985 self-managed members, 3,000 cadres
in "三进社区"; the risk lists hold a minority; the existing figures are untouched (gongjian/demo tests)."""

import pytest

from gongjian.activities.models import Activity, Participation
from gongjian.demo.city import load_demo
from gongjian.members import risks, services
from gongjian.members.models import Member

pytestmark = pytest.mark.django_db


def test_demo_members_and_activities():
    assert load_demo() is True
    assert Member.objects.filter(category="self_managed").count() == 985
    sanjin = Participation.objects.filter(activity__kind=Activity.Kind.SANJIN)
    assert sanjin.values("member_id").distinct().count() == 3000
    assert sanjin.filter(member__category="in_service", unit__isnull=False).count() == sanjin.count()
    assert Activity.objects.filter(date__gt=services.timezone.localdate()).exists()  # upcoming, for the public
    today = services.timezone.localdate()
    settings = services.risk_settings_get()
    total = Member.objects.count()
    for rule in risks.RULES:
        flagged = risks.flagged(rule, Member.objects.all(), settings, today).count()
        assert 0 < flagged < total / 10, rule
    assert Member.history.filter(history_type="+").count() == total
