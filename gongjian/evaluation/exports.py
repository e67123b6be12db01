"""Assessment tables as Excel (.xlsx) and printable PDF (A4, Chinese fonts embedded).

Rows start from what the user may see (permissions.assessed_units / assessed_communities); ranks are over
the whole street and city. Text cells that a spreadsheet would read as a formula (= + - @, tab, CR) are
prefixed with a quote (formula injection). The PDF is rendered by WeasyPrint, which embeds the subset of
the system's Noto CJK font it uses (Debian: fonts-noto-cjk; pango for the layout).
"""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gongjian.core.xlsx import safe_cell

from . import scoring
from .permissions import assessed_communities, assessed_units

UNIT_HEADERS = [
    ("全市排名", 9), ("街道排名", 9), ("街道", 12), ("社区", 14), ("单位", 30),
    ("项目完成率", 11), ("按时完成率", 11), ("群众满意率", 11), ("社区评议得分", 13), ("共建活动参与", 13),
    ("督办通报(次)", 12), ("总分", 9), ("计算公式", 60),
]
COMMUNITY_HEADERS = [
    ("街道排名", 9), ("全市排名", 9), ("街道", 12), ("社区", 16),
    ("辖区单位评议得分", 16), ("项目完成率", 11), ("联席会议按时召开", 16), ("总分", 9), ("计算公式", 60),
]


def _rate(term: scoring.Term, display: bool):
    if display:
        return term.value_display
    return term.value if term.has_data else term.no_data


def _points(term: scoring.Term, display: bool):
    """An evaluation term as points out of 100 ("评议人数不足" where too few units rated a community)."""
    if not term.has_data:
        return term.no_data
    return f"{term.value * 100:.2f}" if display else round(term.value * 100, 2)


def _total(s: scoring.Score, display: bool):
    if display:
        return s.total_display
    return s.total if s.total is not None else "暂无数据"


def _rank(rank: int | None, display: bool):
    return ("—" if rank is None else str(rank)) if display else rank


def unit_rows(scores: list[scoring.Score], display: bool = False) -> list[list]:
    rows = []
    for s in scores:
        t = {term.key: term for term in s.terms}
        warnings = t["warnings"]
        rows.append([
            _rank(s.rank_city, display), _rank(s.rank_street, display), s.street_name, s.community_name, s.name,
            _rate(t["completion"], display), _rate(t["timeliness"], display), _rate(t["satisfaction"], display),
            _points(t["evaluation"], display), _rate(t["participation"], display),
            (str(int(warnings.value)) if display else int(warnings.value)) if warnings.has_data else "暂无数据",
            _total(s, display), s.formula,
        ])
    return rows


def community_rows(scores: list[scoring.Score], display: bool = False) -> list[list]:
    rows = []
    for s in scores:
        t = {term.key: term for term in s.terms}
        rows.append([
            _rank(s.rank_street, display), _rank(s.rank_city, display), s.street_name, s.name,
            _points(t["rating"], display), _rate(t["completion"], display), _rate(t["meetings"], display),
            _total(s, display), s.formula,
        ])
    return rows


def _scores(year: int, kind: str, user, street_id: int | None):
    if kind == "units":
        qs = assessed_units(user)
        if street_id:
            qs = qs.filter(community__street_id=street_id)
        return scoring.unit_scores(year, qs)
    qs = assessed_communities(user)
    if street_id:
        qs = qs.filter(street_id=street_id)
    return sorted(scoring.community_scores(year, qs),
                  key=lambda s: (s.street_id, s.rank_street is None, s.rank_street or 0, s.name))


def xlsx(year: int, kind: str, scores: list[scoring.Score], weights: scoring.Weights) -> bytes:
    headers = UNIT_HEADERS if kind == "units" else COMMUNITY_HEADERS
    rows = unit_rows(scores) if kind == "units" else community_rows(scores)
    percent_columns = ({"项目完成率", "按时完成率", "群众满意率", "共建活动参与"} if kind == "units"
                       else {"项目完成率", "联席会议按时召开"})
    book = Workbook()
    sheet = book.active
    sheet.title = "单位考核" if kind == "units" else "社区考核"
    sheet.append([h for h, _w in headers])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EFEFEA")
    for col, (_header, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=col)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = width
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    for col, (header, _w) in enumerate(headers, start=1):
        if header in percent_columns:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                if isinstance(cell.value, float):
                    cell.number_format = "0.0%"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions

    notes = book.create_sheet("计算说明")
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 12
    notes.column_dimensions["C"].width = 70
    notes.append(["项目", "权重", "说明"])
    for cell in notes[1]:
        cell.font, cell.fill = bold, fill
    notes.freeze_panes = "A2"
    terms = (scoring.UNIT_TERMS + [scoring.WARNINGS_TERM]) if kind == "units" else scoring.COMMUNITY_TERMS
    for _key, label, weight_field, explanation in terms:
        notes.append([safe_cell(label), float(weights[weight_field]), safe_cell(explanation)])
    notes.append([])
    notes.append(["计算公式", "", scoring.FORMULA if kind == "units" else scoring.COMMUNITY_FORMULA])
    notes.append(["年度", year, "（未设置本年度权重，使用默认权重）" if weights.is_default else ""])
    notes.append(["生成时间", "", timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def pdf(year: int, kind: str, scores: list[scoring.Score], weights: scoring.Weights) -> bytes:
    from weasyprint import HTML

    headers = UNIT_HEADERS if kind == "units" else COMMUNITY_HEADERS
    display_rows = (unit_rows(scores, display=True) if kind == "units"
                    else community_rows(scores, display=True))
    terms = (scoring.UNIT_TERMS + [scoring.WARNINGS_TERM]) if kind == "units" else scoring.COMMUNITY_TERMS
    html = render_to_string("evaluation/assessment_pdf.html", {
        "year": year,
        "title": f"{year}年度{'辖区单位' if kind == 'units' else '社区'}目标责任考核结果",
        "headers": [h for h, _w in headers][:-1],  # the formula column is too wide for paper
        "rows": [r[:-1] for r in display_rows],
        "text_columns": [3, 4, 5] if kind == "units" else [3, 4],
        "formula": scoring.FORMULA if kind == "units" else scoring.COMMUNITY_FORMULA,
        "terms": [(label, weights[field], explanation) for _k, label, field, explanation in terms],
        "default_weights": weights.is_default,
        "generated": timezone.localtime(),
    })
    return HTML(string=html).write_pdf()


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def sync_limit() -> int:
    """Tables with more rows than this are rendered by the task worker (GONGJIAN_EXPORT_SYNC_LIMIT)."""
    return int(getattr(settings, "GONGJIAN_EXPORT_SYNC_LIMIT", 1000))


def file_response(content: bytes, fmt: str, filename: str) -> HttpResponse:
    """A download of `content` under a Chinese file name."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def render(*, year: int, kind: str, fmt: str, user, street_id: int | None = None) -> tuple[bytes, int]:
    """The file's bytes and its number of rows."""
    scores = _scores(year, kind, user, street_id)
    weights = scoring.weights_for(year)
    content = xlsx(year, kind, scores, weights) if fmt == "xlsx" else pdf(year, kind, scores, weights)
    return content, len(scores)
