"""Pagination of staff and public pages: one helper, one pager template (`pager.html`).

The pager keeps the page's other filters with Django's `{% querystring %}` tag, so views no longer
build query strings by hand.
"""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 30


def page_of(request, rows, per_page: int = PAGE_SIZE, param: str = "page") -> Page:
    """The requested page of `rows`; a missing, malformed or out-of-range number gives the nearest page."""
    raw = request.GET.get(param) or "1"
    # A number of hundreds of digits must not reach the database as an offset.
    number = raw if raw.isdigit() and len(raw) <= 9 else "1"
    return Paginator(rows, per_page).get_page(number)
