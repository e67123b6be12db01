"""The set-up pages of the supervision area: leaders' contact points (city) and the coordination
committee (street for its own communities, city for all; the community and units read theirs)."""

import pytest
from django.test import Client

from gongjian import permissions
from gongjian.core.errors import Conflict
from gongjian.supervision.models import CommitteeMember, ContactPoint
from gongjian.supervision.services import committees
from gongjian.testing import PASSWORD

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _fresh(user):
    user._gongjian_scope = None  # scope_of caches on the instance
    return user


# ------------------------------------------------------------------------------ contact points

def test_city_admin_adds_edits_and_ends_a_contact_point_and_the_leaders_scope_follows(city):
    client = login(city.city_user)
    res = client.post("/staff/supervision/contact-points/new/", {
        "leader": city.leader_user.pk, "community": city.far.pk, "leader_title": "市人大常委会副主任",
        "started_on": "2010-03-01"})
    assert res.status_code == 302
    point = ContactPoint.objects.get(community=city.far)
    assert city.far.pk in permissions.scope_of(_fresh(city.leader_user)).community_ids
    assert "城北社区" in client.get("/staff/supervision/contact-points/?q=城北").content.decode()

    client.post(f"/staff/supervision/contact-points/{point.pk}/edit/", {"leader_title": "副市长", "started_on": ""})
    point.refresh_from_db()
    assert point.leader_title == "副市长" and point.started_on is None

    assert "确认撤销" in client.get(f"/staff/supervision/contact-points/{point.pk}/end/").content.decode()
    assert ContactPoint.objects.filter(pk=point.pk).exists()  # GET only asks
    client.post(f"/staff/supervision/contact-points/{point.pk}/end/")
    assert not ContactPoint.objects.filter(pk=point.pk).exists()
    assert city.far.pk not in permissions.scope_of(_fresh(city.leader_user)).community_ids


def test_contact_point_form_keeps_input_and_says_why_when_refused(city):
    committees.contact_point_create(actor=None, leader=city.leader_user, community=city.community)
    res = login(city.city_user).post("/staff/supervision/contact-points/new/", {
        "leader": city.leader_user.pk, "community": city.community.pk, "leader_title": "副市长"})
    html = res.content.decode()
    assert res.status_code == 200 and "已是" in html and 'value="副市长"' in html
    assert ContactPoint.objects.count() == 1


def test_a_leaders_last_contact_point_cannot_be_ended(city):
    point = committees.contact_point_create(actor=None, leader=city.leader_user, community=city.community)
    city.leader_user.communities.set([city.community])
    with pytest.raises(Conflict):
        committees.contact_point_end(actor=None, point=point)
    assert ContactPoint.objects.filter(pk=point.pk).exists()


@pytest.mark.parametrize("who", ["street_user", "community_user", "unit_user", "liaison_user", "leader_user"])
def test_only_the_city_admin_writes_contact_points(city, who):
    point = committees.contact_point_create(actor=None, leader=city.leader_user, community=city.community,
                                            leader_title="副市长")
    client = login(getattr(city, who))
    assert client.post("/staff/supervision/contact-points/new/", {
        "leader": city.leader_user.pk, "community": city.sibling.pk}).status_code == 403
    assert client.post(f"/staff/supervision/contact-points/{point.pk}/edit/",
                       {"leader_title": "x"}).status_code == 403
    assert client.post(f"/staff/supervision/contact-points/{point.pk}/end/").status_code == 403
    point.refresh_from_db()
    assert point.leader_title == "副市长" and ContactPoint.objects.count() == 1


def test_contact_point_of_another_street_is_404(city):
    point = committees.contact_point_create(actor=None, leader=city.leader_user, community=city.community)
    client = login(city.other_street_user)
    assert client.get(f"/staff/supervision/contact-points/{point.pk}/edit/").status_code == 404
    assert client.post(f"/staff/supervision/contact-points/{point.pk}/end/").status_code == 404
    assert ContactPoint.objects.filter(pk=point.pk).exists()


def test_contact_point_list_query_count_is_constant(city, django_assert_max_num_queries):
    from gongjian.accounts.services import user_create

    for k in range(12):
        leader = user_create(actor=None, username=f"leader{k}", password=PASSWORD, role="leader",
                             communities=[city.far], validate=False, must_change_password=False)
        committees.contact_point_create(actor=None, leader=leader, community=city.community)
    client = login(city.city_user)
    with django_assert_max_num_queries(12):
        assert client.get("/staff/supervision/contact-points/").status_code == 200


# ------------------------------------------------------------------------------ committee

def test_street_admin_adds_edits_and_retires_a_member_of_its_own_community(city):
    client = login(city.street_user)
    res = client.post(f"/staff/supervision/committee/{city.community.pk}/new/", {
        "name": "王委员", "unit": city.unit.pk, "post": "member", "unit_position": "党组书记", "phone": "13800001111"})
    assert res.status_code == 302
    member = CommitteeMember.objects.get(name="王委员")
    client.post(f"/staff/supervision/committee/members/{member.pk}/edit/", {
        "name": "王委员", "unit": city.unit.pk, "post": "deputy", "unit_position": "局长", "phone": ""})
    member.refresh_from_db()
    assert member.post == "deputy" and member.unit_position == "局长"
    assert "确认离任" in client.get(f"/staff/supervision/committee/members/{member.pk}/retire/").content.decode()
    client.post(f"/staff/supervision/committee/members/{member.pk}/retire/")
    member.refresh_from_db()
    assert not member.active


def test_member_form_keeps_input_when_the_unit_already_has_a_seat(city):
    committees.committee_member_add(actor=None, community=city.community, name="甲", unit=city.unit)
    res = login(city.city_user).post(f"/staff/supervision/committee/{city.community.pk}/new/", {
        "name": "乙委员", "unit": city.unit.pk, "post": "member"})
    html = res.content.decode()
    assert res.status_code == 200 and "已有在任委员" in html and 'value="乙委员"' in html
    assert CommitteeMember.objects.count() == 1


def test_street_admin_of_another_street_gets_404_for_the_community_and_its_members(city):
    member = committees.committee_member_add(actor=None, community=city.community, name="甲")
    client = login(city.other_street_user)
    assert client.post(f"/staff/supervision/committee/{city.community.pk}/new/", {"name": "乙"}).status_code == 404
    assert client.post(f"/staff/supervision/committee/members/{member.pk}/edit/", {"name": "乙"}).status_code == 404
    assert client.post(f"/staff/supervision/committee/members/{member.pk}/retire/").status_code == 404
    assert "甲" not in client.get("/staff/supervision/committee/").content.decode()
    member.refresh_from_db()
    assert member.name == "甲" and member.active and CommitteeMember.objects.count() == 1


def test_units_read_their_committee_with_masked_phones_and_cannot_write(city):
    member = committees.committee_member_add(actor=None, community=city.community, name="甲", phone="13800001111")
    client = login(city.unit_user)
    html = client.get("/staff/supervision/committee/").content.decode()
    assert "甲" in html and "13800001111" not in html and "138****1111" in html
    assert client.post(f"/staff/supervision/committee/{city.community.pk}/new/", {"name": "乙"}).status_code == 403
    assert client.post(f"/staff/supervision/committee/members/{member.pk}/edit/", {"name": "乙"}).status_code == 403
    assert client.post(f"/staff/supervision/committee/members/{member.pk}/retire/").status_code == 403
    member.refresh_from_db()
    assert member.name == "甲" and member.active


def test_community_staff_see_their_own_committee_only(city):
    committees.committee_member_add(actor=None, community=city.community, name="本社区委员")
    committees.committee_member_add(actor=None, community=city.far, name="城北委员")
    html = login(city.community_user).get("/staff/supervision/committee/").content.decode()
    assert "本社区委员" in html and "城北委员" not in html


def test_committee_list_query_count_is_constant(city, django_assert_max_num_queries):
    for k in range(15):
        committees.committee_member_add(actor=None, community=city.community, name=f"委员{k}", phone="13800001111")
    for user in (city.city_user, city.unit_user):
        client = login(user)
        with django_assert_max_num_queries(12):
            assert client.get("/staff/supervision/committee/").status_code == 200


def test_menu_shows_the_set_up_pages_to_their_roles(city):
    city_html = login(city.city_user).get("/staff/").content.decode()
    assert "/staff/supervision/contact-points/" in city_html and "/staff/supervision/committee/" in city_html
    assert "/staff/evaluation/weights/" in city_html  # criteria live on each campaign's page
    street_html = login(city.street_user).get("/staff/").content.decode()
    assert "/staff/supervision/committee/" in street_html and "/staff/supervision/contact-points/" not in street_html


def test_a_leaders_communities_change_only_through_contact_points_and_a_liaisons_on_the_user_page(city):
    client = login(city.city_user)
    html = client.get(f"/staff/users/{city.leader_user.pk}/").content.decode()
    assert "/staff/supervision/contact-points/" in html and 'name="communities"' not in html
    client.post(f"/staff/users/{city.leader_user.pk}/", {"first_name": "市领导", "communities": [city.far.pk]})
    assert set(city.leader_user.communities.values_list("pk", flat=True)) == {city.community.pk, city.sibling.pk}
    # A liaison's communities are set on the user page (API: users … communities).
    assert 'name="communities"' in client.get(f"/staff/users/{city.liaison_user.pk}/").content.decode()
    client.post(f"/staff/users/{city.liaison_user.pk}/", {"first_name": "", "communities": [city.far.pk]})
    assert list(city.liaison_user.communities.values_list("pk", flat=True)) == [city.far.pk]
