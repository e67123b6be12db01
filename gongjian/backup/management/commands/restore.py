from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongjian.backup.services import BackupError, backup_restore


class Command(BaseCommand):
    help = "从备份文件恢复：会覆盖当前数据库的全部数据！"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="gongjian backup 生成的 .tar.gz 文件")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接覆盖")

    def handle(self, *args, archive, yes=False, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"找不到备份文件：{path}")
        if not yes:
            answer = input(f"将用 {path.name} 覆盖当前数据库的全部数据，确定吗？输入 yes 继续：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消，数据库没有改动")
        try:
            counts = backup_restore(archive=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"已恢复，共 {sum(counts.values())} 行，各表行数与备份一致")
