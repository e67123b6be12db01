"""Every write of the notifications area: notify (insert-or-skip), remind (the schedule), read, e-mail.

Sending once is the database's job, not the caller's: the rows' key (kind, object, recipient,
period) is unique, `bulk_create(ignore_conflicts=True)` inserts the new ones and silently skips the
rest (INSERT … ON CONFLICT DO NOTHING on PostgreSQL, INSERT OR IGNORE on SQLite). Each call marks the
rows it writes with its own run token, so it e-mails exactly the rows it inserted: a second worker
that runs the same schedule at the same time inserts nothing and sends nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from gongjian.accounts.models import User

from .models import Notification, Preference
from .reminders import Reminder, due_reminders, unsent

log = logging.getLogger(__name__)


@dataclass
class RemindResult:
    due: list[Reminder]
    new: list[Reminder] = field(default_factory=list)
    created: int = 0
    run: str = ""


def _channels_of(user_ids: Iterable[int]) -> tuple[set[int], set[int]]:
    """(who gets an e-mail copy, who gets an SMS copy) among `user_ids`, by each person's Preference:
    e-mail by default when the user has an address, SMS only when chosen and a phone is on record."""
    users = list(User.objects.filter(pk__in=set(user_ids), is_active=True)
                 .values_list("id", "email", "phone", "notification_preference__email",
                              "notification_preference__sms"))
    email = {uid for uid, address, _p, wants, _s in users if address and wants is not False}
    sms = {uid for uid, _a, phone, _w, wants in users if phone and wants}
    return email, sms


def _insert(reminders: list[Reminder]) -> tuple[str, int]:
    """Insert-or-skip the reminders as notifications; (run token, rows this call inserted)."""
    if not reminders:
        return "", 0
    run = uuid.uuid4().hex
    emails, texts = _channels_of(r.recipient_id for r in reminders)
    now = timezone.now()
    rows = [Notification(recipient_id=r.recipient_id, kind=r.kind, object_type=r.object_type,
                         object_id=r.object_id, period=r.period, title=r.title[:200], body=r.body, url=r.url,
                         run=run, created_at=now,
                         email_state=Notification.Email.PENDING if r.recipient_id in emails
                         else Notification.Email.NONE,
                         sms_state=Notification.Email.PENDING if r.recipient_id in texts
                         else Notification.Email.NONE)
            for r in {r.key: r for r in reminders}.values()]
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    created = Notification.objects.filter(run=run).count()
    if created:
        transaction.on_commit(lambda: _send_later(run))
    return run, created


def _send_later(run: str) -> None:
    from .tasks import send_emails, send_sms

    send_emails.delay(run)
    send_sms.delay(run)


def notify(*, title: str, recipients: Iterable = (), users: Iterable = (), kind: str = "general",
           object_type: str = "", object_id: int = 0, period: str = "", body: str = "", url: str = "",
           link: str = "", actor=None) -> int:
    """Put one message in each recipient's inbox (users or user ids), once per key (kind, object,
    recipient, period); e-mail it after the caller's transaction commits. Returns how many were new.

    Without a `period` the message is a one-off (its own period), for callers that only say
    "tell these users" (`users`, `link` are accepted as other areas name them)."""
    ids = [getattr(r, "pk", r) for r in [*recipients, *users]]
    if not period:
        period = f"once:{uuid.uuid4().hex[:16]}"
    reminders = [Reminder(kind, object_type or "message", object_id, uid, period, title, body, url or link)
                 for uid in dict.fromkeys(ids)]
    with transaction.atomic():
        return _insert(reminders)[1]


def remind(*, today: date | None = None, dry_run: bool = False) -> RemindResult:
    """The reminder schedule: deadline in 7 days, overdue, supervision reply due, meeting due this
    month, chair term ending, follow-up items due. `dry_run` writes nothing and lists what is new."""
    today = today or timezone.localdate()
    due = due_reminders(today)
    result = RemindResult(due=due, new=unsent(due))
    if dry_run:
        return result
    with transaction.atomic():
        result.run, result.created = _insert(result.new)
    return result


def _claim(run: str, state: str, sent_at: str) -> list[Notification]:
    """The copies (e-mail or SMS: `state`'s field) one run left pending, marked sent before anything is
    sent, so that a retry or a second worker finds none of them (at most once); [] if another claimed them."""
    rows = list(Notification.objects.filter(run=run, **{state: Notification.Email.PENDING})
                .select_related("recipient"))
    if not rows:
        return []
    claimed = Notification.objects.filter(pk__in=[r.pk for r in rows], **{state: Notification.Email.PENDING})
    if claimed.update(**{state: Notification.Email.SENT, sent_at: timezone.now()}) == 0:
        return []
    return rows


def notification_emails_send(*, run: str) -> int:
    """E-mail the messages one run inserted (state `pending`), through Django's mail backend. Each is
    marked before sending, so a retry never mails twice (at most once)."""
    rows = _claim(run, "email_state", "emailed_at")
    if not rows:
        return 0
    sender = getattr(settings, "DEFAULT_FROM_EMAIL", "webmaster@localhost")
    messages = [EmailMessage(subject=f"[共建] {n.title}", body=f"{n.body}\n\n{n.url}".strip(),
                             from_email=sender, to=[n.recipient.email]) for n in rows]
    try:
        with get_connection() as connection:
            sent = connection.send_messages(messages) or 0
    except Exception:  # the inbox copy stays; the e-mail is marked failed for the admin to see
        log.exception("e-mail of notification run %s failed", run)
        Notification.objects.filter(pk__in=[r.pk for r in rows]).update(email_state=Notification.Email.FAILED)
        return 0
    return sent


def notification_sms_send(*, run: str) -> int:
    """Text the messages one run inserted (SMS state `pending`) through the SMS adapter (sms.py);
    claimed before sending, so a retry never texts twice (at most once)."""
    from .sms import Sms, sms_backend

    rows = _claim(run, "sms_state", "smsed_at")
    if not rows:
        return 0
    try:
        return sms_backend().send([Sms(phone=n.recipient.phone, title=n.title) for n in rows])
    except Exception:  # the inbox copy stays; the SMS is marked failed for the admin to see
        log.exception("SMS of notification run %s failed", run)
        Notification.objects.filter(pk__in=[r.pk for r in rows]).update(sms_state=Notification.Email.FAILED)
        return 0


@transaction.atomic
def notification_preference_save(*, user, email: bool, sms: bool) -> Preference:
    """A person's choice of copies besides the inbox. SMS needs a phone number on record."""
    if sms and not user.phone:
        raise ValidationError({"sms": ["您的账号没有登记手机号，不能接收短信。请联系管理员在“用户管理”中登记。"]})
    preference, _ = Preference.objects.update_or_create(user=user, defaults={"email": email, "sms": sms})
    return preference


def notification_mark_read(*, user, notification: Notification | None = None) -> int:
    """Mark one of the user's messages read, or all of them (notification=None)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification is not None:
        qs = qs.filter(pk=notification.pk)
    return qs.update(read_at=timezone.now())
