"""Query discipline (issue 10): a list page or API list runs the same number of SQL queries for 5 rows
as for 50; on PostgreSQL every filter the public board and the lists offer is served by an index (a
Seq Scan over a big table fails, with the planner told to avoid them — on a small test database a Seq
Scan is otherwise cheaper even where an index exists)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongjian.accounts.models import User
from gongjian.bench._harness import captured_selects, seq_scans
from gongjian.projects.models import Project
from gongjian.registry.models import Community
from gongjian.synth.generator import SynthBuilder
from gongjian.testing import ApiClient, site_visited

PASSWORD = "synth-pw-2010x"

# (path, query string) of the list endpoints; each is asked with page_size 5 and 50.
API_LISTS = ["public/projects", "projects", "opinions", "problems", "units", "communities", "streets",
             "solicitations", "rounds", "members", "activities", "public/activities"]


@pytest.fixture
def world(db):
    result = SynthBuilder("city", seed=5, anchor=date(2026, 6, 30), scale=2).build()
    # One community gets 60 more published projects (the other communities have a handful).
    rows = list(Project.objects.filter(status="in_progress").order_by("id")[:1])
    big = rows[0].community_id
    copies = []
    for i in range(60):
        p = Project.objects.get(pk=rows[0].pk)
        p.pk = None
        p.title = f"{p.title}（{i}）"
        copies.append(p)
    Project.objects.bulk_create(copies)
    admin = User.objects.create_superuser("synth-admin", password=PASSWORD)
    street_user = User.objects.create_user("synth-street", password=PASSWORD, role="street",
                                           street_id=Community.objects.get(pk=big).street_id)
    return {"round": result.round_id, "big": big, "admin": admin, "street": street_user}


def _small_community(world) -> int:
    from django.db.models import Count

    return (Project.objects.filter(round_id=world["round"], status__in=Project.PUBLIC_STATUSES)
            .exclude(community_id=world["big"]).values("community_id").annotate(n=Count("id"))
            .order_by("n", "community_id").first()["community_id"])


def _queries(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return len(ctx.captured_queries), response


def test_public_board_page_runs_the_same_queries_for_few_and_many_projects(world, client):
    small = _small_community(world)
    site_visited()
    few, r1 = _queries(client, f"/board/c/{small}/")
    many, r2 = _queries(client, f"/board/c/{world['big']}/")
    assert r2.content.count(b"/board/p/") >= 50 > r1.content.count(b"/board/p/")
    assert few == many


@pytest.mark.parametrize("path", API_LISTS)
def test_api_list_runs_the_same_queries_for_5_and_50_rows(world, path):
    api = ApiClient(world["admin"], password=PASSWORD)
    url = f"/api/v1/{path}"
    probe = api.get(url, {"page_size": 50})
    if probe.status_code == 404:
        pytest.skip(f"{path} is not installed")
    assert probe.status_code == 200, probe.content[:300]
    sep = "&" if "?" in url else "?"
    with CaptureQueriesContext(connection) as small:
        r5 = api.client.get(f"{url}{sep}page_size=5", **api.headers)
    with CaptureQueriesContext(connection) as large:
        r50 = api.client.get(f"{url}{sep}page_size=50", **api.headers)
    assert r5.status_code == r50.status_code == 200
    n5, n50 = len(r5.json()["results"]), len(r50.json()["results"])
    assert n5 == min(5, r5.json()["count"]) and n50 == min(50, r50.json()["count"])
    assert len(small.captured_queries) == len(large.captured_queries), (
        f"{path}: {len(small.captured_queries)} queries for {n5} rows, {len(large.captured_queries)} for {n50}")


def test_public_board_filters_query_counts_do_not_grow(world, client):
    for query in ("community={big}", "street={street}", "round={round}", "status=in_progress"):
        url = "/api/v1/public/projects?" + query.format(big=world["big"], round=world["round"],
                                                       street=world["street"].street_id)
        n5, _ = _queries(client, url + "&page_size=5")
        n50, _ = _queries(client, url + "&page_size=50")
        assert n5 == n50, url


# ------------------------------------------------------------------ EXPLAIN (PostgreSQL only)

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN checks run on PostgreSQL")


@postgres_only
def test_every_public_board_filter_is_served_by_an_index(world):
    rid, big, street = world["round"], world["big"], world["street"].street_id
    urls = [f"/board/c/{big}/", f"/board/c/{big}/?round={rid}"]
    urls += [f"/api/v1/public/projects?{q}" for q in (
        f"community={big}", f"community={big}&round={rid}", f"street={street}", f"street={street}&round={rid}",
        f"round={rid}", "status=closed", f"community={big}&status=in_progress", f"round={rid}&status=approved")]
    bad = {url: scans for url in urls for sql in captured_selects(url) if (scans := seq_scans(sql))}
    assert not bad, f"Seq Scan on a big table: {bad}"


@postgres_only
def test_every_opinion_and_project_list_filter_is_served_by_an_index(world):
    from gongjian.bench._harness import bearer

    rid, big = world["round"], world["big"]
    filters = {
        "opinions": [f"round={rid}", f"community={big}", f"round={rid}&community={big}", f"round={rid}&status=pending",
                     f"round={rid}&channel=hotline", f"round={rid}&category=roads", f"round={rid}&q=路灯", "",
                     "status=rejected", "channel=letter"],
        "projects": [f"round={rid}", f"community={big}", f"round={rid}&status=in_progress", "status=closed", ""],
        "problems": [f"round={rid}", f"community={big}", f"round={rid}&community={big}"],
    }
    bad = {}
    for who in ("admin", "street"):
        headers = {"Authorization": f"Bearer {bearer(world[who])}"}
        for path, queries in filters.items():
            for q in queries:
                url = f"/api/v1/{path}?{q}"
                for sql in captured_selects(url, headers=headers):
                    if scans := seq_scans(sql):
                        bad.setdefault(f"{who} {url}", set()).update(scans)
    assert not bad, f"Seq Scan on a big table: {bad}"
