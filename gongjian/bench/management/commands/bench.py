import platform
import signal
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gongjian.bench import Report, discover


class Command(BaseCommand):
    help = "性能基准：gongjian bench [all|screening|…]；打印表格并把结果写入 var/bench/"

    def add_arguments(self, parser):
        parser.add_argument("which", nargs="?", default="all", help="all 或某一项（例如 screening）")
        parser.add_argument("--opinions", type=int, default=500_000, help="合成轮次的意见数（默认 500000）")
        parser.add_argument("--communities", type=int, default=500, help="合成意见分布的社区数（默认 500）")
        parser.add_argument("--samples", type=int, default=200, help="延迟取样次数（默认 200）")
        parser.add_argument("--import-rows", type=int, default=100_000, help="导入测试的行数（0 跳过）")
        parser.add_argument("--out", default=str(Path(settings.VAR_DIR) / "bench"), help="结果目录")

    def handle(self, *args, which, out, **options):
        benchmarks = discover()
        names = sorted(benchmarks) if which == "all" else [which]
        unknown = [n for n in names if n not in benchmarks]
        if unknown:
            raise CommandError(f"没有这一项：{', '.join(unknown)}；可选：all, {', '.join(sorted(benchmarks))}")
        # A TERM (a timeout, a kill) ends the run through SystemExit, so the synthetic data is removed.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        database = f"{connection.vendor} {connection.settings_dict.get('NAME')}"
        for name in names:
            report = Report(name=name, database=connection.vendor,
                            echo=lambda line: self.stderr.write(f"  … {line}"))
            report.extra["machine"] = {"python": platform.python_version(), "cpus": _cpus(), "database": database}
            benchmarks[name](report, **options)
            self.stdout.write(f"\n== bench {name} ({database}) ==\n{report.table()}")
            path = report.write_json(Path(out))
            self.stdout.write(f"\n→ {path}")


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
