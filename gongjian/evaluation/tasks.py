"""Background work of the assessment area, run by the Celery worker (inline in tests and on a laptop)."""

from celery import shared_task


@shared_task(name="evaluation.export_render")
def export_render(job_id: int) -> None:
    from . import services
    from .models import ExportJob

    job = ExportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.finished:
        return
    services.export_run(job=job)
