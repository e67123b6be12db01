"""`gongjian bench api`: the opinion list API (`GET /api/v1/opinions`, bearer token) on the data set
`gongjian synth` loaded — as a street user (its communities) and as the city admin (the whole round) —
beside the floor: the same page of rows by one raw SQL statement. EXPLAIN for every filter the API
offers."""

from __future__ import annotations

from django.db import connection

from gongjian.accounts.models import Role

from . import Report, benchmark
from ._harness import (
    bearer,
    bench_user,
    biggest_street,
    captured_selects,
    dataset,
    in_process_latencies,
    query_count,
    raw_latencies,
    seq_scans,
)

_FLOOR_COLUMNS = (
    "SELECT o.id, o.round_id, o.community_id, o.channel, k.code, o.content, o.submitter_name, o.submitter_phone, "
    "o.received_on, o.status, o.problem_id, o.receipt_code, o.reject_reason, o.form_no "
    "FROM solicitation_opinion o JOIN solicitation_category k ON k.id = o.category_id ")
_FLOOR_ORDER = " ORDER BY o.received_on DESC, o.id DESC LIMIT 50 OFFSET %s"


def _floor(where: str, params_list: list[tuple]) -> list[float]:
    """The same page of rows by one raw SQL statement (no count, no ORM, no serialisation)."""
    return raw_latencies(_FLOOR_COLUMNS + "WHERE " + where + _FLOOR_ORDER, params_list)


@benchmark("api")
def run(report: Report, *, samples: int = 200, **_options) -> None:
    from gongjian.registry.models import Community

    ds = dataset()
    street = biggest_street(ds.round_id) if ds.round_id else None
    if street is None:
        report.note("no opinions in this database: run `gongjian synth --level …` first")
        return
    rid = ds.round_id
    communities = list(Community.objects.filter(street_id=street).values_list("id", flat=True))
    street_headers = {"Authorization": f"Bearer {bearer(bench_user(Role.STREET, street=street))}"}
    city_headers = {"Authorization": f"Bearer {bearer(bench_user(Role.CITY))}"}
    pages = [1 + k % 5 for k in range(samples)]
    street_urls = [f"/api/v1/opinions?round={rid}&page={p}" for p in pages]
    community_urls = [f"/api/v1/opinions?round={rid}&community={communities[k % len(communities)]}"
                      for k in range(samples)]
    city_urls = [f"/api/v1/opinions?round={rid}&page={p}" for p in pages]
    ids = ", ".join(str(c) for c in communities)
    report.latency("opinion list API, street user, pages 1–5", ds.level,
                   in_process_latencies(street_urls, headers=street_headers),
                   _floor(f"o.round_id = %s AND o.community_id IN ({ids})", [(rid, (p - 1) * 50) for p in pages]),
                   target="p95 ≤ 100 ms")
    report.latency("opinion list API, ?community=", ds.level,
                   in_process_latencies(community_urls, headers=street_headers),
                   _floor("o.round_id = %s AND o.community_id = %s",
                          [(rid, communities[k % len(communities)], 0) for k in range(samples)]),
                   target="p95 ≤ 100 ms")
    report.latency("opinion list API, city admin, whole round, pages 1–5", ds.level,
                   in_process_latencies(city_urls, headers=city_headers),
                   _floor("o.round_id = %s", [(rid, (p - 1) * 50) for p in pages]), target="p95 ≤ 100 ms")
    report.figure("SQL queries per page (page_size 5 / 200)", ds.level,
                  f"{query_count(f'/api/v1/opinions?round={rid}&page_size=5', headers=city_headers)} / "
                  f"{query_count(f'/api/v1/opinions?round={rid}&page_size=200', headers=city_headers)}",
                  target="equal")
    report.note("floor = the same page of opinions by one raw SQL statement (no count, no ORM)")

    if connection.vendor == "postgresql":
        filters = ["", f"round={rid}", f"community={communities[0]}", f"round={rid}&community={communities[0]}",
                   f"round={rid}&status=pending", f"round={rid}&channel=hotline", f"round={rid}&category=roads",
                   "status=rejected", "channel=letter", "category=roads"]
        found = {}
        for f in filters:
            for headers, who in ((street_headers, Role.STREET), (city_headers, Role.CITY)):
                for sql in captured_selects(f"/api/v1/opinions?{f}", headers=headers):
                    for table in seq_scans(sql, forbid_seqscan=False):
                        found.setdefault(f"{who}:{f or '(none)'}", set()).add(table)
        text = "; ".join(f"{k} → {', '.join(sorted(v))}" for k, v in found.items()) or "none"
        report.figure("EXPLAIN opinions filters: Seq Scan on big tables", ds.level, text, target="none",
                      seq_scans={k: sorted(v) for k, v in found.items()})
