"""Evaluation test data, built through the real services."""

from gongjian.evaluation import services
from gongjian.evaluation.models import Campaign, Direction
from gongjian.projects.tests.factories import make_round


def make_campaign(status="open", rnd=None, name="2010年第一轮双向评议") -> Campaign:
    """A campaign with the default criteria (four each way, 1–5 scale, weights 30/25/25/20)."""
    campaign = services.campaign_create(actor=None, round=rnd or make_round(), name=name)
    if status in ("open", "closed"):
        campaign = services.campaign_open(actor=None, campaign=campaign)
    if status == "closed":
        campaign = services.campaign_close(actor=None, campaign=campaign)
    return Campaign.objects.get(pk=campaign.pk)


def criteria(campaign, direction):
    return list(campaign.criteria.filter(direction=direction).order_by("sort_order"))


def rate(campaign, rater, ratee, values, actor=None):
    """`values`: the scores in the criteria's order."""
    direction = Direction.COMMUNITY_TO_UNIT if rater.__class__.__name__ == "Community" else Direction.UNIT_TO_COMMUNITY
    scores = {c.pk: v for c, v in zip(criteria(campaign, direction), values, strict=True)}
    return services.rating_submit_evaluation(actor=actor, campaign=campaign, rater=rater, ratee=ratee, scores=scores)
