"""Several processes, one PostgreSQL, one Redis (issue 10 › production deployment).

Two gunicorn servers (separate ports on 127.0.0.1, 2 sync workers each, production settings) serve
the same database: progress reports posted concurrently through both are all kept (none lost, each
in the timeline, the version counted up once per write), and of two edits made from the same page
version exactly one wins — the other gets 409. A Celery worker and two `gongjian remind` processes
run the same reminder schedule at once: each due reminder is sent once.

Runs on its own database (`gongjian_mp_test`, cloned from a migrated template), never on the test
suite's. Skipped when PostgreSQL or Redis is not reachable. Slow (about a minute): `-m slow`.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PG = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)
TEMPLATE = "gongjian_mp_template"
DB = f"gongjian_mp_test_{os.getpid()}"  # several test runs at once each get their own
QUEUE = f"mp-{os.getpid()}"  # and their own Celery queue on the shared broker
ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def _reachable(address) -> bool:
    try:
        with socket.create_connection(address, timeout=1):
            return True
    except OSError:
        return False


if not (_reachable(PG) and _reachable(REDIS)):
    pytest.skip("PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) not reachable", allow_module_level=True)


def _admin_sql(*statements: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


def _env(**extra) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "gongjian.config.settings.production",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}", "REDIS_URL": "redis://127.0.0.1:6379/12",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/11", "CELERY_TASK_ALWAYS_EAGER": "0",
            "SECRET_KEY": secrets.token_urlsafe(50), "SECURE_SSL_REDIRECT": "0", "FORCE_PASSWORD_CHANGE": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "CONN_MAX_AGE": "60", "GUNICORN_ACCESSLOG": "",
            "GONGJIAN_VAR_DIR": str(ROOT / "var" / "mp-test"), **extra}


def _manage(*args, env=None, timeout=300) -> str:
    done = subprocess.run([str(BIN / "gongjian"), *args], env=env or _env(), capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


SETUP = """
import json, secrets
from datetime import timedelta
from django.utils import timezone
from gongjian.accounts.models import ApiToken, User
from gongjian.projects.models import Project
from gongjian.synth.generator import SynthBuilder

r = SynthBuilder("city", seed=SEED).build()
p = Project.objects.filter(round_id=r.round_id, status="in_progress").order_by("id").first()
def token(user):
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=ApiToken.hash_key(key), expires_at=timezone.now() + timedelta(days=1))
    return key
unit = User.objects.create(username="mp-unit", role="unit", unit_id=p.lead_unit_id)
admin = User.objects.create(username="mp-admin", is_superuser=True, is_staff=True)
open_units = set(Project.objects.filter(status__in=["approved", "in_progress"]).values_list("lead_unit_id", flat=True))
for uid in open_units - {p.lead_unit_id}:
    User.objects.create(username=f"mp-u{uid}", role="unit", unit_id=uid)
print("SETUP" + json.dumps({"project": p.pk, "version": p.version, "unit": token(unit), "admin": token(admin)}))
"""


@pytest.fixture(scope="module")
def database():
    """A fresh copy of a migrated database, with the city-level synthetic data and two tokens."""
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(101010)")  # one run at a time migrates and copies the template
        try:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [TEMPLATE]).fetchone():
                conn.execute(f"CREATE DATABASE {TEMPLATE}")
            _manage("migrate", "--noinput", "-v0",
                    env=_env(DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{TEMPLATE}"))
            conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {DB} TEMPLATE {TEMPLATE}")
        finally:
            conn.execute("SELECT pg_advisory_unlock(101010)")
    out = _manage("shell", "-c", SETUP.replace("SEED", str(secrets.randbelow(10**6))))
    facts = json.loads(out.split("SETUP", 1)[1])
    yield facts
    _admin_sql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "gongjian.config.wsgi:application", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{self.port}", "--workers", "2"],
            env=_env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/api/v1/openapi.json", timeout=3)
                return self
            except (urllib.error.URLError, OSError):
                assert self.proc.poll() is None, self.proc.stderr.read().decode()[-3000:]
                time.sleep(0.3)
        raise AssertionError("gunicorn did not answer")

    def __exit__(self, *exc):
        _stop(self.proc)


def _stop(proc) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # this process group only: the server we started and its workers
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def call(base, method, path, token, body=None) -> tuple[int, dict]:
    request = urllib.request.Request(base + "/api/v1/" + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


@pytest.fixture(scope="module")
def servers(database):
    with Server() as a, Server() as b:
        yield a, b


def test_concurrent_progress_reports_through_two_servers_are_all_kept(database, servers):
    pid, token = database["project"], database["unit"]
    accepted, lock = [], threading.Lock()

    def post(server, worker):
        for k in range(6):
            note = f"进度 {server.port}-{worker}-{k}"
            status, body = call(server.base, "POST", f"projects/{pid}/progress", token,
                                {"percent": 10 + k * 10, "note": note})
            assert status == 201, body
            with lock:
                accepted.append(note)

    threads = [threading.Thread(target=post, args=(s, w)) for s in servers for w in range(3)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert len(accepted) == 36

    status, page = call(servers[0].base, "GET", f"projects/{pid}/progress?page_size=200", token)
    assert status == 200
    notes = [e["note"] for e in page["results"]]
    assert set(accepted) <= set(notes)  # every accepted write is in the timeline
    status, project = call(servers[1].base, "GET", f"projects/{pid}", database["admin"])
    assert project["version"] == database["version"] + 36  # each write counted once: none overwrote another


def test_two_edits_from_the_same_page_version_one_wins_the_other_gets_409(database, servers):
    pid, token = database["project"], database["admin"]
    status, project = call(servers[0].base, "GET", f"projects/{pid}", token)
    version = project["version"]
    results = []

    def edit(server, budget):
        results.append(call(server.base, "PATCH", f"projects/{pid}", token,
                            {"version": version, "budget": budget, "note": "预算调整"}))

    threads = [threading.Thread(target=edit, args=(servers[0], "1111.00")),
               threading.Thread(target=edit, args=(servers[1], "2222.00"))]
    [t.start() for t in threads]
    [t.join() for t in threads]
    codes = sorted(code for code, _ in results)
    assert codes == [200, 409], results
    winner = next(body for code, body in results if code == 200)
    status, now = call(servers[1].base, "GET", f"projects/{pid}", token)
    assert now["budget"] == winner["budget"] and now["version"] == version + 1
    # A third edit from the stale page is refused too, whichever server it reaches.
    assert call(servers[0].base, "PATCH", f"projects/{pid}", token, {"version": version, "budget": "3"})[0] == 409


def test_a_reminder_is_sent_once_when_several_workers_run_the_same_schedule(database):
    dry = _manage("remind", "--dry-run")
    due = int(dry.rsplit("将发送", 1)[1].split("条")[0])
    assert due > 0, dry
    celery = shutil.which("celery", path=str(BIN)) or "celery"
    worker = subprocess.Popen([celery, "-A", "gongjian.config", "worker", "-c", "2", "-l", "info", "-Q", QUEUE,
                               "--without-gossip",
                               "--without-mingle", "--without-heartbeat"],
                              env=_env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    log: list[str] = []
    reader = threading.Thread(target=lambda: log.extend(iter(worker.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        # Two beats' worth of the same task on the worker, and two `gongjian remind` runs, all at once.
        _manage("shell", "-c", "from gongjian.notifications.tasks import remind\n"
                               f"remind.apply_async(queue='{QUEUE}'); remind.apply_async(queue='{QUEUE}')")
        commands = [subprocess.Popen([str(BIN / "gongjian"), "remind"], env=_env(), cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
        for c in commands:
            assert c.wait(120) == 0, c.stderr.read()[-2000:]
        def finished():
            return sum("notifications.remind[" in line and "succeeded" in line for line in log)

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and finished() < 2:
            time.sleep(0.5)
        assert finished() == 2, "".join(log)[-3000:]
    finally:
        _stop(worker)
    sent = _manage("shell", "-c", "from gongjian.notifications.models import Notification\n"
                                  "print('N', Notification.objects.count())")
    assert int(sent.split("N", 1)[1]) == due
    assert "将发送 0 条提醒" in _manage("remind", "--dry-run")
