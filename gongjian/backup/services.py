"""Backup and restore 备份与恢复: the whole database (every record and its audit history) and the
uploaded files, in one .tar.gz with a manifest of row counts that the restore checks.

SQLite is copied with SQLite's online backup API (a consistent copy while the app runs);
PostgreSQL with pg_dump / pg_restore in the custom format.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT_VERSION = 1


class BackupError(Exception):
    pass


def row_counts() -> dict[str, int]:
    """Rows per model (audit history tables included: they are models too)."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.label] = model._base_manager.using("default").count()
    return counts


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def _pg_env() -> tuple[list[str], dict]:
    s = connection.settings_dict
    args = ["--dbname", s["NAME"]]
    if s.get("HOST"):
        args += ["--host", s["HOST"]]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", s["USER"]]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return args, env


def backup_create(*, out_dir: Path) -> Path:
    """Write gongjian-backup-<time>.tar.gz into out_dir and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = out_dir / f"gongjian-backup-{stamp}.tar.gz"
    engine = _engine()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if engine == "sqlite":
            db_file = tmp_path / "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(db_file)
            with target:
                connection.connection.backup(target)
            target.close()
        elif engine == "postgresql":
            db_file = tmp_path / "database.pgdump"
            args, env = _pg_env()
            result = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args,
                                     "--file", str(db_file)], env=env, capture_output=True, text=True)
            if result.returncode != 0:
                raise BackupError(f"pg_dump 失败：{result.stderr.strip()}")
        else:
            raise BackupError(f"不支持的数据库：{engine}")
        manifest = {"format": FORMAT_VERSION, "engine": engine, "created_at": timezone.now().isoformat(),
                    "database_file": db_file.name, "counts": row_counts()}
        (tmp_path / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(tmp_path / "manifest.json", arcname="manifest.json")
            tar.add(db_file, arcname=db_file.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                tar.add(media, arcname="media")
        partial.rename(archive)  # a half-written archive never carries the final name
    return archive


def backup_restore(*, archive: Path) -> dict[str, int]:
    """Replace the database (and uploaded files) with the archive's; return the restored row counts.

    Raises BackupError when the archive is not ours, is for another engine, or the counts differ.
    """
    engine = _engine()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(tmp_path, filter="data")
        try:
            manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BackupError("不是共建的备份文件（缺少 manifest.json）") from None
        if manifest.get("engine") != engine:
            raise BackupError(f"备份来自 {manifest.get('engine')} 数据库，当前是 {engine}，不能直接恢复")
        db_file = tmp_path / manifest["database_file"]
        if engine == "sqlite":
            source = sqlite3.connect(db_file)
            connection.ensure_connection()
            with source:
                source.backup(connection.connection)
            source.close()
        else:
            connection.close()
            args, env = _pg_env()
            result = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                                     "--single-transaction", *args, str(db_file)],
                                    env=env, capture_output=True, text=True)
            if result.returncode != 0:
                raise BackupError(f"pg_restore 失败：{result.stderr.strip()}")
        media = tmp_path / "media"
        if media.is_dir():
            target = Path(settings.MEDIA_ROOT)
            target.mkdir(parents=True, exist_ok=True)
            shutil.copytree(media, target, dirs_exist_ok=True)
    counts = row_counts()
    expected = manifest["counts"]
    differing = {k: (v, counts.get(k)) for k, v in expected.items() if counts.get(k) != v}
    if differing:
        raise BackupError(f"恢复后的行数与备份不一致：{differing}")
    return counts
