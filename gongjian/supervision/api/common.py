"""What the supervision API's modules share: a community of the user's scope named by id, code or
name, bounded ids in query filters, and one page of a list mapped to its answer."""

from collections.abc import Callable
from typing import Annotated

from django.db.models import QuerySet
from pydantic import Field

from gongjian.api.base import PageParams, paged, resolve_ref
from gongjian.permissions import MAX_ID, communities_in_scope
from gongjian.registry.models import Community

IdFilter = Annotated[int, Field(ge=1, le=MAX_ID)]
"""An id in a query filter (?community=12): past a bigint it is a 400, not a database error."""


def community_in_scope(user, value) -> Community:
    return resolve_ref(communities_in_scope(user), value, "community", "社区")


def page_answer(queryset: QuerySet, params: PageParams, out: Callable) -> dict:
    return paged(queryset, params, out=out)
