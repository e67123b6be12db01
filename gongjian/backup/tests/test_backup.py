"""Backup and restore round-trip every record and the audit history."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongjian.backup.services import BackupError, backup_create, backup_restore, row_counts
from gongjian.registry.models import Unit
from gongjian.registry.services import unit_create


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_every_record_and_its_history(tmp_path):
    from gongjian.testing import build_small_city

    city = build_small_city()
    unit_create(actor=city.city_user, community=city.community, name="三眼井便民超市")
    before = row_counts()
    archive = backup_create(out_dir=tmp_path)

    Unit.history.all().delete()
    Unit.objects.filter(name="三眼井便民超市").delete()
    assert row_counts() != before

    restored = backup_restore(archive=archive)
    assert restored == before
    assert Unit.objects.filter(name="三眼井便民超市").exists()
    assert Unit.history.filter(name="三眼井便民超市", history_type="+").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    import tarfile

    bogus = tmp_path / "bogus.tar.gz"
    (tmp_path / "x.txt").write_text("x")
    with tarfile.open(bogus, "w:gz") as tar:
        tar.add(tmp_path / "x.txt", arcname="x.txt")
    with pytest.raises(BackupError):
        backup_restore(archive=bogus)


@pytest.mark.django_db(transaction=True)
def test_restore_command_asks_before_overwriting(tmp_path, monkeypatch):
    archive = backup_create(out_dir=tmp_path)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="已取消"):
        call_command("restore", str(archive))
