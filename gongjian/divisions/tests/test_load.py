"""Loading a county from the national list: national codes, idempotent, names follow the code, what
staff entered is kept, what staff retired stays retired."""

import pytest
from django.core.exceptions import ValidationError

from gongjian.divisions.services import divisions_load
from gongjian.registry import services as registry
from gongjian.registry.models import Community, Street

from .conftest import VILLAGES


def _load(**kwargs):
    return divisions_load(county="420981", actor=None, **kwargs)


def test_load_creates_the_countys_streets_and_communities_with_national_codes(db, divisions):
    result = _load()
    assert (result.streets.created, result.communities.created) == (3, 4)
    assert set(Street.objects.values_list("code", "name")) == {
        ("420981001", "城中街道"), ("420981002", "城北街道"), ("420981100", "田店镇")}
    sanyanjing = Community.objects.get(code="420981001003")
    assert (sanyanjing.name, sanyanjing.street.code) == ("三眼井社区", "420981001")
    assert not Community.objects.filter(code="420902001001").exists()  # another county's


def test_a_second_load_changes_nothing(db, divisions):
    _load()
    history = (Street.history.count(), Community.history.count())
    result = _load()
    assert (result.streets.created, result.streets.updated, result.streets.unchanged) == (0, 0, 3)
    assert (result.communities.created, result.communities.updated, result.communities.unchanged) == (0, 0, 4)
    assert (Street.history.count(), Community.history.count()) == history


def test_a_renamed_community_is_updated_by_its_code(db, divisions):
    _load()
    before = Community.objects.get(code="420981001001")
    divisions.rewrite(villages=[(c, "月园新村社区" if c == "420981001001" else n, s, a) for c, n, s, a in VILLAGES])
    result = _load()
    assert result.communities.updated == 1
    after = Community.objects.get(code="420981001001")
    assert (after.pk, after.name) == (before.pk, "月园新村社区")
    assert Community.objects.count() == 4


def test_a_reload_keeps_what_staff_entered(db, divisions):
    _load()
    community = Community.objects.get(code="420981001003")
    registry.community_update(actor=None, community=community, street=community.street, name="三眼井社区",
                              code=community.code, residents=6000, tier=1,
                              office_premises=Community.Premises.RENTED, office_area=320)
    _load()
    community.refresh_from_db()
    assert (community.residents, community.tier, community.office_premises, community.office_area) == (
        6000, 1, Community.Premises.RENTED, 320)


def test_a_reload_never_brings_back_a_retired_community(db, divisions):
    _load()
    registry.community_retire(actor=None, community=Community.objects.get(code="420981001001"))
    result = _load()
    assert result.communities.retired == 1
    assert not Community.objects.get(code="420981001001").active


def test_a_reload_never_brings_back_a_retired_street_nor_its_communities(db, divisions):
    _load(streets="100")
    street = Street.objects.get(code="420981100")
    registry.community_retire(actor=None, community=street.communities.get())
    registry.street_retire(actor=None, street=street)
    result = _load(streets="100")
    assert (result.streets.retired, result.communities.retired) == (1, 1)
    assert not Street.objects.get(code="420981100").active
    assert not Community.objects.filter(street=street, active=True).exists()


def test_the_streets_filter_loads_only_the_chosen_streets(db, divisions):
    result = _load(streets="001,420981002")
    assert set(Street.objects.values_list("code", flat=True)) == {"420981001", "420981002"}
    assert result.communities.created == 3
    assert not Community.objects.filter(code="420981100200").exists()


def test_an_unknown_street_is_refused_and_nothing_is_written(db, divisions):
    with pytest.raises(ValidationError, match="没有代码为 420981009"):
        _load(streets="001,009")
    assert not Street.objects.exists()


def test_an_unknown_county_is_refused(db, divisions):
    with pytest.raises(ValidationError, match="没有代码为"):
        divisions_load(county="999999", actor=None)


def test_a_hand_entered_street_and_community_take_their_national_codes(city, divisions):
    result = _load(streets="001")
    street, community = Street.objects.get(pk=city.street.pk), Community.objects.get(pk=city.community.pk)
    assert (street.code, community.code, community.residents) == ("420981001", "420981001003", 6000)
    assert result.streets.updated == 1 and result.communities.updated == 1
    assert Street.objects.filter(name="城中街道").count() == 1
