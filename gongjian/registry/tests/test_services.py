"""Registry services: edits keep one history entry per change; rows are retired and restored, never
deleted; nothing new is made under a retired parent."""

import pytest
from django.core.exceptions import ValidationError

from gongjian.registry import services
from gongjian.registry.models import Community, Street, Unit


def test_editing_a_community_keeps_its_history(city):
    services.community_update(actor=city.city_user, community=city.community, street=city.street, name="三眼井社区",
                              code="CZ01", residents=6100, tier=2, office_premises=Community.Premises.RENTED,
                              office_area=180)
    community = Community.objects.get(pk=city.community.pk)
    assert (community.residents, community.tier, community.office_area) == (6100, 2, 180)
    latest = community.history.first()
    assert (latest.history_user, latest.history_change_reason) == (city.city_user, "修改社区")


def test_saving_an_unchanged_unit_writes_no_history(city):
    before = city.unit.history.count()
    services.unit_update(actor=None, unit=city.unit, community=city.community, name=city.unit.name,
                         kind=city.unit.kind, rank=city.unit.rank)
    assert city.unit.history.count() == before


def test_a_street_with_active_communities_cannot_be_retired(city):
    with pytest.raises(ValidationError, match="还有 2 个在册社区"):
        services.street_retire(actor=None, street=city.street)
    assert Street.objects.get(pk=city.street.pk).active


def test_a_community_with_active_units_cannot_be_retired(city):
    with pytest.raises(ValidationError, match="还有 2 个在册辖区单位"):
        services.community_retire(actor=None, community=city.community)
    assert Community.objects.get(pk=city.community.pk).active


def test_a_retired_unit_is_kept_and_can_be_restored(city):
    services.unit_retire(actor=None, unit=city.far_unit)
    assert Unit.objects.filter(pk=city.far_unit.pk, active=False).exists()
    assert city.far_unit not in Unit.objects.active()
    services.unit_restore(actor=None, unit=city.far_unit)
    assert Unit.objects.get(pk=city.far_unit.pk).active


def test_nothing_is_created_in_a_retired_community(city):
    services.unit_retire(actor=None, unit=city.far_unit)
    services.community_retire(actor=None, community=city.far)
    far = Community.objects.get(pk=city.far.pk)
    with pytest.raises(ValidationError, match="已撤销"):
        services.unit_create(actor=None, community=far, name="新单位")
    assert not Unit.objects.filter(name="新单位").exists()


def test_a_community_of_a_retired_street_cannot_be_restored(city):
    services.unit_retire(actor=None, unit=city.far_unit)
    services.community_retire(actor=None, community=city.far)
    services.street_retire(actor=None, street=city.other_street)
    with pytest.raises(ValidationError, match="所属街道已撤销"):
        services.community_restore(actor=None, community=Community.objects.get(pk=city.far.pk))
    assert not Community.objects.get(pk=city.far.pk).active


def test_street_sync_refuses_a_name_held_by_another_national_code(db):
    services.street_create(actor=None, name="城关镇", code="420000101")
    with pytest.raises(ValidationError, match="已有同名街道"):
        services.street_sync(actor=None, code="420000102", name="城关镇")
    assert Street.objects.count() == 1
