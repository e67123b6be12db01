from django.core.management.base import BaseCommand

from gongjian.accounts.models import User
from gongjian.demo.city import DEMO_LOGINS, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "载入演示城市（应城市 2010 年的数据）；已载入则不重复。"

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="数据库里已有用户时什么也不做（make run 用）")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and User.objects.exists() and not User.objects.filter(username="admin").exists():
            self.stdout.write("数据库已有数据，不载入演示城市。")
            return
        if load_demo(out=self.stdout.write):
            self.stdout.write(self.style.SUCCESS("演示城市已载入。"))
        else:
            self.stdout.write("演示城市已经载入过了。")
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, _role, label in DEMO_LOGINS:
            self.stdout.write(f"  {username:<12} {label}")
        self.stdout.write("\n工作人员登录：http://127.0.0.1:8000/staff/login/   居民页面：http://127.0.0.1:8000/\n")
