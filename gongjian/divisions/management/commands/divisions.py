"""gongjian divisions install | search 应城 | streets --county 420981 | load --county 420981 [--streets 001,002]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongjian.core.errors import error_text
from gongjian.divisions import services, source


class Command(BaseCommand):
    help = "全国行政区划：安装数据、按名称查县级行政区代码、列出街道/乡镇、把街道和社区载入基础台账"

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("install", help=f"下载 {source.PACKAGE} {source.VERSION} 并保留 CSV 文件")
        search = commands.add_parser("search", help="按名称查县级行政区（如 应城）")
        search.add_argument("text")
        streets = commands.add_parser("streets", help="列出一个县级行政区的街道/乡镇")
        streets.add_argument("--county", required=True, help="6 位代码，如 420981")
        load = commands.add_parser("load", help="载入街道/乡镇及其社区/村")
        load.add_argument("--county", required=True, help="6 位代码，如 420981")
        load.add_argument("--streets", default=None, help="只载入这些街道，如 001,002（默认全部）")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except source.DivisionsUnavailable as exc:
            raise CommandError(exc.message) from None
        except ValidationError as exc:
            raise CommandError(error_text(exc)) from None

    def _install(self, **options):
        self.stdout.write(f"全国行政区划数据在 {source.data_dir()}")

    def _search(self, *, text, **options):
        found = source.counties_search(text)
        if not found:
            raise CommandError(f"没有名称含“{text}”的县级行政区")
        for county in found:
            self.stdout.write(f"{county.code}  {county.full_name}")

    def _streets(self, *, county, **options):
        found = services.county_or_error(county)
        for street in source.streets_of(found.code):
            self.stdout.write(f"{street.code[-3:]}  {street.code}  {street.name}")

    def _load(self, *, county, streets, **options):
        result = services.divisions_load(county=county, streets=streets, actor=None)
        self.stdout.write(self.style.SUCCESS(result.summary()))
