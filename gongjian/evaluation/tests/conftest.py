import pytest

from gongjian.evaluation import inputs


@pytest.fixture
def no_other_areas(monkeypatch):
    """The other areas' terms as if those areas were not installed (the formula then leaves them out)."""
    monkeypatch.setattr(inputs, "warnings_by_unit", lambda unit_ids, year: None)
    monkeypatch.setattr(inputs, "participation_by_unit", lambda units, year: None)
    monkeypatch.setattr(inputs, "meeting_regularity_by_community", lambda community_ids, year: None)


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
