"""The Celery app: background work (big imports, reminders, reports) on Redis.

Start a worker with `celery -A gongjian.config worker -l info`. Without REDIS_URL / CELERY_BROKER_URL
(a laptop, the tests) tasks run inline in the calling process (CELERY_TASK_ALWAYS_EAGER).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjian.config.settings.local")

app = Celery("gongjian")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The scheduler (`celery -A gongjian.config beat`): every morning, escalate unanswered supervision
# first, then send the day's reminders. Several beats may run; each reminder is still sent once.
from celery.schedules import crontab  # noqa: E402

app.conf.beat_schedule = {
    "supervision-escalate-overdue": {"task": "supervision.escalate_overdue", "schedule": crontab(hour=7, minute=0)},
    "notifications-remind": {"task": "notifications.remind", "schedule": crontab(hour=7, minute=30)},
}
