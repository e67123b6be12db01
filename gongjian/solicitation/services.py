"""Every write of the solicitation and screening area: rounds, records, opinions, problems."""

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongjian.citysetup.selectors import archive_prefix
from gongjian.core.audit import stamp
from gongjian.core.errors import Conflict

from .categories import (  # noqa: F401  (the category writes live with the standard list)
    category_create,
    category_delete,
    category_move,
    category_set_active,
    category_update,
)
from .models import ArchiveCounter, Category, Opinion, Problem, Round, Solicitation
from .validation import opinion_text_clean

# Receipt codes: 12 characters from 31 unambiguous ones ≈ 59 bits; guessing one is hopeless.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 12


def receipt_code_new() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def _round_name_clean(name: str, exclude_pk: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ["请填写轮次名称，如“2027年第一轮”"]})
    if Round.objects.filter(name=name).exclude(pk=exclude_pk).exists():
        raise ValidationError({"name": [f"已有名为“{name}”的轮次"]})
    return name


@transaction.atomic
def round_create(*, actor, name: str, year: int, opened_on: date | None = None) -> Round:
    rnd = Round(name=_round_name_clean(name), year=year, opened_on=opened_on)
    rnd.full_clean()
    stamp(rnd, actor, "新建轮次")
    rnd.save()
    return rnd


@transaction.atomic
def round_set_status(*, actor, round: Round, status: str) -> Round:
    if status not in Round.Status.values:
        raise ValidationError({"status": ["轮次状态须为 open、screening、in_progress 或 closed"]})
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    if status not in Round.TRANSITIONS[Round.Status(rnd.status)]:
        raise Conflict(f"轮次当前为“{rnd.get_status_display()}”，不能改为“{Round.Status(status).label}”")
    rnd.status = status
    stamp(rnd, actor, f"轮次状态改为{rnd.get_status_display()}")
    rnd.save(update_fields=["status", "updated_at"])
    return rnd


@transaction.atomic
def round_update(*, actor, round: Round, name: str, opened_on: date | None) -> Round:
    """Rename a round or change its start date. The year stays: archive numbers were given under it."""
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    rnd.name = _round_name_clean(name, exclude_pk=rnd.pk)
    rnd.opened_on = opened_on
    rnd.full_clean()
    stamp(rnd, actor, "修改轮次")
    rnd.save(update_fields=["name", "opened_on", "updated_at"])
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
    text = opinion_text_clean(content=content, submitter_name=submitter_name, submitter_phone=submitter_phone,
                              form_no=form_no)  # the one check of every channel
    opinion = Opinion(
        round=round, community=community, channel=channel, category=category,
        received_on=received_on or timezone.localdate(), **text,
        receipt_code=receipt_code_new(),
        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    opinion.full_clean(exclude=["receipt_code"])
    stamp(opinion, actor, "录入意见")
    opinion.save()
    from gongjian.dedupe.services import opinion_index  # local import: dedupe depends on this app

    opinion_index(opinion=opinion)
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
        archive_no=f"{archive_prefix()}-{year}-{seq:03d}",
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


def receipt_codes_new(n: int) -> list[str]:
    """`n` receipt codes at once (a big import needs 100,000): one read of the system's randomness.

    Bytes ≥ 248 are dropped so that every character is equally likely (248 = 8 × 31).
    """
    size = len(RECEIPT_ALPHABET)
    limit = size * (256 // size)
    wanted = n * RECEIPT_LENGTH
    chars: list[str] = []
    while len(chars) < wanted:
        chars.extend(RECEIPT_ALPHABET[b % size] for b in secrets.token_bytes(wanted - len(chars) + 64) if b < limit)
    text = "".join(chars[:wanted])
    codes = [text[i:i + RECEIPT_LENGTH] for i in range(0, wanted, RECEIPT_LENGTH)]
    return codes


IMPORT_BATCH = 2000


def opinion_import(*, actor, round: Round, communities, fileobj, kind: str, on_progress=None,
                   on_saved=None) -> int:
    """Import a batch of opinions from a file: every row is checked first, then all are written in one
    transaction (with their audit history and receipt codes) — or none, raising ImportRowsInvalid.

    `communities` are those the actor may enter opinions for; rows naming another are errors.
    `on_progress(checked_rows)` and `on_saved(saved_rows)` report progress to a job page.
    """
    from gongjian.core.bulk import insert_rows

    from .imports import ImportRowsInvalid, Lookups, check_rows, open_table

    if round.status == Round.Status.CLOSED:
        raise Conflict("该轮次已结束，不能再导入意见")
    table = open_table(fileobj, kind)
    try:
        lookups = Lookups(communities, Category.objects.filter(active=True))
        result = check_rows(table, lookups, on_progress=on_progress)
    finally:
        table.close()
    if result.error_count:
        raise ImportRowsInvalid(result.errors, result.error_count)
    user = actor if getattr(actor, "is_authenticated", False) else None
    rows = result.rows
    codes = receipt_codes_new(len(rows))
    saved = 0
    created_ids: list[int] = []
    if on_saved:
        on_saved(0)  # before the transaction, so that others see the job is now writing
    history_model = Opinion.history.model
    with transaction.atomic():
        for start in range(0, len(rows), IMPORT_BATCH):
            now = timezone.now()
            batch = [
                {"round_id": round.pk, "community_id": r[0], "channel": r[1], "category_id": r[2], "content": r[3],
                 "submitter_name": r[4], "submitter_phone": r[5], "received_on": r[6], "form_no": r[7],
                 "receipt_code": code, "status": Opinion.Status.PENDING, "problem_id": None, "reject_reason": "",
                 "entered_by_id": user.pk if user else None, "created_at": now, "updated_at": now}
                for r, code in zip(rows[start:start + IMPORT_BATCH], codes[start:start + IMPORT_BATCH],
                                   strict=True)
            ]
            insert_rows(Opinion, batch)
            ids: dict[str, int] = {}
            batch_codes = [row["receipt_code"] for row in batch]
            for k in range(0, len(batch_codes), 900):
                ids.update(Opinion.objects.filter(receipt_code__in=batch_codes[k:k + 900])
                           .values_list("receipt_code", "id"))
            # The audit history: one "created" row per opinion, as a one-by-one save would write.
            insert_rows(history_model, (
                {**row, "id": ids[row["receipt_code"]], "history_date": now, "history_type": "+",
                 "history_change_reason": "批量导入", "history_user_id": user.pk if user else None}
                for row in batch))
            created_ids.extend(ids.values())
            saved += len(batch)
            if on_saved:
                on_saved(saved)
        # The duplicate index is built after the commit, in the background (inline without Redis):
        # suggestions for imported opinions follow within moments, and the import stays fast.
        transaction.on_commit(lambda: _index_imported(created_ids))
    return saved


def _index_imported(opinion_ids: list[int]) -> None:
    from gongjian.dedupe.tasks import index_opinion_ids

    for start in range(0, len(opinion_ids), 5000):
        index_opinion_ids.delay(opinion_ids[start:start + 5000])


@transaction.atomic
def problem_carry_over(*, actor, problem: Problem, round: Round) -> Problem:
    """Carry a class-B problem (短期内难以解决) over to a later round: a new registered problem in that
    round, linked to the old one, so that it is screened and perhaps set up again."""
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if problem.klass != Problem.Class.B:
        raise Conflict("只有 B 类（短期内难以解决）问题可以结转到下一轮")
    if round.pk == problem.round_id or (round.year, round.pk) < (problem.round.year, problem.round_id):
        raise ValidationError({"round": ["只能结转到以后的轮次"]})
    if round.status == Round.Status.CLOSED:
        raise Conflict("该轮次已结束，不能再结转问题")
    if problem.carried_to.filter(round=round).exists():
        raise Conflict(f"问题 {problem.archive_no} 已经结转到“{round.name}”")
    return problem_register(actor=actor, round=round, community=problem.community, title=problem.title,
                            description=problem.description, category=problem.category,
                            carried_from=problem)


def import_job_run(*, job) -> None:
    """Run one ImportJob (called by the task worker): check, then save all or nothing, recording
    progress on the job (checked rows) and in the cache (saved rows, inside the transaction)."""
    from django.core.cache import cache

    from gongjian.permissions import communities_in_scope, scope_of
    from gongjian.registry.models import Community

    from .imports import ImportFileError, ImportRowsInvalid
    from .models import ImportJob

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, updated_at=timezone.now())

    def progress(done):
        ImportJob.objects.filter(pk=job.pk).update(done=done, updated_at=timezone.now())

    def saved(n):
        if n == 0:
            ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.SAVING)
        # Inside the one transaction the job row would not be seen by the page: the cache is.
        cache.set(import_job_saved_key(job.pk), n, 3600)

    scope = scope_of(job.created_by)
    fields = {"status": ImportJob.Status.FAILED, "finished_at": timezone.now()}
    try:
        with job.file.open("rb") as fileobj:
            created = opinion_import(actor=job.created_by, round=job.round,
                                     communities=communities_in_scope(job.created_by) if scope.role
                                     else Community.objects.none(),
                                     fileobj=fileobj, kind=job.kind, on_progress=progress, on_saved=saved)
    except ImportRowsInvalid as exc:
        fields.update(errors=exc.rows_as_dicts(), detail=exc.detail)
    except (ImportFileError, Conflict) as exc:
        fields.update(detail=exc.message)
    except Exception as exc:  # the page must say it failed rather than spin for ever
        fields.update(detail=f"导入时出错，全部未导入：{exc.__class__.__name__}")
        ImportJob.objects.filter(pk=job.pk).update(**fields)
        raise
    else:
        fields.update(status=ImportJob.Status.DONE, created=created, done=created, total=created,
                      detail=f"已导入 {created} 条意见")
    fields["finished_at"] = timezone.now()
    # The uploaded file holds residents' phone numbers: once the job has an answer it is not kept.
    if job.file:
        job.file.delete(save=False)
    ImportJob.objects.filter(pk=job.pk).update(**fields, file="")
    cache.delete(import_job_saved_key(job.pk))


def import_job_saved_key(job_id: int) -> str:
    return f"solicitation:import-job:{job_id}:saved"


@transaction.atomic
def import_job_create(*, actor, round: Round, upload, kind: str, total: int | None):
    """Store an uploaded file and queue its import; the worker starts once this transaction commits."""
    from .models import ImportJob
    from .tasks import import_job_run as task

    if round.status == Round.Status.CLOSED:
        raise Conflict("该轮次已结束，不能再导入意见")
    job = ImportJob(round=round, original_name=(upload.name or "")[-255:], kind=kind, total=total,
                    created_by=actor)
    job.file.save(upload.name, upload, save=False)
    job.save()
    transaction.on_commit(lambda: task.delay(job.pk))
    return job
