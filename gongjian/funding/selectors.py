"""Reads of the funds ledger that pages, the API and exports share. Each starts from a queryset the
permission module made visible, and aggregates in the database (a constant number of queries)."""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import TaskRequest

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


def overdue_q(today=None) -> Q:
    """A promise past its due date and not fully paid, of an admitted task."""
    today = today or timezone.localdate()
    return Q(due_on__lt=today, paid__lt=F("amount"), request__status=TaskRequest.Status.ADMITTED)


def ledger(promises: QuerySet) -> QuerySet:
    """Promises of admitted tasks only: what the ledger counts."""
    return promises.filter(request__status=TaskRequest.Status.ADMITTED)


def totals(promises: QuerySet, today=None) -> dict:
    """promised, paid, balance, overdue (count) and overdue_amount of the admitted tasks' promises."""
    today = today or timezone.localdate()
    # Aggregate names must not be field names (`paid` is one), hence the *_sum aliases.
    row = ledger(promises).aggregate(
        promised_sum=Coalesce(Sum("amount"), ZERO), paid_sum=Coalesce(Sum("paid"), ZERO),
        overdue=Count("id", filter=overdue_q(today)),
        overdue_amount=Coalesce(Sum(F("amount") - F("paid"), filter=overdue_q(today)), ZERO))
    row["promised"], row["paid"] = row.pop("promised_sum"), row.pop("paid_sum")
    row["balance"] = row["promised"] - row["paid"]
    return row


def _grouped(promises: QuerySet, keys: list[str], today) -> list[dict]:
    rows = (ledger(promises).values(*keys)
            .annotate(promised_sum=Coalesce(Sum("amount"), ZERO), paid_sum=Coalesce(Sum("paid"), ZERO),
                      tasks=Count("request_id", distinct=True),
                      overdue=Count("id", filter=overdue_q(today)))
            .order_by(*keys))
    result = []
    for row in rows:
        row["promised"], row["paid"] = row.pop("promised_sum"), row.pop("paid_sum")
        row["balance"] = row["promised"] - row["paid"]
        result.append(row)
    return result


def by_community(promises: QuerySet, today=None) -> list[dict]:
    return _grouped(promises, ["community__street__name", "community__code", "community_id", "community__name"],
                    today or timezone.localdate())


def by_department(promises: QuerySet, today=None) -> list[dict]:
    return _grouped(promises, ["request__unit__name", "request__unit_id"], today or timezone.localdate())


def requests_with_figures(requests: QuerySet, today=None, promises: Q | None = None) -> QuerySet:
    """Each request with its promised and paid totals, its number of communities and of overdue
    promises, and `funded_count` (promises with money) — without one query per row.

    `promises` (a filter on the request's `promises__…`) limits the figures to the promises a reader
    may see: a community's totals are over its own row only (funding.permissions.promise_q)."""
    today = today or timezone.localdate()
    seen = promises if promises is not None else Q()
    return requests.annotate(
        promised=Coalesce(Sum("promises__amount", filter=seen), ZERO),
        paid_total=Coalesce(Sum("promises__paid", filter=seen), ZERO),
        community_count=Count("promises", filter=seen, distinct=True),
        funded_count=Count("promises", filter=seen & Q(promises__amount__gt=0), distinct=True),
        overdue_count=Count("promises", filter=seen & Q(status=TaskRequest.Status.ADMITTED,
                                                         promises__due_on__lt=today,
                                                         promises__paid__lt=F("promises__amount"))),
    )


def unfunded_q() -> Q:
    """For requests annotated by requests_with_figures: neither staff nor funds."""
    return Q(staff_count=0, funded_count=0)


def promise_rows(promises: QuerySet) -> QuerySet:
    return promises.select_related("request", "request__unit", "community", "community__street")

