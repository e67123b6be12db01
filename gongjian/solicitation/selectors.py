"""Reads of the solicitation area that several places need (API, staff pages, public pages)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from gongjian.core.masking import mask_text
from gongjian.projects.models import Project

from .models import Opinion, Problem, Round


def round_open_newest() -> Round | None:
    """The newest round whose status is open: where residents' opinions go."""
    return Round.objects.filter(status=Round.Status.OPEN).order_by("-year", "-id").first()


def opinion_by_receipt(code: str) -> Opinion | None:
    """The opinion of a receipt code; None for anything that cannot be one (a lone surrogate, a NUL …)."""
    code = (code or "").strip().upper()
    if not code or len(code) > 24 or not code.isascii() or not code.isalnum():
        return None
    return Opinion.objects.select_related("problem").filter(receipt_code=code).first()


def problem_chain(problem: Problem, limit: int = 10) -> list[Problem]:
    """The problem and the problems it was carried over to in later rounds, oldest first."""
    chain = [problem]
    while len(chain) < limit:
        nxt = Problem.objects.filter(carried_from=chain[-1]).order_by("id").first()
        if nxt is None:
            break
        chain.append(nxt)
    return chain


def public_project_of(problem: Problem | None) -> Project | None:
    """The first project set up from the problem (or from its carried-over successors) that has been
    approved: what a resident following the opinion sees."""
    if problem is None:
        return None
    ids = [p.pk for p in problem_chain(problem)]
    return (Project.objects.filter(problem_id__in=ids, status__in=Project.PUBLIC_STATUSES)
            .order_by("id").first())


def opinion_public_status(opinion: Opinion) -> dict:
    """What a resident may know of their opinion: never a name or phone number, and phone and ID
    numbers that staff wrote into the free text masked (the page and the API show this)."""
    problem = opinion.problem
    project = public_project_of(problem)
    return {
        "status": opinion.status,
        "status_label": opinion.get_status_display(),
        "reject_reason": mask_text(opinion.reject_reason),
        "received_on": opinion.received_on,
        "problem": None if problem is None else {
            "archive_no": problem.archive_no,
            "class": problem.klass or None,
            "class_label": problem.get_klass_display() if problem.klass else "",
            # Only the C explanation is written for residents; A and B notes are internal.
            "note": mask_text(problem.class_note) if problem.klass == Problem.Class.C else "",
            "title": mask_text(problem.title),
        },
        "project": None if project is None else {
            "id": project.pk,
            "status": project.status,
            "status_label": project.get_status_display(),
            "title": mask_text(project.title),
            "progress": project.progress,
            "deadline": project.deadline,
        },
    }


def register_round(user) -> Round | None:
    """The round the problem register (问题台账) opens on: the newest round not yet closed that has
    problems the user sees (None: every such round is closed, or there are no problems)."""
    from gongjian import permissions

    with_problems = permissions.visible(user, Problem).values("round_id")
    return (permissions.visible(user, Round).filter(pk__in=with_problems).exclude(status=Round.Status.CLOSED)
            .order_by("-year", "-id").first())


def register_problems(user, *, round_id: int | None = None, community_id: int | None = None, klass: str = "",
                     q: str = "") -> QuerySet:
    """The problems `user` sees, filtered as the register page and its Excel export filter them, with
    how many opinions were merged into each and how many projects it has (all of them, which is what
    locks the class, and those not withdrawn). Ordered by archive number."""
    from gongjian import permissions

    qs = permissions.visible(user, Problem)
    if round_id is not None:
        qs = qs.filter(round_id=round_id)
    if community_id is not None:
        qs = qs.filter(community_id=community_id)
    if klass in Problem.Class.values:
        qs = qs.filter(klass=klass)
    elif klass == "none":
        qs = qs.filter(klass="")
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(archive_no__contains=q) | Q(community__name__contains=q))
    return qs.annotate(
        opinion_count=Count("opinions", distinct=True),
        project_count=Count("projects", distinct=True),
        live_project_count=Count("projects", filter=~Q(projects__status=Project.Status.WITHDRAWN), distinct=True),
    ).order_by("archive_year", "archive_seq")
