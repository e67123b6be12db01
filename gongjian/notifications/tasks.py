"""Background work of the notifications area, run by the Celery worker (inline in tests).

The beat schedule (gongjian/config/celery.py) runs `notifications.remind` every morning; several
beats or workers may run it at once — the database's unique key keeps each reminder single.
"""

from celery import shared_task


@shared_task(name="notifications.remind")
def remind() -> int:
    from .services import remind as run

    return run().created


@shared_task(name="notifications.send_emails")
def send_emails(run: str) -> int:
    from .services import notification_emails_send

    return notification_emails_send(run=run)


@shared_task(name="notifications.send_sms")
def send_sms(run: str) -> int:
    from .services import notification_sms_send

    return notification_sms_send(run=run)
