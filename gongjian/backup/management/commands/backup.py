from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongjian.backup.services import BackupError, backup_create


class Command(BaseCommand):
    help = "备份整个数据库（含审计历史）和上传的文件到一个 .tar.gz 文件"

    def add_arguments(self, parser):
        parser.add_argument("--out", help="输出目录（默认 var/backups）")

    def handle(self, *args, out=None, **options):
        try:
            archive = backup_create(out_dir=Path(out) if out else Path(settings.VAR_DIR) / "backups")
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(archive))
