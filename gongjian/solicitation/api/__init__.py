"""API: rounds, solicitation records, categories, opinions (and their import), problems, and the
public opinion submission and tracking, one module per sub-domain on one router. The paths, fields
and codes are the published API contract (served as /api/v1/openapi.json).

Order of answers: 401, then 404 for what the user cannot see, then 403 for what they may not do,
then 400 for bad input, then 409 for the wrong state; bodies are read after the permission check.
"""

from . import imports, opinions, problems, public, rounds  # noqa: F401  (each registers its endpoints)
from .base import router
from .public import PUBLIC_SUBMIT_RATE, PUBLIC_TRACK_RATE

__all__ = ["PUBLIC_SUBMIT_RATE", "PUBLIC_TRACK_RATE", "router"]
