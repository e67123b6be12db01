"""The problem register (问题台账): classification and carrying class-B problems over."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.core.errors import Conflict, error_text
from gongjian.core.paging import page_of
from gongjian.core.xlsx import xlsx_download

from .. import selectors, services
from ..forms import ClassifyForm
from ..models import Opinion, Problem, Round
from .common import back, community_choices, id_param, pick_round, rounds_of

# Roles that keep or read the problem register.
REGISTER_ROLES = {Role.CITY, Role.STREET, Role.COMMUNITY, Role.LIAISON, Role.LEADER}


@dataclass(frozen=True)
class RegisterFilters:
    """The register's filters from the query string. `round` None is every round (`?all=1` or the
    选择 全部轮次); with neither round nor all given the register opens on the current round."""

    round: Round | None
    defaulted: bool
    community: int | None
    klass: str
    q: str

    def query(self) -> str:
        """The same list as a query string (for the export link), the default made explicit."""
        params = {"round": self.round.pk if self.round else "all", "community": self.community or "",
                  "class": self.klass, "q": self.q}
        return urlencode({k: v for k, v in params.items() if v})


def register_filters(request, rounds: list[Round]) -> RegisterFilters:
    g = request.GET
    wanted = g.get("round", "").strip()
    everything = wanted == "all" or bool(g.get("all"))
    defaulted = not wanted and not everything
    current = None
    if not everything:
        current = pick_round(rounds, wanted, prefer=(Round.Status.SCREENING, Round.Status.OPEN,
                                                     Round.Status.IN_PROGRESS))
        if defaulted:
            # The newest working round with problems; a fresh round without any still opens (it takes
            # the class-B problems carried over) when no round has problems in hand.
            current = selectors.register_round(request.user) or current
    klass = g.get("class", "")
    return RegisterFilters(round=current, defaulted=defaulted, community=id_param(g.get("community"), "community"),
                           klass=klass if klass in (*Problem.Class.values, "none") else "",
                           q=g.get("q", "").strip()[:100])


def _register_reader(user):
    if permissions.scope_of(user).role not in REGISTER_ROLES:
        raise PermissionDenied("您的角色不能查看问题台账")


@login_required
def problem_list(request):
    """The problem register (问题台账) with classification: opens on the current round, `?all=1`
    lists every round; class-B problems of earlier rounds not yet carried over are offered to be
    carried into the round shown."""
    _register_reader(request.user)
    rounds = rounds_of(request.user)
    f = register_filters(request, rounds)
    current = f.round
    visible = permissions.visible(request.user, Problem)
    qs = visible.none()
    carry = []
    if current is not None or not f.defaulted:
        qs = selectors.register_problems(request.user, round_id=current.pk if current else None,
                                        community_id=f.community, klass=f.klass, q=f.q)
        qs = qs.select_related("community", "category", "round")
    if current is not None and current.status != Round.Status.CLOSED:
        earlier = Q(round__year__lt=current.year) | Q(round__year=current.year, round_id__lt=current.pk)
        carry_qs = (visible.filter(earlier, klass=Problem.Class.B, carried_to__isnull=True)
                    .select_related("community", "round").order_by("archive_year", "archive_seq"))
        if f.community:
            carry_qs = carry_qs.filter(community_id=f.community)
        carry = list(carry_qs[:100])
    page = page_of(request, qs)
    can_classify = bool(current) and permissions.can(request.user, "create", Problem)
    return render(request, "solicitation/problem_list.html", {
        "rounds": rounds, "current": current, "every_round": current is None and not f.defaulted,
        "defaulted": f.defaulted, "communities": community_choices(request.user),
        "community_id": str(f.community or ""), "klass": f.klass, "q": f.q, "page": page, "carry": carry,
        "can_classify": can_classify, "classes": Problem.Class.choices, "next": request.get_full_path(),
        "export_query": f.query(), "hide_screening": not permissions.can(request.user, "create", Opinion),
    })


REGISTER_HEADERS = [("轮次", 18), ("街道", 12), ("社区", 14), ("档案号", 16), ("问题", 40), ("分类", 16),
                    ("分类说明", 30), ("归并意见数", 10), ("已立项目数", 10), ("登记日期", 12)]


@login_required
def problem_ledger_export(request):
    """问题台账 as an .xlsx: the register's list (same filters, same default round), row by row."""
    _register_reader(request.user)
    f = register_filters(request, rounds_of(request.user))
    if f.round is None and f.defaulted:
        qs = Problem.objects.none()
    else:
        qs = (selectors.register_problems(request.user, round_id=f.round.pk if f.round else None,
                                         community_id=f.community, klass=f.klass, q=f.q)
              .select_related("round", "community__street")
              .order_by("community__street__code", "community__code", "archive_year", "archive_seq"))

    def rows():
        for p in qs.iterator(chunk_size=500):
            yield [p.round.name, p.community.street.name, p.community.name, p.archive_no, p.title,
                   f"{p.klass} {p.get_klass_display()}" if p.klass else "未分类", p.class_note,
                   p.opinion_count, p.live_project_count, timezone.localdate(p.created_at)]

    today = timezone.localdate()
    return xlsx_download(filename=f"问题台账-{today:%Y%m%d}.xlsx", title="问题台账", headers=REGISTER_HEADERS,
                         rows=rows())


@login_required
@require_POST
def problem_classify(request, pk: int):
    problem = permissions.get_visible_or_404(request.user, Problem, pk)
    permissions.require(request.user, "classify", problem)
    form = ClassifyForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{problem.archive_no}：{error}")
        return back(request, "solicitation:problem_list")
    try:
        services.problem_classify(actor=request.user, problem=problem, klass=form.cleaned_data["klass"],
                                  note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, f"{problem.archive_no}：{error_text(exc)}")
    except Conflict as exc:
        messages.error(request, f"{problem.archive_no}：{exc.message}")
    else:
        messages.success(request, f"{problem.archive_no} 已分为 {form.cleaned_data['klass']} 类")
    return back(request, "solicitation:problem_list")


@login_required
@require_POST
def problem_carry_over(request, pk: int):
    problem = permissions.get_visible_or_404(request.user, Problem, pk)
    permissions.require(request.user, "change", problem)
    wanted = id_param(request.POST.get("round"), "round")
    target = permissions.visible(request.user, Round).filter(pk=wanted).first() if wanted else None
    if target is None:
        messages.error(request, "请选择要结转到的轮次")
        return back(request, "solicitation:problem_list")
    try:
        new = services.problem_carry_over(actor=request.user, problem=problem, round=target)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{problem.archive_no} 已结转到“{target.name}”，新档案号 {new.archive_no}")
    return back(request, "solicitation:problem_list")
