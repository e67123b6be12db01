"""`gongjian synth --level city|province|country`: a synthetic but realistic data set, bulk-loaded.

What it writes, for one round: streets named after real cities (武汉市光明街道), communities
(幸福里社区), units (the city's organs posted to communities and the local school, market, clinic…),
Party organisations and cadres, the round's solicitation records, opinions (most merged into problems,
with the phrasings residents use, so that a problem's opinions are near-duplicates of each other;
some rejected with a reason, some still pending), problems registered and classified A/B/C, projects
in every state (draft → approved → in progress → completed → closed) with their events, progress
reports, co-units, the as-published snapshot and residents' ratings; Party members and co-building
activities when those apps are installed.

Deterministic: the same seed and anchor date give the same rows (each part draws from its own
random stream, so adding a part does not shift the others). Ids are the next free ids of each
table, so a fresh database gives the same ids as well.

No audit history rows are written for synthetic data: a history row per object would double the load
for data nobody changed.

One module per part of the data set: registry, screening (round, solicitation records, opinions and
problems), projects, people (members, activities); `builder.SynthBuilder` runs them in order.
"""

from .base import LEVELS, Level, Result
from .builder import SynthBuilder

__all__ = ["LEVELS", "Level", "Result", "SynthBuilder"]
