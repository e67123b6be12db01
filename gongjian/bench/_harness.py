"""What the board, dashboard and api benchmarks share: which data set is loaded (the newest
`gongjian synth` run), users and tokens to ask as, in-process latency with django.test.Client, HTTP
throughput with gunicorn (2 sync workers) under wrk — or a bounded Python load generator when wrk is
not installed — and EXPLAIN checks.

A module whose name starts with "_" is not a benchmark (see `discover`)."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from . import percentile

# The big tables: a Seq Scan over one of these in a page's query is a defect.
BIG_TABLES = ("solicitation_opinion", "solicitation_problem", "projects_project", "projects_rating",
              "projects_progressreport", "projects_projectevent", "projects_publishedsnapshot", "registry_unit",
              "registry_community", "members_member")

BENCH_SETTINGS = "gongjian.bench._settings"
IN_PROCESS = dict(ROOT_URLCONF="gongjian.bench._urls", DEBUG=False, GONGJIAN_PUBLIC_READ_RATE="",
                  GONGJIAN_OPEN311_READ_RATE="",
                  ALLOWED_HOSTS=["testserver", "127.0.0.1", "localhost"])


@dataclass
class DataSet:
    level: str
    round_id: int | None
    seed: int | None = None


def dataset() -> DataSet:
    """The newest synthetic data set, else the round with the most projects (e.g. the demo city)."""
    from gongjian.projects.models import Project

    try:
        from gongjian.synth.models import SynthRun

        run = SynthRun.objects.order_by("-id").first()
    except Exception:  # noqa: BLE001 — the synth app may not be migrated on this database
        run = None
    if run is not None and run.round_id:
        return DataSet(run.level, run.round_id, run.seed)
    from django.db.models import Count

    top = Project.objects.values("round_id").annotate(n=Count("id")).order_by("-n").first()
    return DataSet("ad hoc", top["round_id"] if top else None)


def communities_with_projects(round_id: int, n: int) -> list[int]:
    """`n` communities spread over the round's communities that have public projects."""
    from gongjian.projects.models import Project

    ids = sorted(set(Project.objects.filter(round_id=round_id, status__in=Project.PUBLIC_STATUSES)
                     .values_list("community_id", flat=True)))
    if not ids:
        return []
    step = max(1, len(ids) // n)
    return ids[::step][:n]


def biggest_street(round_id: int) -> int | None:
    from django.db.models import Count

    from gongjian.projects.models import Project

    row = (Project.objects.filter(round_id=round_id).values("community__street_id").annotate(n=Count("id"))
           .order_by("-n").first())
    return row["community__street_id"] if row else None


def bench_user(role: str, *, street=None, community=None, unit=None):
    """A user to ask as, made once per database (username `bench-<role>-<scope id>`)."""
    from gongjian.accounts.models import User

    scope = street or community or unit
    username = f"bench-{role}-{scope or 0}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, role=role, street_id=street, community_id=community, unit_id=unit,
                    is_superuser=False)
        user.set_unusable_password()
        user.save()
    return user


def bearer(user) -> str:
    from gongjian.accounts.models import ApiToken

    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=ApiToken.hash_key(key), expires_at=timezone.now() + timedelta(days=1))
    return key


def in_process_latencies(urls: list[str], *, user=None, headers: dict | None = None, clear_cache: bool = False,
                         warmup: int = 5) -> list[float]:
    """Milliseconds per GET through the whole Django stack (middleware, URL routing, view, template),
    in this process. Every answer must be 200."""
    from django.core.cache import cache

    out = []
    with override_settings(**IN_PROCESS):
        client = Client(headers=headers or {})
        if user is not None:
            client.force_login(user)
        for url in urls[:warmup]:
            client.get(url)
        for url in urls:
            if clear_cache:
                cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            out.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} → {response.status_code}: {response.content[:300]!r}")
    return out


def query_count(url: str, *, user=None, headers: dict | None = None) -> int:
    with override_settings(**IN_PROCESS):
        client = Client(headers=headers or {})
        if user is not None:
            client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def raw_latencies(sql: str, params_list: list[tuple]) -> list[float]:
    out = []
    with connection.cursor() as cursor:
        for params in params_list:
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            out.append((time.perf_counter() - started) * 1000)
    return out


def captured_selects(url: str, *, user=None, headers: dict | None = None) -> list[str]:
    """The SELECT statements a GET of `url` runs, as executed (parameters inlined by the backend)."""
    with override_settings(**IN_PROCESS):
        client = Client(headers=headers or {})
        if user is not None:
            client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]


def seq_scans(sql: str, *, forbid_seqscan: bool = True) -> list[str]:
    """The big tables a PostgreSQL plan of `sql` reads with a Seq Scan. With `forbid_seqscan` the planner
    is told to avoid sequential scans, so one that remains means no index can serve the query (this is
    how a small test database is checked: there a Seq Scan is cheaper even when an index exists)."""
    with connection.cursor() as cursor:
        if forbid_seqscan:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(r[0] for r in cursor.fetchall())
        if forbid_seqscan:
            cursor.execute("SET LOCAL enable_seqscan = on")
    found = [t for t in BIG_TABLES if re.search(rf"Seq Scan on {t}\b", plan)]
    if forbid_seqscan:
        found += [f"{t} (whole index, filtered)" for t in _filtered_full_index_scans(plan) if t in BIG_TABLES]
    return found


_NODE = re.compile(r"(?:Index|Index Only) Scan(?: Backward)? using \S+ on (\w+)")


def _filtered_full_index_scans(plan: str) -> list[str]:
    """Tables read through a whole index with a Filter and no Index Cond: what a planner told not to
    Seq Scan does when no index serves the filter."""
    out, lines = [], plan.splitlines()
    for i, line in enumerate(lines):
        m = _NODE.search(line)
        if not m:
            continue
        depth = len(line) - len(line.lstrip())
        details = []
        for nxt in lines[i + 1:]:
            if "->" in nxt or (len(nxt) - len(nxt.lstrip())) <= depth:
                break
            details.append(nxt.strip())
        if any(d.startswith("Filter:") for d in details) and not any(d.startswith("Index Cond:") for d in details):
            out.append(m.group(1))
    return out


# ------------------------------------------------------------------ HTTP: gunicorn + wrk

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn on 127.0.0.1 with `workers` sync workers and the bench settings (production settings with
    the bare view mounted and the public read limit off); stopped on exit, by its own pid."""

    def __init__(self, workers: int = 2, env: dict | None = None):
        self.port = _free_port()
        self.workers = workers
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS,
                    "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
                    "SECURE_SSL_REDIRECT": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost",
                    "FORCE_PASSWORD_CHANGE": "0", "GUNICORN_ACCESSLOG": "", **(env or {})}
        self.proc = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
        self.proc = subprocess.Popen(
            [gunicorn, "gongjian.config.wsgi:application", "-c", _conf_path(), "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--worker-class", "sync", "--log-level", "warning"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/bench/bare/", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("gunicorn exited: " + self.proc.stderr.read().decode()[-2000:]) from None
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer within 30 s")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the master and its own workers only
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)


def _conf_path() -> str:
    from django.conf import settings

    return str(settings.BASE_DIR / "deploy" / "gunicorn.conf.py")


_WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
_WRK_LAT = re.compile(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_WRK_NON2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")


def load(base: str, paths: list[str], *, seconds: float = 8.0, connections: int = 32) -> dict:
    """Requests per second against `paths` (round-robin over them) for `seconds`, from a second process:
    wrk when installed, else a bounded Python load generator. {'rps', 'p50_ms', 'p99_ms', 'errors', 'tool'}"""
    wrk = shutil.which("wrk")
    if wrk:
        script = None
        args = [wrk, "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--latency"]
        if len(paths) > 1:
            import tempfile

            listed = ", ".join(f'"{p}"' for p in paths)
            script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
            script.write(f"local paths = {{{listed}}}\nlocal i = 0\n"
                         "request = function()\n  i = i % #paths + 1\n"
                         "  return wrk.format(nil, paths[i])\nend\n")
            script.close()
            args += ["-s", script.name]
        args.append(base + paths[0])
        try:
            out = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 30).stdout
        finally:
            if script:
                os.unlink(script.name)
        lat = {p: float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u] for p, v, u in _WRK_LAT.findall(out)}
        non2xx = _WRK_NON2XX.search(out)
        return {"rps": float(_WRK_RATE.search(out).group(1)), "p50_ms": lat.get("50"), "p99_ms": lat.get("99"),
                "errors": int(non2xx.group(1)) if non2xx else 0, "tool": f"wrk -t2 -c{connections}"}
    return _python_load(base, paths, seconds=seconds, threads=min(connections, 16))


def _python_load(base: str, paths: list[str], *, seconds: float, threads: int) -> dict:
    """A bounded load generator in a separate process: `threads` keep-alive clients for `seconds`."""
    code = (
        "import http.client, sys, threading, time, json\n"
        "host, port = sys.argv[1], int(sys.argv[2]); secs = float(sys.argv[3]); n = int(sys.argv[4])\n"
        "paths = sys.argv[5:]; stop = time.monotonic() + secs; lat = []; err = [0]; lock = threading.Lock()\n"
        "def run(k):\n"
        "    c = http.client.HTTPConnection(host, port, timeout=10); i = k; mine = []\n"
        "    while time.monotonic() < stop:\n"
        "        t = time.perf_counter(); c.request('GET', paths[i % len(paths)]); r = c.getresponse(); r.read()\n"
        "        mine.append((time.perf_counter() - t) * 1000); i += 1\n"
        "        if r.status != 200: err[0] += 1\n"
        "    with lock: lat.extend(mine)\n"
        "ts = [threading.Thread(target=run, args=(k,)) for k in range(n)]; t0 = time.monotonic()\n"
        "[t.start() for t in ts]; [t.join() for t in ts]; el = time.monotonic() - t0; lat.sort()\n"
        "print(json.dumps({'rps': len(lat) / el, 'p50_ms': lat[len(lat) // 2], 'p99_ms': lat[int(len(lat) * .99)],"
        " 'errors': err[0]}))\n")
    host, port = base.removeprefix("http://").split(":")
    out = subprocess.run([sys.executable, "-c", code, host, port, str(seconds), str(threads), *paths],
                         capture_output=True, text=True, timeout=seconds + 60)
    import json

    result = json.loads(out.stdout)
    result["tool"] = f"python threads={threads}"
    return result


def p(values: list[float], q: float) -> float:
    return percentile(values, q)
