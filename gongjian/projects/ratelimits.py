"""The residents' rating limit, one for every surface (the board's page and the public API)."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited


def rating_rate_limited(request) -> bool:
    """Count this rating attempt against the client's address; True when over GONGJIAN_RATING_RATE
    (10/h by default). The page and the API share the counter, so neither is a way around the other."""
    return is_ratelimited(request, group="board-rating", key="ip", rate=settings.GONGJIAN_RATING_RATE,
                          increment=True)
