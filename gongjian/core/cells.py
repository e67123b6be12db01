"""Reading spreadsheet cells as staff typed them (every import: opinions, projects, member rosters)."""

from datetime import date, datetime
from typing import Any


def cell_text(value: Any) -> str:
    """A cell as text: empty for nothing, 13812345678 not 13812345678.0, a date as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()
