"""The final score sets the tier (through the registry's service) and the progress toward the target."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongjian.core.errors import Conflict
from gongjian.registry.models import Community
from gongjian.standards import selectors, services
from gongjian.standards.models import Assessment, Evidence

from .factories import assess_to_final, make_standard, make_target, points

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_tier_follows_the_thresholds():
    from gongjian.standards.models import Standard

    standard = Standard(name="x", year=2010, pass_score=85, tier1_min=85, tier2_min=70)
    assert [standard.tier_for(s) for s in (100, 85, 84.9, 70, 69.5, 0)] == [1, 1, 2, 2, 3, 3]


def test_final_score_sets_tier_reached_and_the_registry_tier(city):
    standard = make_standard(city.city_user)
    done = assess_to_final(city, standard, city.community, points(standard, 48, 28, 15),
                           final_scores=points(standard, 45, 27, 15))
    assert done.status == Assessment.Status.FINAL
    assert done.self_score == Decimal("91") and done.street_score == Decimal("91")
    assert done.final_score == Decimal("87") and done.tier == 1 and done.reached
    assert "深化" in done.tier_focus
    community = Community.objects.get(pk=city.community.pk)
    assert community.tier == 1
    assert "87" in community.history.first().history_change_reason


def test_a_lower_city_score_gives_a_lower_tier(city):
    standard = make_standard(city.city_user)
    done = assess_to_final(city, standard, city.sibling, points(standard, 45, 25, 15),
                           street_scores=points(standard, 40, 25, 10))
    assert done.final_score == Decimal("75") and done.tier == 2 and not done.reached
    assert Community.objects.get(pk=city.sibling.pk).tier == 2


def test_target_progress_counts_communities_that_reach_the_standard(city):
    standard = make_standard(city.city_user)
    target = make_target(city.city_user, standard, share=60)
    assess_to_final(city, standard, city.community, points(standard, 50, 30, 10))  # 90 → 一类, reached
    assess_to_final(city, standard, city.sibling, points(standard, 40, 20, 10))  # 70 → 二类
    progress = selectors.target_progress(target, Community.objects.all(), today=date(2011, 1, 1))
    assert progress["communities"] == 3 and progress["reached"] == 1
    assert progress["needed"] == 2 and progress["remaining"] == 1  # ceil(3 × 60 %)
    assert progress["share_now"] == Decimal("33.3") and progress["met"] is False
    assert progress["percent_of_goal"] == 50 and progress["not_assessed"] == 1
    assert [t["count"] for t in progress["tiers"]] == [1, 1, 0]
    assert progress["days_left"] == (date(2012, 12, 31) - date(2011, 1, 1)).days


def test_target_met(city):
    standard = make_standard(city.city_user)
    target = make_target(city.city_user, standard, share=30)
    assess_to_final(city, standard, city.community, points(standard, 50, 30, 10))
    assert selectors.target_progress(target, Community.objects.all())["met"] is True


def test_points_above_a_criterions_maximum_are_refused(city):
    standard = make_standard(city.city_user)
    with pytest.raises(ValidationError):
        services.self_assessment_save(actor=city.community_user, standard=standard, community=city.community,
                                      scores=points(standard, 51, 0, 0))
    assert not Assessment.objects.exists()


def test_submission_needs_every_criterion(city):
    standard = make_standard(city.city_user)
    first = standard.criteria.first()
    a = services.self_assessment_save(actor=city.community_user, standard=standard, community=city.community,
                                      scores={first.pk: 40})
    with pytest.raises(ValidationError):
        services.self_assessment_submit(actor=city.community_user, assessment=a)
    a.refresh_from_db()
    assert a.status == Assessment.Status.DRAFT


def test_review_order_is_enforced(city):
    standard = make_standard(city.city_user)
    a = services.self_assessment_save(actor=city.community_user, standard=standard, community=city.community,
                                      scores=points(standard, 40, 20, 10))
    with pytest.raises(Conflict):
        services.assessment_review(actor=city.street_user, assessment=a)  # not submitted yet
    services.self_assessment_submit(actor=city.community_user, assessment=a)
    with pytest.raises(Conflict):
        services.self_assessment_save(actor=city.community_user, standard=standard, community=city.community,
                                      scores=points(standard, 50, 30, 20))


def test_a_return_needs_a_note_and_reopens_the_self_assessment(city):
    standard = make_standard(city.city_user)
    a = services.self_assessment_save(actor=city.community_user, standard=standard, community=city.community,
                                      scores=points(standard, 40, 20, 10))
    services.self_assessment_submit(actor=city.community_user, assessment=a)
    with pytest.raises(ValidationError):
        services.assessment_review(actor=city.street_user, assessment=a, decision="return")
    services.assessment_review(actor=city.street_user, assessment=a, decision="return", note="佐证材料不全")
    a.refresh_from_db()
    assert a.status == Assessment.Status.RETURNED and a.tier is None
    services.self_assessment_save(actor=city.community_user, standard=standard, community=city.community,
                                  scores=points(standard, 41, 20, 10))
    services.self_assessment_submit(actor=city.community_user, assessment=a)


def test_evidence_type_and_size_are_checked(city, settings):
    standard = make_standard(city.city_user)
    criterion = standard.criteria.first()
    a = services.self_assessment_save(actor=city.community_user, standard=standard, community=city.community,
                                      scores={})
    evidence = services.evidence_attach(actor=city.community_user, assessment=a, criterion=criterion,
                                        file=SimpleUploadedFile("活动照片.png", PNG))
    assert evidence.kind == "png" and evidence.name == "活动照片.png" and evidence.file.name.endswith(".png")
    with pytest.raises(ValidationError):
        services.evidence_attach(actor=city.community_user, assessment=a, criterion=criterion,
                                 file=SimpleUploadedFile("x.png", b"<script>alert(1)</script>"))
    from gongjian.core import uploads

    with pytest.raises(ValidationError):
        services.evidence_attach(actor=city.community_user, assessment=a, criterion=criterion,
                                 file=SimpleUploadedFile("big.png", PNG + b"0" * uploads.MAX_UPLOAD_BYTES))
    assert Evidence.objects.count() == 1


def test_criteria_are_fixed_once_a_community_submitted(city):
    standard = make_standard(city.city_user)
    a = services.self_assessment_save(actor=city.community_user, standard=standard, community=city.community,
                                      scores=points(standard, 40, 20, 10))
    services.self_assessment_submit(actor=city.community_user, assessment=a)
    with pytest.raises(Conflict):
        services.criterion_add(actor=city.city_user, standard=standard, group="basics", title="新增项", points=5)


def test_community_set_tier_records_the_reason(city):
    from gongjian.registry.services import community_set_tier

    community_set_tier(actor=city.city_user, community=city.far, tier=3, reason="按测评结果调整")
    far = Community.objects.get(pk=city.far.pk)
    assert far.tier == 3 and far.history.first().history_change_reason == "按测评结果调整"
    with pytest.raises(ValidationError):
        community_set_tier(actor=city.city_user, community=city.far, tier=4, reason="x")
