"""Audit history (django-simple-history): every service names who made a change and why.

The request middleware already supplies the user for pages; API calls, commands and background
tasks have no request user, so services stamp the instance before saving.
"""

from django.db.models import Model


def stamp(obj: Model, actor, reason: str = "") -> Model:
    """Mark `obj` so that its next history row records `actor` and `reason`."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        obj._history_user = actor
    if reason:
        obj._change_reason = reason[:500]
    return obj


def changes(record) -> list[dict]:
    """Field-level before/after of one historical record against the previous one."""
    previous = record.prev_record
    if previous is None:
        return []
    delta = record.diff_against(previous)
    return [{"field": c.field, "old": c.old, "new": c.new} for c in delta.changes]


def user_or_none(actor):
    """The actor as a user row to store (`created_by`, `decided_by` …): None for anonymous and system."""
    return actor if getattr(actor, "is_authenticated", False) else None
