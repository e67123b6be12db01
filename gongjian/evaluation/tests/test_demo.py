"""The demo city's 2010 evaluation: closed, complete both ways, weights set, every unit scored."""

import pytest

from gongjian.demo.city import load_demo
from gongjian.evaluation import scoring, selectors
from gongjian.evaluation.demo import CAMPAIGN_NAME
from gongjian.evaluation.models import AssessmentWeights, Campaign, Criterion, Direction, EvaluationRating
from gongjian.registry.models import Community, Unit

pytestmark = pytest.mark.django_db


def test_demo_has_a_closed_complete_2010_campaign_and_weights(db):
    assert load_demo() is True
    campaign = Campaign.objects.get(name=CAMPAIGN_NAME)
    assert campaign.status == Campaign.Status.CLOSED and campaign.round.year == 2010
    units = Unit.objects.count()
    per_direction = {d: Criterion.objects.filter(campaign=campaign, direction=d).count() for d in Direction.values}
    assert EvaluationRating.objects.filter(campaign=campaign).count() == units * sum(per_direction.values())
    totals = selectors.progress_totals(selectors.campaign_progress(campaign))
    assert totals["community_done"] == totals["unit_done"] == units == 392 and totals["percent"] == 100
    assert AssessmentWeights.objects.filter(year=2010, evaluation=30).exists()
    scores = scoring.unit_scores(2010)
    assert len(scores) == 392 and all(s.total is not None for s in scores)
    assert sorted(s.rank_city for s in scores)[0] == 1
    communities = scoring.community_scores(2010)
    assert len(communities) == Community.objects.count() == 25
    assert all(c.total is not None for c in communities)
