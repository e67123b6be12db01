"""The demo's two-way evaluation: a closed 2010 campaign in which every community rated each of its units
and every unit rated its community, and the city's 2010 assessment weights.

The campaign and the weights go through the services; the ~3,000 ratings are written with one bulk insert
(and their history rows) to keep `gongjian demo` fast.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from simple_history.utils import bulk_create_with_history

from gongjian.accounts.models import Role
from gongjian.registry.models import Community, Unit
from gongjian.solicitation.models import Round

from . import services
from .models import Campaign, Direction, EvaluationRating

TZ = ZoneInfo("Asia/Shanghai")
CAMPAIGN_NAME = "2010年度双向评议"
YEAR = 2010


def load(*, admin, rng) -> Campaign:
    rnd = Round.objects.filter(year=YEAR).order_by("id").first()
    campaign = services.campaign_create(actor=admin, round=rnd, name=CAMPAIGN_NAME,
                                        note="第一轮办实事项目全部销号后，社区与辖区单位互相评议")
    campaign = services.campaign_open(actor=admin, campaign=campaign)
    criteria = {d: list(campaign.criteria.filter(direction=d)) for d in Direction.values}
    community_users = {}
    from gongjian.accounts.models import User

    for user in User.objects.filter(role__in=[Role.COMMUNITY, Role.UNIT]):
        community_users[(user.role, user.community_id if user.role == Role.COMMUNITY else user.unit_id)] = user
    rows = []
    for community in Community.objects.order_by("code"):
        # Most units are rated well; a few communities are stricter, a few units less engaged.
        strictness = rng.choice([0, 0, 0, 1])
        for unit in Unit.objects.filter(community=community).order_by("id"):
            engaged = rng.random() > 0.15
            for criterion in criteria[Direction.COMMUNITY_TO_UNIT]:
                score = rng.choices([5, 4, 3, 2], weights=[5, 4, 1, 0] if engaged else [1, 3, 4, 1])[0]
                rows.append(EvaluationRating(
                    campaign=campaign, criterion=criterion, direction=Direction.COMMUNITY_TO_UNIT,
                    community=community, unit=unit, scale=criterion.scale, score=max(1, score - strictness),
                    rated_by=community_users.get(("community", community.pk))))
            for criterion in criteria[Direction.UNIT_TO_COMMUNITY]:
                rows.append(EvaluationRating(
                    campaign=campaign, criterion=criterion, direction=Direction.UNIT_TO_COMMUNITY,
                    community=community, unit=unit, scale=criterion.scale,
                    score=rng.choices([5, 4, 3], weights=[6, 3, 1])[0],
                    rated_by=community_users.get(("unit", unit.pk))))
    bulk_create_with_history(rows, EvaluationRating, batch_size=1000, default_user=admin,
                             default_change_reason="2010年度双向评议（演示数据）",
                             default_date=datetime(2010, 11, 20, 10, tzinfo=TZ))
    campaign = services.campaign_close(actor=admin, campaign=campaign)
    # The campaign took place in November 2010 (dates only).
    Campaign.objects.filter(pk=campaign.pk).update(opened_at=datetime(2010, 11, 15, 9, tzinfo=TZ),
                                                   closed_at=datetime(2010, 11, 30, 17, tzinfo=TZ))
    services.weights_set(actor=admin, year=YEAR, completion=25, timeliness=15, satisfaction=20, evaluation=30,
                         participation=10, warning_penalty=2, community_rating=50, community_completion=30,
                         community_meetings=20)
    return campaign
