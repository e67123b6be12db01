from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gongjian.synth.generator import LEVELS, SynthBuilder
from gongjian.synth.models import SynthRun


class Command(BaseCommand):
    help = "合成数据：gongjian synth --level city|province|country [--seed N]（批量写入，PostgreSQL 用 COPY）"

    def add_arguments(self, parser):
        parser.add_argument("--level", choices=sorted(LEVELS), default="city", help="规模（默认 city）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子：同一种子和基准日期得到同样的数据")
        parser.add_argument("--anchor", type=date.fromisoformat, default=None,
                            help="基准日期 YYYY-MM-DD（默认今天）：数据里的“今天”，决定哪些项目逾期")
        parser.add_argument("--scale", type=float, default=1.0, help="按比例缩小（试跑用，默认 1）")

    def handle(self, *args, level, seed, anchor, scale, **options):
        if SynthRun.objects.filter(level=level, seed=seed).exists():
            raise CommandError(f"这个数据库里已有 {level} 规模、种子 {seed} 的合成数据；换一个种子或换一个空数据库")
        if level != "city" and connection.vendor != "postgresql":
            self.stderr.write("提示：省级、全国规模请在 PostgreSQL 上运行（DATABASE_URL=postgres://…）")
        self.stdout.write(f"合成 {level} 规模数据（种子 {seed}，{connection.vendor}）…")
        result = SynthBuilder(level, seed=seed, anchor=anchor, out=self.stdout.write, scale=scale).build()
        total = sum(result.counts.values())
        self.stdout.write(f"完成：{total:,} 行，用时 {result.seconds:.1f} 秒（{total / max(result.seconds, 1e-9):,.0f} 行/秒）")
        for step, seconds in result.timings.items():
            self.stdout.write(f"  {step:<24} {seconds:>8.1f} s")
        for table, n in sorted(result.counts.items(), key=lambda kv: -kv[1]):
            self.stdout.write(f"  {table:<40} {n:>12,}")
