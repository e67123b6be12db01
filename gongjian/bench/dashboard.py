"""`gongjian bench dashboard`: the street dashboard (figures with trend, charts, community and unit
rankings) as a street user sees it, on the data set `gongjian synth` loaded; the city dashboard for
information. Floor: the street's project figures by one raw aggregate SQL statement."""

from __future__ import annotations

from django.db import connection

from gongjian.accounts.models import Role

from . import Report, benchmark
from ._harness import (
    bench_user,
    biggest_street,
    captured_selects,
    dataset,
    in_process_latencies,
    query_count,
    raw_latencies,
    seq_scans,
)

FLOOR_SQL = (
    "SELECT count(*), count(*) FILTER (WHERE p.status = 'closed'), "
    "count(*) FILTER (WHERE p.status IN ('approved', 'in_progress') AND p.deadline < current_date) "
    "FROM projects_project p JOIN registry_community c ON c.id = p.community_id "
    "WHERE p.round_id = %s AND c.street_id = %s AND p.status IN ('approved', 'in_progress', 'completed', 'closed')")


@benchmark("dashboard")
def run(report: Report, *, samples: int = 200, **_options) -> None:
    ds = dataset()
    street = biggest_street(ds.round_id) if ds.round_id else None
    if street is None:
        report.note("no projects in this database: run `gongjian synth --level …` first")
        return
    n = max(20, samples // 4)  # a dashboard is ~15 queries: fewer samples keep the run short
    user = bench_user(Role.STREET, street=street)
    url = f"/staff/dashboard/?round={ds.round_id}"
    floor = raw_latencies(FLOOR_SQL, [(ds.round_id, street)] * n)
    report.latency("street dashboard /staff/dashboard/ (street user)", ds.level,
                   in_process_latencies([url] * n, user=user), floor, target="p95 ≤ 300 ms")
    report.figure("SQL queries per street dashboard", ds.level, str(query_count(url, user=user)))

    admin = bench_user(Role.CITY)
    # Information only, and slow at country scale (it ranks every community): few samples there.
    k, warm = (3, 0) if ds.level == "country" else (max(5, n // 4), 1)
    report.latency("city dashboard (every community; information)", ds.level,
                   in_process_latencies([url] * k, user=admin, warmup=warm))
    if connection.vendor == "postgresql":
        scans = sorted({t for sql in captured_selects(url, user=user) for t in seq_scans(sql, forbid_seqscan=False)})
        report.figure("EXPLAIN street dashboard: Seq Scan on big tables", ds.level, ", ".join(scans) or "none",
                      target="none", seq_scans=scans)
    report.note(f"street {street} (the one with the most projects in round {ds.round_id}); floor = its project "
                "figures by one raw SQL aggregate")
