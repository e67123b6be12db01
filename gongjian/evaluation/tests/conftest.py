import pytest

from gongjian.evaluation import inputs


@pytest.fixture
def no_other_areas(monkeypatch):
    """No records from the other areas: no warnings, no meetings due, no co-building activity that year
    (the participation term then has no data and weighs 0)."""
    monkeypatch.setattr(inputs, "warnings_by_unit", lambda unit_ids, year: {})
    monkeypatch.setattr(inputs, "participation_by_unit", lambda units, year: None)
    monkeypatch.setattr(inputs, "meeting_regularity_by_community", lambda community_ids, year: {})


@pytest.fixture
def other_areas(monkeypatch):
    """Fixed figures from the other areas: set `.warnings`, `.participation`, `.meetings` dicts."""

    class Figures:
        warnings: dict = {}
        participation: dict = {}
        meetings: dict = {}

    figures = Figures()
    monkeypatch.setattr(inputs, "warnings_by_unit", lambda unit_ids, year: dict(figures.warnings))
    monkeypatch.setattr(inputs, "participation_by_unit", lambda units, year: dict(figures.participation))
    monkeypatch.setattr(inputs, "meeting_regularity_by_community", lambda ids, year: dict(figures.meetings))
    return figures
