"""The synthetic data: the sizes of its level, consistent with the models' rules, deterministic."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F

from gongjian.projects.models import Project, ProjectEvent, PublishedSnapshot, Rating
from gongjian.registry.models import Community, Street, Unit
from gongjian.solicitation.models import ArchiveCounter, Opinion, Problem
from gongjian.synth.generator import SynthBuilder
from gongjian.synth.models import SynthRun
from gongjian.testing import ApiClient

from .conftest import ANCHOR


def test_city_level_has_the_demo_citys_sizes(synth_city):
    assert Street.objects.count() == 5
    assert Community.objects.count() == 25
    assert Unit.objects.count() == 392
    assert Opinion.objects.count() == 311
    assert Problem.objects.count() == 89
    assert Project.objects.count() == 48
    run = SynthRun.objects.get()
    assert (run.level, run.seed, run.round_id) == ("city", 7, synth_city.round_id)


def test_projects_are_in_every_state_with_consistent_facts(db):
    SynthBuilder("city", seed=3, anchor=ANCHOR, scale=4).build()  # 192 projects: every state occurs
    by_status = dict(Project.objects.values_list("status").annotate(n=Count("id")))
    assert set(by_status) == {"draft", "approved", "in_progress", "completed", "closed"}
    assert not Project.objects.filter(status="closed", closed_at__isnull=True).exists()
    assert not Project.objects.filter(status__in=["completed", "closed"]).exclude(progress=100).exists()
    assert not Project.objects.exclude(status="draft").filter(approved_at__isnull=True).exists()
    # Every published project has its as-published snapshot and an approve event.
    public = Project.objects.exclude(status="draft").count()
    assert PublishedSnapshot.objects.count() == public
    assert ProjectEvent.objects.filter(action="approve").count() == public
    # Projects come from class A or B problems only; ratings only on done projects, by the community's residents.
    assert not Project.objects.filter(problem__klass="C").exists()
    assert not Rating.objects.exclude(project__status__in=["completed", "closed"]).exists()
    assert not Rating.objects.exclude(opinion__community=F("project__community")).exists()
    # Each community names 2–3 key projects at most.
    assert max(Project.objects.filter(is_key=True).values("community").annotate(n=Count("id"))
               .values_list("n", flat=True)) <= 3


def test_opinions_are_consistent_and_near_duplicates_share_a_problem(synth_city):
    assert not Opinion.objects.filter(status="merged", problem__isnull=True).exists()
    assert not Opinion.objects.filter(status="rejected", reject_reason="").exists()
    assert not Opinion.objects.exclude(problem=None).exclude(problem__community=F("community")).exists()
    assert synth_city.near_duplicate_share > 0.3
    # Receipt codes start with 0, which real codes never use.
    assert not Opinion.objects.exclude(receipt_code__startswith="0").exists()
    # The archive counter moved past the numbers given, so the next registered problem gets a fresh one.
    assert ArchiveCounter.objects.get(year=synth_city_year()).last == 89


def synth_city_year():
    from datetime import timedelta

    return (ANCHOR - timedelta(days=240)).year


def test_same_seed_same_data(db):
    def snapshot():
        return (list(Community.objects.order_by("id").values_list("name", "code", "residents")),
                list(Opinion.objects.order_by("id").values_list("content", "status", "received_on", "receipt_code")),
                list(Project.objects.order_by("id").values_list("title", "status", "deadline", "progress")))

    point = transaction.savepoint()
    SynthBuilder("city", seed=11, anchor=date(2026, 1, 1)).build()
    first = snapshot()
    transaction.savepoint_rollback(point)
    assert not Opinion.objects.exists()
    SynthBuilder("city", seed=11, anchor=date(2026, 1, 1)).build()
    assert snapshot() == first


def test_command_refuses_the_same_level_and_seed_twice(synth_city):
    with pytest.raises(CommandError):
        call_command("synth", level="city", seed=7)


def test_the_real_services_work_on_synthetic_data(synth_city):
    """Ids and sequences are right: a project set up through the service after a bulk load gets a new id."""
    from gongjian.accounts.models import User

    admin = User.objects.create_superuser("synthadmin", password="pw-123456-x")
    c = ApiClient(admin, password="pw-123456-x")
    problem = Problem.objects.filter(klass="A").first()
    unit = Unit.objects.filter(community=problem.community).first()
    r = c.post("projects", {"problem": problem.pk, "community": problem.community_id, "title": "新建项目",
                            "lead_unit": unit.pk, "handler": "王明", "handler_phone": "13800000000",
                            "deadline": "2027-01-01", "budget": "1000"})
    assert r.status_code == 201, r.content
    assert r.json()["id"] > Project.objects.exclude(pk=r.json()["id"]).order_by("-id").first().pk
