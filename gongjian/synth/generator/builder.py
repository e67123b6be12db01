"""SynthBuilder: runs the parts of the data set in order, in one transaction, and records the run."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from django.db import connection, transaction

from .. import names
from ..writer import BulkWriter
from .base import (
    LEVELS,
    Level,
    Result,
    _at,
)
from .people import PeoplePart
from .projects import ProjectsPart
from .registry import RegistryPart
from .screening import ScreeningPart


class SynthBuilder(RegistryPart, ScreeningPart, ProjectsPart, PeoplePart):
    def __init__(self, level: str, seed: int = 1, anchor: date | None = None, out=None, scale: float = 1.0):
        base = LEVELS[level]
        if scale != 1.0:  # tests and quick trials: the same shape, smaller
            base = Level(level, *(max(1, int(getattr(base, f) * scale)) for f in
                                  ("streets", "communities", "units", "opinions", "problems", "projects")),
                         base.members_per_community, base.activities_per_community)
        self.level = base
        self.seed = seed
        self.anchor = anchor or date.today()
        self.out = out or (lambda message: None)
        self.prefix = f"{level[0].upper()}{seed}"
        self.now = _at(self.anchor, 8)
        self.writer = BulkWriter(now=self.now)
        self.result = Result(level=level, seed=seed)
        self.opened = self.anchor - timedelta(days=240)

    def rng(self, part: str) -> random.Random:
        return random.Random(f"gongjian-synth:{self.seed}:{part}")

    # ------------------------------------------------------------------ entry
    def build(self) -> Result:
        started = time.perf_counter()
        with transaction.atomic():
            for step in (self.registry, self.round, self.solicitations, self.problems_and_opinions,
                         self.projects, self.members, self.activities):
                t0 = time.perf_counter()
                step()
                self.result.timings[step.__name__] = round(time.perf_counter() - t0, 2)
            t0 = time.perf_counter()
            self.writer.finish()
            self.result.timings["finish"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        self.writer.analyze()
        self.result.timings["vacuum_analyze"] = round(time.perf_counter() - t0, 2)
        self.result.seconds = round(time.perf_counter() - started, 2)
        self.result.counts = dict(self.writer.counts)
        self._record()
        return self.result

    def _say(self, text: str) -> None:
        self.out(f"  {text}")

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def person(rng: random.Random) -> str:
        return rng.choice(names.SURNAMES) + "".join(rng.choice(names.GIVEN) for _ in range(rng.choice([1, 2])))

    @staticmethod
    def phone(rng: random.Random) -> str:
        return rng.choice(names.PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"

    @staticmethod
    def location(rng: random.Random, place: str) -> str:
        base = rng.choice([place, rng.choice(names.ROOTS)])
        return base + rng.choice(names.LOCATION_SUFFIXES) + rng.choice(names.LOCATION_NUMBERS)

    def _record(self):
        from ..models import SynthRun

        SynthRun.objects.create(level=self.level.name, seed=self.seed, anchor=self.anchor,
                                round_id=self.result.round_id, database=connection.vendor,
                                counts={**self.result.counts, "timings": self.result.timings,
                                        "near_duplicate_share": self.result.near_duplicate_share},
                                seconds=self.result.seconds)
