"""`gongjian bench board`: the public board (公示) of one community — the HTML page and the API
`public/projects?community=` — on the data set `gongjian synth` loaded.

Latency in this process through django.test.Client (cache cleared before each request: "cold", the
worst case; and served from the board's exact cache: "warm"), beside the floor: the board's own rows
read by one raw SQL statement, and the bare view through the same stack. Throughput with gunicorn (2
sync workers) under wrk from a second process, beside the bare view's in the same run.
"""

from __future__ import annotations

import socket

from django.db import connection

from . import Report, benchmark
from ._harness import (
    Gunicorn,
    captured_selects,
    communities_with_projects,
    dataset,
    in_process_latencies,
    load,
    query_count,
    raw_latencies,
    seq_scans,
)

BOARD_SQL = (
    "SELECT p.id, p.round_id, p.community_id, c.name, c.street_id, b.number, p.title, p.lead_unit_id, u.name, "
    "p.handler, p.deadline, p.status, p.progress, p.key FROM projects_project p "
    "JOIN registry_community c ON c.id = p.community_id JOIN registry_unit u ON u.id = p.lead_unit_id "
    "LEFT JOIN projects_batch b ON b.id = p.batch_id "
    "WHERE p.community_id = %s AND p.status IN ('approved', 'in_progress', 'completed', 'closed') "
    "ORDER BY p.round_id DESC, p.key DESC, p.deadline, p.id LIMIT 50")


def _redis_url() -> str | None:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return "redis://127.0.0.1:6379/7"
    except OSError:
        return None


@benchmark("board")
def run(report: Report, *, samples: int = 200, http_seconds: float = 8.0, **_options) -> None:
    ds = dataset()
    if ds.round_id is None:
        report.note("no projects in this database: run `gongjian synth --level …` first")
        return
    level = ds.level
    communities = communities_with_projects(ds.round_id, 200)
    picks = (communities * (samples // max(1, len(communities)) + 1))[:samples]
    html = [f"/board/c/{c}/" for c in picks]
    api = [f"/api/v1/public/projects?community={c}" for c in picks]
    bare = ["/bench/bare/"] * samples

    floor_sql = raw_latencies(BOARD_SQL, [(c,) for c in picks])
    floor_bare = in_process_latencies(bare)
    report.latency("board HTML /board/c/<id>/ (cold: cache cleared)", level, in_process_latencies(html, clear_cache=True),
                   floor_sql, target="p95 ≤ 50 ms")
    report.latency("board HTML (warm: exact cache)", level, in_process_latencies(html), floor_bare,
                   target="p95 ≤ 50 ms")
    report.latency("board API public/projects?community=", level, in_process_latencies(api), floor_sql,
                   target="p95 ≤ 50 ms")
    report.latency("floor: bare view, same stack", level, floor_bare)
    report.note("floor of cold HTML and API = the board's rows by one raw SQL statement; of warm HTML = the bare "
                "view through the same middleware")

    # Query budget: the same number of queries for a community with few and with many projects.
    from django.db.models import Count

    from gongjian.projects.models import Project

    sizes = (Project.objects.filter(round_id=ds.round_id, status__in=Project.PUBLIC_STATUSES)
             .values("community_id").annotate(n=Count("id")).order_by("n"))
    small, large = sizes.first(), sizes.last()
    if small and large:
        from django.core.cache import cache

        cache.clear()
        counts = {k: (query_count(f"/board/c/{r['community_id']}/"),
                      query_count(f"/api/v1/public/projects?community={r['community_id']}&page_size=200"))
                  for k, r in (("small", small), ("large", large))}
        report.figure("SQL queries per board (HTML, API)", level,
                      f"{small['n']} rows: {counts['small']}; {large['n']} rows: {counts['large']}",
                      target="constant", small=counts["small"], large=counts["large"])

    if connection.vendor == "postgresql":
        scans = sorted({t for url in (html[0], api[0]) for sql in captured_selects(url) for t in seq_scans(sql, forbid_seqscan=False)})
        report.figure("EXPLAIN: Seq Scan on big tables", level, ", ".join(scans) or "none", target="none",
                      seq_scans=scans)

    # Throughput under gunicorn: the bare view and the board, side by side.
    redis = _redis_url()
    env = {"REDIS_URL": redis} if redis else {}
    hot = [f"/board/c/{c}/" for c in communities[:200]]
    api_paths = [f"/api/v1/public/projects?community={c}" for c in communities[:200]]
    with Gunicorn(workers=2, env=env) as server:
        load(server.base, ["/bench/bare/"], seconds=2)  # warm the workers
        floor = load(server.base, ["/bench/bare/"], seconds=http_seconds)
        board = load(server.base, hot, seconds=http_seconds)
        board_api = load(server.base, api_paths, seconds=http_seconds)
        proto = load(server.base, [f"/bench/board-proto/c/{c}/" for c in communities[:200]], seconds=http_seconds)
    cache_label = "Redis" if redis else "per-process memory"
    for label, result in (("HTTP board HTML, 200 communities round-robin", board),
                          ("HTTP board API, 200 communities round-robin", board_api),
                          ("HTTP board HTML, prototype: query-free cache hit", proto)):
        row = report.figure(label, level, f"{result['rps']:,.0f} req/s (p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms)",
                            target="≥ 0.5 × bare", rps=result["rps"], floor_rps=floor["rps"], errors=result["errors"],
                            tool=result["tool"])
        row.floor = f"bare view {floor['rps']:,.0f} req/s"
        row.ratio = f"{result['rps'] / floor['rps']:.2f} × bare"
        row.values["ratio"] = result["rps"] / floor["rps"]
        if result["errors"]:
            report.note(f"{label}: {result['errors']} non-2xx answers")
    report.note(f"HTTP: gunicorn 2 sync workers on 127.0.0.1, {floor['tool']}, {http_seconds:.0f} s each, cache "
                f"{cache_label}; load generator on the same 2 cores")
    report.extra["level"] = level
