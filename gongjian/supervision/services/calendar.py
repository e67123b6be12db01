"""Dates of the supervision area: terms run month by month, and a step entered after the fact (补录)
keeps its own day on the project timeline."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone


def add_months(day: date, months: int) -> date:
    """The same day `months` later (clamped to the month's end)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def moment(day: date | None) -> datetime:
    """A timeline time for a dated step: now for today, 10:00 that day for a date entered later."""
    if day is None or day >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(10)))
