"""Progress reports (填报进度) and their evidence: photos and files kept through Django's storage."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongjian.core.audit import stamp, user_or_none
from gongjian.core.images import thumbnail_bytes
from gongjian.core.uploads import check_upload, clean_filename
from gongjian.projects.board_cache import board_changed
from gongjian.projects.errors import WrongState
from gongjian.projects.events import event_record
from gongjian.projects.models import COMMITTED_STATUSES, ProgressAttachment, ProgressReport, Project

from ._locking import lock_project

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_KINDS = ("jpg", "png", "pdf", "docx", "xlsx")


@transaction.atomic
def progress_report(*, actor, project: Project, unit, percent: int, note: str, attachments=(),
                    expected_version: int | None = None) -> ProgressReport:
    """A progress entry by the lead or a co-unit (permission checked by the caller), with optional
    files: `attachments` is a list of uploaded files (or (file, filename) pairs), see progress_attach.
    A stale `expected_version` is refused (StaleVersion)."""
    errors = {}
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        errors["percent"] = ["进度须为 0 到 100 之间的整数"]
    if not (note or "").strip():
        errors["note"] = ["请填写进展情况"]
    if errors:
        raise ValidationError(errors)
    project = lock_project(project, expected_version)
    if project.status not in COMMITTED_STATUSES:
        raise WrongState(f"项目当前为“{project.get_status_display()}”，只有已公示或实施中的项目可以填报进度")
    report = ProgressReport.objects.create(project=project, unit=unit, percent=percent, note=note.strip(),
                                           reported_by=user_or_none(actor))
    for item in attachments:
        file, filename = item if isinstance(item, tuple) else (item, getattr(item, "name", ""))
        progress_attach(actor=actor, project=project, file=file, filename=filename, report=report)
    project.progress = percent
    project.version += 1
    stamp(project, actor, f"填报进度 {percent}%")
    project.save(update_fields=["progress", "version", "updated_at"])
    board_changed(project)
    event_record(project=project, action="progress", actor=actor, note=f"{percent}% {note.strip()}")
    return report


@transaction.atomic
def progress_attach(*, actor, project: Project, file, filename: str = "",
                    report: ProgressReport | None = None,
                    expected_version: int | None = None) -> ProgressAttachment:
    """Keep a photo or file (jpg, png, pdf, docx, xlsx; at most 10 MB) as evidence of a project's
    progress, through Django's storage API, with a thumbnail of a photo (upright, no metadata).
    Permission (lead or co-unit) is checked by the caller."""
    from django.core.files import File
    from django.core.files.base import ContentFile

    filename = clean_filename(file, filename)
    kind, size = check_upload(file, kinds=ATTACHMENT_KINDS, max_bytes=MAX_ATTACHMENT_BYTES)
    if report is not None and report.project_id != project.pk:
        raise ValidationError({"report": ["该进度记录不属于本项目"]})
    if expected_version is not None:
        project = lock_project(project, expected_version)
    if project.status not in COMMITTED_STATUSES:
        raise WrongState(f"项目当前为“{project.get_status_display()}”，不能再上传进度附件")
    attachment = ProgressAttachment(project=project, report=report, name=filename[:200], kind=kind, size=size,
                                    uploaded_by=user_or_none(actor))
    thumb = thumbnail_bytes(file) if kind in ("jpg", "png") else None
    attachment.file.save(f"{kind}.{kind}", file if hasattr(file, "chunks") else File(file), save=False)
    if thumb is not None:
        attachment.thumbnail.save("thumb.jpg", ContentFile(thumb), save=False)
    attachment.save()
    board_changed(project)
    # If the surrounding transaction rolls back, the stored file stays behind unnamed by any row;
    # Django has no on-rollback hook, and an orphan file is harmless (no row, no URL points at it).
    return attachment


@transaction.atomic
def attachment_set_public(*, actor, attachment: ProgressAttachment, public: bool) -> ProgressAttachment:
    """Show (or stop showing) a photo of the work on the project's public page. Street and city staff
    of the project's community choose (policy action `attachment_publish`); documents never go public
    (they may hold personal data). Recorded on the project's staff timeline."""
    from gongjian import permissions

    project = attachment.project
    if not permissions.can(actor, "attachment_publish", project):
        raise PermissionDenied("只有项目所在街道和市级管理员可以选择公开展示的照片")
    if public and not attachment.is_image:
        raise ValidationError({"public": ["只有照片可以公开展示，文件不能公开"]})
    attachment = ProgressAttachment.objects.select_for_update().get(pk=attachment.pk)
    if attachment.public == bool(public):
        return attachment
    attachment.public = bool(public)
    attachment.save(update_fields=["public"])
    board_changed(project)
    event_record(project=project, action="photo_public" if public else "photo_private", actor=actor,
                 note=attachment.name, public=False)
    return attachment
