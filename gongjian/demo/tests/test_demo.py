"""The demo city reproduces the 2010 report's figures exactly."""

import pytest

from gongjian.accounts.models import Role, User
from gongjian.demo.city import DEMO_LOGINS, DEMO_PASSWORD, FIRST_ROUND, SECOND_ROUND, load_demo
from gongjian.projects.models import Project
from gongjian.registry.models import Cadre, Community, PartyOrganization, Street, Unit
from gongjian.solicitation.models import Round
from gongjian.testing import ApiClient

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


def test_second_round_is_in_screening(demo):
    assert Round.objects.get(name=SECOND_ROUND).status == Round.Status.SCREENING


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
