"""The load page: the city admin finds the county by name, ticks streets and loads them; others are refused."""

from gongjian.registry.models import Community, Street
from gongjian.testing import PASSWORD


def test_city_admin_finds_the_county_and_loads_the_ticked_streets(client, city, divisions):
    client.login(username="city", password=PASSWORD)
    assert "420981" in client.get("/staff/divisions/load/", {"q": "应城"}).content.decode()
    page = client.get("/staff/divisions/load/", {"county": "420981"}).content.decode()
    assert "城北街道" in page and "田店镇" in page
    response = client.post("/staff/divisions/load/", {"county": "420981", "streets": ["420981002"]}, follow=True)
    assert "已载入应城市" in response.content.decode()
    assert Street.objects.get(code="420981002").name == "城北街道"
    assert Community.objects.get(code="420981002001").street.code == "420981002"
    assert not Street.objects.filter(code="420981100").exists()


def test_loading_without_a_ticked_street_is_explained_and_writes_nothing(client, city, divisions):
    client.login(username="city", password=PASSWORD)
    before = Street.objects.count()
    response = client.post("/staff/divisions/load/", {"county": "420981"})
    assert "请至少选择一个街道/乡镇" in response.content.decode()
    assert Street.objects.count() == before


def test_street_admin_cannot_load_streets(client, city, divisions):
    client.login(username="street", password=PASSWORD)
    before = Street.objects.count()
    response = client.post("/staff/divisions/load/", {"county": "420981", "streets": ["420981100"]})
    assert response.status_code == 403
    assert Street.objects.count() == before
