"""The adapter to the other areas: their real selectors when installed, None (暂无数据) when not."""

import pytest
from django.apps import apps

from gongjian.evaluation import inputs

pytestmark = pytest.mark.django_db


def test_absent_areas_answer_none(city, monkeypatch):
    monkeypatch.setattr(apps, "is_installed", lambda name: False)
    assert inputs.warnings_by_unit([city.unit.pk], 2010) is None
    assert inputs.participation_by_unit([city.unit], 2010) is None
    assert inputs.meeting_regularity_by_community([city.community.pk], 2010) is None
    assert inputs.notify(users=[city.unit_user], title="t", body="b") is False


@pytest.mark.skipif(not apps.is_installed("gongjian.supervision"), reason="supervision area not installed")
def test_supervision_figures_for_every_unit_and_community(city):
    assert inputs.warnings_by_unit([city.unit.pk, city.co_unit.pk], 2010) == {city.unit.pk: 0, city.co_unit.pk: 0}
    meetings = inputs.meeting_regularity_by_community([city.community.pk], 2010)
    assert meetings == {city.community.pk: {"held": 0, "expected": 0}}


@pytest.mark.skipif(not apps.is_installed("gongjian.activities"), reason="activities area not installed")
def test_a_year_without_any_activity_has_no_participation_data(city):
    assert inputs.participation_by_unit([city.unit, city.co_unit], 2010) is None


def test_participation_counts_from_a_selector_dict():
    assert inputs._count_of({"activities_organised": 1, "activities_joined": 2, "hours": 9}) == 3
    assert inputs._count_of(4) == 4
