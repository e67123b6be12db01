"""Funding test data, built through the real services."""

from datetime import timedelta

from gongjian.funding import services
from gongjian.testing import today


def file_request(city, *, communities=None, amount=0, staff_count=0, due_in_days=30, title="创建文明城市入户调查",
                 unit=None):
    return services.task_request_file(
        actor=city.unit_user, unit=unit or city.unit, title=title,
        communities=communities or [city.community, city.sibling], starts_on=today(),
        staff_count=staff_count, amount_per_community=amount,
        funds_due_on=today() + timedelta(days=due_in_days))


def admitted_request(city, **kwargs):
    request = file_request(city, **kwargs)
    return services.task_admit(actor=city.city_user, request=request,
                               override_reason="" if (kwargs.get("amount") or kwargs.get("staff_count")) else "测试特批")
