"""The demo city reproduces the 2010 report's figures exactly, and tells today's story: a round open
now, today's chairs, every community's contact leader, the national codes."""

from datetime import date, timedelta

import pytest

from gongjian.accounts.models import Role, User
from gongjian.activities.models import Activity
from gongjian.citysetup.selectors import city_profile
from gongjian.demo.city import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    FIRST_ROUND,
    SECOND_ROUND,
    load_demo,
    present_round_name,
)
from gongjian.permissions import scope_of
from gongjian.projects.models import Project
from gongjian.registry.models import Cadre, Community, PartyOrganization, Street, Unit
from gongjian.solicitation.models import Opinion, Round
from gongjian.solicitation.selectors import round_open_newest
from gongjian.supervision import selectors as supervision_selectors
from gongjian.supervision.models import ContactPoint, Meeting
from gongjian.supervision.services import current_chair
from gongjian.testing import ApiClient, today

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    """The demo is loaded once for this module (it takes seconds) and removed afterwards."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        assert load_demo() is True
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(_demo_loaded, db):
    """Each test runs in a transaction rolled back on top of the loaded demo."""


def test_demo_registry_matches_the_report(demo):
    assert Street.objects.count() == 5
    assert Street.objects.filter(name="城中街道").exists()
    assert Community.objects.count() == 25
    assert Community.objects.filter(name="三眼井社区", street__name="城中街道").exists()
    assert sum(Community.objects.values_list("residents", flat=True)) == 148_000
    assert Unit.objects.count() == 392
    assert PartyOrganization.objects.filter(unit__isnull=False).count() == 577
    assert Cadre.objects.count() == 187
    assert Community.objects.filter(office_premises="rented").count() == 3
    assert Community.objects.filter(office_premises="incomplete").count() == 2


def test_first_round_stats_reproduce_the_report_through_the_api(demo):
    first = Round.objects.get(name=FIRST_ROUND)
    admin = User.objects.get(username="admin")
    client = ApiClient(admin, password=DEMO_PASSWORD)
    figures = client.get("stats", {"round": first.pk}).json()
    assert figures["forms_distributed"] == 3000
    assert figures["letters_sent"] == 10000
    assert figures["meetings_held"] == 31
    assert figures["opinions"] == 311
    assert figures["problems"] == 89
    assert sum(figures["problems_by_class"].values()) == 89
    assert figures["projects"] == 48
    assert figures["projects_closed"] == 48
    assert figures["projects_overdue"] == 0
    assert figures["completion_rate"] == 1.0
    assert 0 < figures["satisfaction_rate"] <= 1


def test_first_batch_has_two_key_projects_per_community_with_projects(demo):
    first = Round.objects.get(name=FIRST_ROUND)
    projects = Project.objects.filter(round=first)
    assert projects.count() == 48
    assert set(projects.values_list("batch__number", flat=True)) == {1}
    for community_id in set(projects.values_list("community_id", flat=True)):
        assert projects.filter(community_id=community_id, is_key=True).count() == 2


def test_second_round_is_in_screening_as_in_december_2010(demo):
    second = Round.objects.get(name=SECOND_ROUND)
    assert second.status == Round.Status.SCREENING
    assert second.opened_on == date(2010, 11, 1)
    received = set(Opinion.objects.filter(round=second).values_list("received_on", flat=True))
    assert received and all(date(2010, 11, 1) <= day < date(2010, 12, 1) for day in received)


# ------------------------------------------------------------------------------ today's story

def test_a_present_day_round_is_open_with_recent_pending_opinions(demo):
    now = today()
    present = Round.objects.get(name=present_round_name(now))
    assert present.status == Round.Status.OPEN and present.year == now.year
    assert now - timedelta(days=60) < present.opened_on < now
    assert round_open_newest() == present
    opinions = Opinion.objects.filter(round=present)
    assert opinions.filter(status=Opinion.Status.PENDING).count() >= 5
    assert opinions.values("community").distinct().count() >= 3
    assert all(present.opened_on <= o.received_on <= now for o in opinions)


def test_a_resident_submits_to_the_present_round_through_the_public_api(demo):
    sanyanjing = Community.objects.get(name="三眼井社区")
    response = ApiClient().post("public/opinions", {"community": sanyanjing.pk, "category": "municipal",
                                                    "content": "人民路路口的红绿灯时间太短，老人过不去"})
    assert response.status_code == 201
    opinion = Opinion.objects.get(receipt_code=response.json()["receipt_code"])
    assert opinion.round == Round.objects.get(name=present_round_name(today()))
    assert opinion.status == Opinion.Status.PENDING


def test_every_community_has_a_contact_leader_who_sees_it(demo):
    communities = list(Community.objects.all())
    assert len(communities) == 25
    for community in communities:
        points = list(ContactPoint.objects.filter(community=community).select_related("leader"))
        assert len(points) == 1, community.name
        leader = points[0].leader
        assert leader.role == Role.LEADER and points[0].leader_title
        assert community.pk in scope_of(leader).community_ids
    lingdao = User.objects.get(username="lingdao")
    assert set(ContactPoint.objects.filter(leader=lingdao).values_list("community__name", flat=True)) == {
        "三眼井社区", "城北社区"}
    assert set(scope_of(lingdao).community_ids) == set(
        ContactPoint.objects.filter(leader=lingdao).values_list("community_id", flat=True))


def test_every_community_with_units_has_a_chair_covering_today(demo):
    now = today()
    for community in Community.objects.filter(units__isnull=False).distinct():
        term = current_chair(community, now)
        assert term is not None, community.name
        assert term.starts_on <= now <= term.ends_on


def test_sanyanjing_held_this_terms_meetings_and_has_this_months_still_to_arrange(demo):
    now = today()
    sanyanjing = Community.objects.get(name="三眼井社区")
    this_month = now.replace(day=1)
    assert not Meeting.objects.filter(community=sanyanjing, kind=Meeting.Kind.CHAIR, month=this_month).exists()
    assert supervision_selectors.missed_months([sanyanjing.pk], date(now.year, 1, 1), date(now.year, 12, 31),
                                               now)[sanyanjing.pk] == []
    arranged = Meeting.objects.filter(kind=Meeting.Kind.CHAIR, month=this_month, status=Meeting.Status.SCHEDULED)
    assert set(arranged.values_list("community__name", flat=True)) == {"蒲阳社区", "城北社区"}


def test_recent_activities_are_dated_relative_to_today(demo):
    now = today()
    assert Activity.objects.filter(date__gt=now - timedelta(days=45), date__lte=now).count() >= 10
    assert Activity.objects.filter(date__gt=now).exists()


def test_streets_and_sanyanjing_take_their_national_codes(demo):
    assert dict(Street.objects.values_list("name", "code")) == {
        "城中街道": "420981001", "城北街道": "420981002", "四里棚街道": "420981003", "东马坊街道": "420981004",
        "长江埠街道": "420981005"}
    assert Community.objects.get(name="三眼井社区").code == "420981001003"
    assert Community.objects.get(name="蒲阳社区").code == "CZ02"  # not in today's list: a demo code
    profile = city_profile()
    assert (profile.pk, profile.name, profile.division_code, profile.archive_prefix, profile.department) == (
        1, "应城市", "420981", "YC", "中共应城市委组织部")


def test_every_role_has_a_demo_login_that_works(demo):
    roles = {User.objects.get(username=username).effective_role for username, _r, _l in DEMO_LOGINS}
    assert roles == set(Role.values)
    for username, _role, _label in DEMO_LOGINS:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)


def test_loading_the_demo_twice_changes_nothing(demo):
    before = (Unit.objects.count(), Project.objects.count(), User.objects.count())
    assert load_demo() is False
    assert (Unit.objects.count(), Project.objects.count(), User.objects.count()) == before


def test_street_stats_count_only_its_communities(demo):
    first = Round.objects.get(name=FIRST_ROUND)
    street_user = User.objects.get(username="chengzhong")
    figures = ApiClient(street_user, password=DEMO_PASSWORD).get("stats", {"round": first.pk}).json()
    communities = Community.objects.filter(street__name="城中街道")
    assert figures["projects"] == Project.objects.filter(round=first, community__in=communities).count()
    assert figures["opinions"] < 311
