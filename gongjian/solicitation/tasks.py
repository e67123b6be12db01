"""Background work of the solicitation area, run by the Celery worker (inline in tests)."""

from celery import shared_task


@shared_task(name="solicitation.import_job_run")
def import_job_run(job_id: int) -> None:
    from . import services
    from .models import ImportJob

    job = ImportJob.objects.select_related("round", "created_by").filter(pk=job_id).first()
    if job is None or job.finished:
        return
    services.import_job_run(job=job)
