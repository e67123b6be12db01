"""Every write of the solicitation and screening area: rounds, records, opinions, problems."""

import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongjian.core.audit import stamp
from gongjian.core.errors import Conflict

from .models import ArchiveCounter, Category, Opinion, Problem, Round, Solicitation

# Receipt codes: 12 characters from 31 unambiguous ones ≈ 59 bits; guessing one is hopeless.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 12


def receipt_code_new() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


@transaction.atomic
def round_create(*, actor, name: str, year: int, opened_on: date | None = None) -> Round:
    rnd = Round(name=name.strip(), year=year, opened_on=opened_on)
    rnd.full_clean()
    stamp(rnd, actor, "新建轮次")
    rnd.save()
    return rnd


@transaction.atomic
def round_set_status(*, actor, round: Round, status: str) -> Round:
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    if status not in Round.TRANSITIONS[Round.Status(rnd.status)]:
        raise Conflict(f"轮次当前为“{rnd.get_status_display()}”，不能改为“{Round.Status(status).label}”")
    rnd.status = status
    stamp(rnd, actor, f"轮次状态改为{rnd.get_status_display()}")
    rnd.save(update_fields=["status", "updated_at"])
    return rnd


@transaction.atomic
def solicitation_record(*, actor, round: Round, community, kind: str, date: date, count: int,
                        note: str = "") -> Solicitation:
    if round.status == Round.Status.CLOSED:
        raise Conflict("该轮次已结束，不能再登记征求意见活动")
    record = Solicitation(round=round, community=community, kind=kind, date=date, count=count, note=note,
                          entered_by=actor if getattr(actor, "is_authenticated", False) else None)
    record.full_clean()
    stamp(record, actor, "登记征求意见活动")
    record.save()
    return record


@transaction.atomic
def opinion_create(*, actor, round: Round, community, channel: str, category: Category, content: str,
                   received_on: date | None = None, submitter_name: str = "", submitter_phone: str = "",
                   form_no: str = "") -> Opinion:
    """Record one opinion; every opinion gets a receipt code the resident can follow it with."""
    if round.status == Round.Status.CLOSED:
        raise Conflict("该轮次已结束，不能再录入意见")
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": ["意见内容不能为空"]})
    opinion = Opinion(
        round=round, community=community, channel=channel, category=category, content=content,
        received_on=received_on or timezone.localdate(), submitter_name=(submitter_name or "").strip(),
        submitter_phone=(submitter_phone or "").strip(), form_no=(form_no or "").strip(),
        receipt_code=receipt_code_new(),
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    opinion.full_clean(exclude=["receipt_code"])
    stamp(opinion, actor, "录入意见")
    opinion.save()
    return opinion


@transaction.atomic
def opinion_reject(*, actor, opinion: Opinion, reason: str) -> Opinion:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["请填写不予采纳的理由，居民会看到它"]})
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.status != Opinion.Status.PENDING:
        raise Conflict(f"该意见当前为“{opinion.get_status_display()}”，只有待筛选的意见可以不予采纳")
    opinion.status = Opinion.Status.REJECTED
    opinion.reject_reason = reason
    stamp(opinion, actor, "不予采纳")
    opinion.save(update_fields=["status", "reject_reason", "updated_at"])
    return opinion


def _next_archive_seq(year: int) -> int:
    counter, _ = ArchiveCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def problem_register(*, actor, round: Round, community, title: str, opinions=(), description: str = "",
                     category: Category | None = None, carried_from: Problem | None = None) -> Problem:
    """Register a problem (登记建档) with a new archive number; merge the given opinions into it.

    Every opinion must be pending, of the same round and community.
    """
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": ["问题标题不能为空"]})
    ids = [o.pk for o in opinions]
    locked = list(Opinion.objects.select_for_update().filter(pk__in=ids))
    if len(locked) != len(set(ids)):
        raise ValidationError({"opinions": ["部分意见不存在"]})
    for opinion in locked:
        if opinion.round_id != round.pk or opinion.community_id != community.pk:
            raise ValidationError({"opinions": [f"意见 {opinion.pk} 不属于该轮次和社区"]})
        if opinion.status != Opinion.Status.PENDING:
            raise Conflict(f"意见 {opinion.pk} 当前为“{opinion.get_status_display()}”，不能再归并")
    year = round.year
    seq = _next_archive_seq(year)
    problem = Problem(
        round=round, community=community, title=title, description=description,
        category=category or (locked[0].category if locked else None),
        archive_year=year, archive_seq=seq,
        archive_no=f"{settings.GONGJIAN_CITY_CODE}-{year}-{seq:03d}",
        carried_from=carried_from,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    stamp(problem, actor, "登记建档")
    problem.save()
    for opinion in locked:
        opinion.status = Opinion.Status.MERGED
        opinion.problem = problem
        stamp(opinion, actor, f"归并为问题 {problem.archive_no}")
        opinion.save(update_fields=["status", "problem", "updated_at"])
    return problem


@transaction.atomic
def problem_classify(*, actor, problem: Problem, klass: str, note: str = "") -> Problem:
    if klass not in Problem.Class.values:
        raise ValidationError({"class": ["分类须为 A（有条件能够解决）、B（短期内难以解决）或 C（不能解决）"]})
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if problem.projects.exists():
        raise Conflict("该问题已立项，不能再改变分类")
    if klass == Problem.Class.C and not (note or "").strip():
        raise ValidationError({"note": ["C 类（不能解决）须写明向居民解释的理由"]})
    problem.klass = klass
    problem.class_note = (note or "").strip()
    problem.classified_at = timezone.now()
    stamp(problem, actor, f"分类为 {klass} 类")
    problem.save(update_fields=["klass", "class_note", "classified_at", "updated_at"])
    return problem
