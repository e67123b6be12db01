"""The monthly report 月报 for the city or one street: figures, what was closed, what is overdue and
who holds it, notable items — as printable PDF (WeasyPrint, Chinese fonts embedded) and .docx."""

from __future__ import annotations

import calendar
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q
from django.template.loader import render_to_string

from gongjian.citysetup.selectors import city_profile
from gongjian.projects.models import Project, ProjectEvent
from gongjian.registry.models import Street
from gongjian.solicitation.models import Opinion

from .selectors import _rate


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        try:
            year, month = (int(part) for part in text.split("-"))
            date(year, month, 1)
        except (ValueError, TypeError):
            raise ValueError(f"月份格式须为 YYYY-MM，例如 2010-11（收到：{text}）") from None
        return cls(year, month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def bounds(self) -> tuple[datetime, datetime]:
        tz = ZoneInfo(settings.TIME_ZONE)
        return (datetime.combine(self.first, time.min, tz), datetime.combine(self.last, time.max, tz))

    def __str__(self):
        return f"{self.year}年{self.month}月"


def monthly_report_data(*, month: Month, street: Street | None = None) -> dict:
    """Everything the report shows; a handful of queries whatever the size of the city."""
    start, end = month.bounds()
    where = Q(community__street=street) if street else Q()
    projects = Project.objects.filter(where)
    closed = list(projects.filter(closed_at__range=(start, end)).select_related("community", "lead_unit")
                  .order_by("closed_at"))
    approved = projects.filter(approved_at__range=(start, end)).count()
    # Overdue at the end of the month: past the deadline then and not yet done by then.
    overdue = list(projects.filter(approved_at__lte=end, deadline__lt=month.last)
                   .filter(Q(completed_at__isnull=True) | Q(completed_at__gt=end))
                   .select_related("community", "lead_unit").order_by("deadline")[:200])
    in_progress = projects.filter(approved_at__lte=end).filter(Q(closed_at__isnull=True) | Q(closed_at__gt=end)).count()
    opinions = Opinion.objects.filter(where, received_on__range=(month.first, month.last)).aggregate(
        total=Count("id"), rejected=Count("id", filter=Q(status=Opinion.Status.REJECTED)))
    events = (ProjectEvent.objects.filter(project__in=projects, created_at__range=(start, end))
              .values("action").annotate(n=Count("id")))
    event_counts = {e["action"]: e["n"] for e in events}
    total_to_date = projects.filter(approved_at__lte=end).count()
    closed_to_date = projects.filter(closed_at__lte=end).count()
    return {
        "month": month,
        "scope_name": street.name if street else city_profile().name,
        "city_name": city_profile().name,
        "opinions": opinions["total"],
        "opinions_rejected": opinions["rejected"],
        "approved": approved,
        "closed": closed,
        "overdue": overdue,
        "in_progress": in_progress,
        "progress_reports": event_counts.get("progress", 0),
        "returns": event_counts.get("return", 0),
        "total_to_date": total_to_date,
        "closed_to_date": closed_to_date,
        "completion_rate": _rate(closed_to_date, total_to_date),
        "key_closed": [p for p in closed if p.is_key],
    }


def render_pdf(data: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reports/monthly.html", data)
    return HTML(string=html).write_pdf()


def render_docx(data: dict) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    doc.add_heading(f"{data['scope_name']}社区共驻共建工作月报（{data['month']}）", level=1)
    doc.add_paragraph(
        f"本月收到意见建议 {data['opinions']} 条（不予采纳 {data['opinions_rejected']} 条）；"
        f"新公示办实事项目 {data['approved']} 个，销号 {len(data['closed'])} 个，月末在办 {data['in_progress']} 个，"
        f"逾期 {len(data['overdue'])} 个；累计公示 {data['total_to_date']} 个，累计销号 {data['closed_to_date']} 个。")
    sections = [
        ("本月销号项目", ["社区", "项目", "牵头单位", "销号日期"],
         [[p.community.name, p.title, p.lead_unit.name, p.closed_at.astimezone().strftime("%Y-%m-%d")]
          for p in data["closed"]]),
        ("逾期项目及责任单位", ["社区", "项目", "牵头单位", "承办人", "完成时限"],
         [[p.community.name, p.title, p.lead_unit.name, p.handler, p.deadline.isoformat()] for p in data["overdue"]]),
    ]
    for title, headers, rows in sections:
        doc.add_heading(title, level=2)
        if not rows:
            doc.add_paragraph("无")
            continue
        table = doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = text
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = str(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
