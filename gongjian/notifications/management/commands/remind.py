from datetime import date

from django.core.management.base import BaseCommand, CommandError

from gongjian.accounts.models import User
from gongjian.notifications.services import remind


class Command(BaseCommand):
    help = ("发送到期提醒（7天内到期、已逾期、督办待回复、本月例会未开、轮值主席任期将满、会议跟进事项到期）。"
            "每条提醒只发一次；--dry-run 只列出将要发送的提醒。")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将要发送的提醒，不写入、不发送")
        parser.add_argument("--date", help="按这一天计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, dry_run=False, date=None, **options):
        day = None
        if date:
            try:
                day = _parse(date)
            except ValueError:
                raise CommandError("日期格式须为 YYYY-MM-DD") from None
        result = remind(today=day, dry_run=dry_run)
        if dry_run:
            names = dict(User.objects.filter(pk__in={r.recipient_id for r in result.new})
                         .values_list("id", "username"))
            for r in result.new:
                self.stdout.write(f"{r.kind:<18} {names.get(r.recipient_id, r.recipient_id):<14} {r.period:<12} {r.title}")
            self.stdout.write(f"将发送 {len(result.new)} 条提醒（到期 {len(result.due)} 条，其余已发过）。")
        else:
            self.stdout.write(f"已发送 {result.created} 条提醒（到期 {len(result.due)} 条，其余已发过）。")


def _parse(text: str) -> date:
    return date.fromisoformat(text)
