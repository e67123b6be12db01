"""Background work of the supervision area, run by the Celery worker (inline in tests)."""

from celery import shared_task


@shared_task(name="supervision.escalate_overdue")
def escalate_overdue() -> int:
    """Escalate supervision records left unanswered past their reply deadline (催办 → 督办 → 通报)."""
    from .services import supervision_escalate_overdue

    return len(supervision_escalate_overdue())
