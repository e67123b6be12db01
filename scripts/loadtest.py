#!/usr/bin/env python3
"""Load test of the public side: the public board and the public opinion submission (issue 11 › 6).

Plain Python, threads, loopback only, bounded in time:

    python scripts/loadtest.py http://127.0.0.1:8000 --users 200 --duration 60

Each simulated resident loops: open the board (/board/ page, then /api/v1/public/projects), and now
and then (--submit-share) submit an opinion through POST /api/v1/public/opinions, waiting --think
seconds (±50 %) between requests. Prints requests, errors, throughput and p50/p95/p99 latency per kind;
exits 1 when any request failed (a status other than 200/201, or no answer).

The server's per-address rate limits answer 429 to a single client address, and the app rightly does
not trust X-Forwarded-For; so run it against a server whose limits are raised for the test, e.g. with a
settings module on PYTHONPATH:

    from gongjian.config.settings.local import *
    DEBUG = False
    GONGJIAN_PUBLIC_OPINION_RATE = GONGJIAN_PUBLIC_TRACK_RATE = "1000000/m"
    GONGJIAN_PUBLIC_READ_RATE = ""

and a copy of the demo database with an open round (a submission with no open round answers 409).
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from urllib.parse import urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: dict[str, str] = {}
        self.retries = 0

    def retried(self):
        with self.lock:
            self.retries += 1

    def add(self, kind: str, seconds: float, ok: bool, what: str = ""):
        with self.lock:
            self.latency[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1
                self.samples.setdefault(kind, what)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def resident(host: str, port: int, stop: float, args, stats: Stats, seed: int):
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(host, port, timeout=args.timeout)

    def request(kind, method, path, body=None, ok=(200,)):
        nonlocal conn
        headers = {"Accept-Language": "zh-hans"}
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        start = time.perf_counter()
        for attempt in (1, 2):
            reused = conn.sock is not None
            try:
                conn.request(method, path, body=data, headers=headers)
                response = conn.getresponse()
                response.read()
                stats.add(kind, time.perf_counter() - start, response.status in ok, f"HTTP {response.status}")
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                return
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=args.timeout)
                # The server may close an idle keep-alive connection just as it is reused; like a
                # browser, retry a GET once on a fresh connection. A POST is never sent twice.
                if attempt == 1 and reused and method == "GET" and isinstance(
                        exc, (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected)):
                    stats.retried()
                    continue
                stats.add(kind, time.perf_counter() - start, False, f"{exc.__class__.__name__}: {exc}")
                return

    time.sleep(rng.uniform(0, args.think))  # residents do not all arrive in the same millisecond
    n = 0
    while time.monotonic() < stop:
        if rng.random() < args.submit_share:
            n += 1
            request("submit", "POST", "/api/v1/public/opinions", {
                "community": args.community, "category": args.category,
                "content": f"压力测试意见：小区{seed}号楼路灯不亮（第{n}次）"}, ok=(201,))
        elif rng.random() < 0.5:
            request("board page", "GET", "/board/")
        else:
            request("board api", "GET", f"/api/v1/public/projects?page={rng.randint(1, 3)}&page_size=20")
        if time.monotonic() < stop:
            time.sleep(args.think * rng.uniform(0.5, 1.5))
    conn.close()


def discover_community(host: str, port: int, timeout: float) -> int:
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    conn.request("GET", "/api/v1/public/projects?page_size=1")
    answer = json.loads(conn.getresponse().read() or b"{}")
    conn.close()
    for row in answer.get("results", []):
        if isinstance(row.get("community"), int):
            return row["community"]
        if isinstance(row.get("community"), dict) and "id" in row["community"]:
            return row["community"]["id"]
    raise SystemExit("no community id found on the board: pass --community")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="base URL of the server, on the loopback (http://127.0.0.1:8000)")
    parser.add_argument("--users", type=int, default=200, help="concurrent simulated residents (≤ 500)")
    parser.add_argument("--duration", type=float, default=60, help="seconds (≤ 120)")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a resident's requests")
    parser.add_argument("--submit-share", type=float, default=0.1, help="share of requests that submit")
    parser.add_argument("--community", help="community id or code for submissions (default: found on the board)")
    parser.add_argument("--category", default="sanitation", help="opinion category code")
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args(argv)

    parts = urlsplit(args.url)
    if parts.scheme != "http" or parts.hostname not in LOOPBACK:
        parser.error("loopback only: give http://127.0.0.1:PORT")
    if not 1 <= args.users <= 500 or not 0 < args.duration <= 120:
        parser.error("bounded: 1–500 users for at most 120 s")
    host, port = parts.hostname, parts.port or 80
    if args.community is None:
        args.community = discover_community(host, port, args.timeout)

    stats = Stats()
    started = time.monotonic()
    stop = started + args.duration
    threads = [threading.Thread(target=resident, args=(host, port, stop, args, stats, i), daemon=True)
               for i in range(args.users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, stop - time.monotonic() + args.timeout + 5))
    elapsed = time.monotonic() - started

    total = sum(len(v) for v in stats.latency.values())
    errors = sum(stats.errors.values())
    print(f"{args.users} users, {elapsed:.0f} s, {total} requests ({total / elapsed:.0f}/s), {errors} errors, "
          f"{stats.retries} GETs retried after the server closed an idle keep-alive connection")
    print(f"{'kind':<12} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    everything = []
    for kind in sorted(stats.latency):
        values = stats.latency[kind]
        everything += values
        print(f"{kind:<12} {len(values):>9} {stats.errors[kind]:>7} {percentile(values, 50) * 1000:>8.0f} "
              f"{percentile(values, 95) * 1000:>8.0f} {percentile(values, 99) * 1000:>8.0f} {max(values) * 1000:>8.0f}")
        if kind in stats.samples:
            print(f"    first error: {stats.samples[kind]}")
    if everything:
        print(f"{'all':<12} {len(everything):>9} {errors:>7} {percentile(everything, 50) * 1000:>8.0f} "
              f"{percentile(everything, 95) * 1000:>8.0f} {percentile(everything, 99) * 1000:>8.0f} "
              f"{max(everything) * 1000:>8.0f}   mean {statistics.fmean(everything) * 1000:.0f}")
    return 1 if errors or not total else 0


if __name__ == "__main__":
    sys.exit(main())
