"""The assessment's inputs from the other areas: their selectors and services, imported directly."""

import pytest

from gongjian.evaluation import inputs, services
from gongjian.notifications import services as notifications
from gongjian.notifications.models import Notification

from .factories import make_campaign

pytestmark = pytest.mark.django_db


def test_supervision_figures_for_every_unit_and_community(city):
    assert inputs.warnings_by_unit([city.unit.pk, city.co_unit.pk], 2010) == {city.unit.pk: 0, city.co_unit.pk: 0}
    meetings = inputs.meeting_regularity_by_community([city.community.pk], 2010)
    assert meetings == {city.community.pk: {"held": 0, "expected": 0}}


def test_a_year_without_any_activity_has_no_participation_data(city):
    assert inputs.participation_by_unit([city.unit, city.co_unit], 2010) is None


def test_a_notice_goes_to_the_inbox_once_per_key(city):
    kwargs = {"users": [city.unit_user], "title": "双向评议提醒", "body": "请完成评议", "link": "/staff/evaluation/",
              "kind": "evaluation_remind", "object_type": "evaluation.campaign", "object_id": 1,
              "period": "2010-11-01"}
    assert inputs.notify(**kwargs) == 1
    assert inputs.notify(**kwargs) == 0
    assert Notification.objects.filter(recipient=city.unit_user, kind="evaluation_remind").count() == 1


def test_a_type_error_inside_notify_propagates_and_is_not_retried(city, monkeypatch):
    calls = []

    def broken(**kwargs):
        calls.append(kwargs)
        raise TypeError("a bug inside the notification service")

    monkeypatch.setattr(notifications, "notify", broken)
    campaign = make_campaign()
    with pytest.raises(TypeError):
        services.campaign_remind(actor=city.city_user, campaign=campaign, community_ids=[city.community.pk])
    assert len(calls) == 1  # not sent a second time with other arguments
    assert not Notification.objects.filter(kind="evaluation_remind").exists()


def test_the_assessment_imports_the_other_areas_instead_of_guessing():
    from pathlib import Path

    source = Path(inputs.__file__).read_text(encoding="utf-8")
    assert "importlib" not in source and "except TypeError" not in source
