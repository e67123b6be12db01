"""Nothing lost (issue 11 › 5): a process killed with SIGKILL in the middle of an opinion import
leaves no partial rows, and the database file is consistent.

The import runs in a real subprocess against a file-based SQLite database in a temporary folder
(migrated first). Its progress callback reports the first saved batch — rows written inside the
import's transaction, not yet committed — and then waits, so that the kill lands mid-write every time.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

ROWS = 12_000  # six batches of IMPORT_BATCH

CHILD = textwrap.dedent('''
    import io, sys, time
    import django
    django.setup()
    from gongjian.registry.models import Community
    from gongjian.solicitation import services
    from gongjian.testing import build_small_city

    build_small_city()
    rnd = services.round_create(actor=None, name="2010年第一轮", year=2010)
    lines = ["社区,渠道,类别,内容,姓名,电话,日期"]
    lines += [f"三眼井社区,征求意见表,环境卫生,第{i}号楼道灯不亮,张三,13812345678,2010-05-01" for i in range(ROWS)]
    data = io.BytesIO("\\n".join(lines).encode("utf-8"))

    def saved(n):
        if n > 0:
            print(f"MIDWAY {n}", flush=True)
            time.sleep(60)  # the parent kills us here, with rows written and not committed

    services.opinion_import(actor=None, round=rnd, communities=Community.objects.all(), fileobj=data,
                            kind="csv", on_saved=saved)
    print("COMMITTED", flush=True)
''').replace("ROWS", str(ROWS))


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A migrated, empty database file, made once and copied for each test."""
    folder = tmp_path_factory.mktemp("migrated")
    subprocess.run([sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"], env=_env(folder),
                   check=True, timeout=240, cwd=folder)
    return folder / "import.sqlite3"


def _open(path):
    from django.db.backends.sqlite3._functions import register

    db = sqlite3.connect(path)
    register(db)  # Django's SQL functions, which the CHECK constraints call
    return db


def _env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(GONGJIAN_VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'import.sqlite3'}",
               DJANGO_SETTINGS_MODULE="gongjian.config.settings.test", PYTHONUNBUFFERED="1")
    return env


def test_killing_an_import_midway_leaves_no_partial_rows(tmp_path, migrated):
    env = _env(tmp_path)
    shutil.copy(migrated, tmp_path / "import.sqlite3")
    child = subprocess.Popen([sys.executable, "-c", CHILD], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if line.startswith("MIDWAY") or not line:
                break
        assert line.startswith("MIDWAY"), f"the import never reached its writes: {child.stderr.read()[-2000:]}"
        saved_before_kill = int(line.split()[1])
        assert saved_before_kill > 0
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    db = _open(tmp_path / "import.sqlite3")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("SELECT COUNT(*) FROM solicitation_opinion").fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM solicitation_historicalopinion").fetchone() == (0,)
        # What was committed before the import is all there.
        assert db.execute("SELECT COUNT(*) FROM solicitation_round").fetchone() == (1,)
        assert db.execute("SELECT COUNT(*) FROM registry_community").fetchone() == (3,)
    finally:
        db.close()


def test_the_same_import_completes_when_not_killed(tmp_path, migrated):
    """The same file imports completely once nothing kills the process (the test above is not vacuous)."""
    env = _env(tmp_path)
    shutil.copy(migrated, tmp_path / "import.sqlite3")
    quick = CHILD.replace("time.sleep(60)", "pass")
    done = subprocess.run([sys.executable, "-c", quick], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=240)
    assert "COMMITTED" in done.stdout, done.stderr[-2000:]
    db = _open(tmp_path / "import.sqlite3")
    try:
        assert db.execute("SELECT COUNT(*) FROM solicitation_opinion").fetchone() == (ROWS,)
    finally:
        db.close()
