"""The permission module: each role sees its rows; deny by default."""

import pytest
from django.db import IntegrityError, transaction

from gongjian import permissions
from gongjian.accounts.models import User
from gongjian.registry.models import Street, Unit


def test_anonymous_sees_nothing(city):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.visible(AnonymousUser(), Unit).exists()
    assert not permissions.can(AnonymousUser(), "view", city.unit)


def test_superuser_acts_as_city_admin(city):
    root = User.objects.create_superuser("root", password="x-Long-enough-1")
    assert permissions.scope_of(root).everything
    assert permissions.visible(root, Unit).count() == 4


@pytest.mark.parametrize("username, expected", [
    ("city", {"应城市住建局", "应城市供电公司", "应城市第一中学", "应城市人民医院"}),
    ("street", {"应城市住建局", "应城市供电公司", "应城市第一中学"}),
    ("street2", {"应城市人民医院"}),
    ("community", {"应城市住建局", "应城市供电公司"}),
    ("unit", {"应城市住建局", "应城市供电公司"}),
    ("liaison", {"应城市住建局", "应城市供电公司"}),
    ("leader", {"应城市住建局", "应城市供电公司", "应城市第一中学"}),
])
def test_each_role_sees_only_the_units_of_its_scope(city, username, expected):
    user = User.objects.get(username=username)
    assert set(permissions.visible(user, Unit).values_list("name", flat=True)) == expected


def test_user_without_role_sees_nothing(city):
    nobody = User.objects.create_user("nobody", password="x-Long-enough-1")
    assert not permissions.visible(nobody, Unit).exists()
    assert not permissions.can(nobody, "create", Street)


def test_unit_cannot_create_units(city):
    assert not permissions.can(city.unit_user, "create", Unit)
    assert permissions.can(city.community_user, "create", Unit)


def test_community_cannot_change_a_unit_of_another_community(city):
    assert not permissions.can(city.community_user, "change", city.far_unit)
    assert permissions.can(city.community_user, "change", city.unit)


def test_get_visible_or_404_answers_404_for_another_scope(city):
    from django.http import Http404

    with pytest.raises(Http404):
        permissions.get_visible_or_404(city.unit_user, Unit, city.far_unit.pk)
    assert permissions.get_visible_or_404(city.unit_user, Unit, city.unit.pk) == city.unit


def test_database_refuses_a_street_user_without_a_street(city):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="broken", role="street")


def test_database_refuses_a_unit_user_bound_to_a_community(city):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="broken", role="unit", unit=city.unit, community=city.community)
