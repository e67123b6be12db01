from datetime import date

import pytest

from gongjian.synth.generator import SynthBuilder

ANCHOR = date(2026, 6, 30)


@pytest.fixture
def synth_city(db):
    """The city-level synthetic data set (25 communities, 311 opinions, 48 projects), seed 7."""
    return SynthBuilder("city", seed=7, anchor=ANCHOR).build()
