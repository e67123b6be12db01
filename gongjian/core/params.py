"""Numbers taken from a page's query string (`?community=12&year=2010`), checked before they reach
the database: anything that is not a plain number in range filters nothing instead of failing."""

from gongjian.permissions import MAX_ID


def id_param(text) -> int | None:
    """An id from a filter: a positive integer a bigint column can hold, else None."""
    text = (text or "").strip() if isinstance(text, str) else ""
    if not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def year_param(text, low: int = 1900, high: int = 2100) -> int | None:
    """A year from a filter (dates cannot hold 99999), else None."""
    text = (text or "").strip() if isinstance(text, str) else ""
    return int(text) if text.isdigit() and len(text) == 4 and low <= int(text) <= high else None
