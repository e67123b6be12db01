from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongjian.registry.models import Street
from gongjian.reports.monthly import Month, monthly_report_data, render_docx, render_pdf


class Command(BaseCommand):
    help = "生成月报（PDF 和 Word）：gongjian report --month 2010-11 [--street 城中街道]"

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="月份，YYYY-MM")
        parser.add_argument("--street", help="街道名称或代码；不填为全市")
        parser.add_argument("--out", help="输出目录（默认 var/reports）")

    def handle(self, *args, month, street=None, out=None, **options):
        try:
            period = Month.parse(month)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        street_obj = None
        if street:
            street_obj = Street.objects.filter(name=street).first() or Street.objects.filter(code=street).first()
            if street_obj is None:
                raise CommandError(f"街道“{street}”不存在")
        data = monthly_report_data(month=period, street=street_obj)
        folder = Path(out) if out else Path(settings.VAR_DIR) / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"月报-{data['scope_name']}-{period.year}-{period.month:02d}"
        pdf_path = folder / f"{stem}.pdf"
        docx_path = folder / f"{stem}.docx"
        pdf_path.write_bytes(render_pdf(data))
        docx_path.write_bytes(render_docx(data))
        self.stdout.write(f"本月销号 {len(data['closed'])} 个，逾期 {len(data['overdue'])} 个")
        self.stdout.write(f"{pdf_path}\n{docx_path}")
