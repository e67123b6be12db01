"""Audit history: every change of a domain record is kept with who, when, before and after."""

from gongjian.core.audit import changes
from gongjian.registry.models import Unit


def test_creating_a_unit_through_the_api_records_who_did_it(city, api):
    response = api(city.community_user).post("units", {"name": "三眼井便民超市", "community": city.community.pk,
                                                        "kind": "private"})
    assert response.status_code == 201
    unit = Unit.objects.get(pk=response.json()["id"])
    record = unit.history.get()
    assert record.history_type == "+"
    assert record.history_user == city.community_user


def test_a_change_keeps_before_and_after(city):
    unit = city.unit
    unit.name = "应城市住房和城乡建设局"
    unit._history_user = city.city_user
    unit.save()
    latest = unit.history.first()
    assert latest.history_type == "~"
    assert changes(latest) == [{"field": "name", "old": "应城市住建局", "new": "应城市住房和城乡建设局"}]


def test_admin_shows_the_history_page(city, client):
    from gongjian.accounts.models import User

    User.objects.create_superuser("root", password="Root-pass-2010")
    client.login(username="root", password="Root-pass-2010")
    response = client.get(f"/admin/registry/unit/{city.unit.pk}/history/")
    assert response.status_code == 200
    assert "应城市住建局" in response.content.decode()
