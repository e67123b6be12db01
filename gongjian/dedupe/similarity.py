"""Which opinions say the same thing: candidates from the LSH index, then a precise score.

`similar_opinions` is the public entry point (the screening workbench and the API call it).
"""

from __future__ import annotations

from django.db.models import Count, QuerySet

from gongjian.solicitation.models import Opinion

from . import minhash
from .models import SimilarityBand
from .scoring import MAX_CANDIDATES, THRESHOLD, score, score_texts  # noqa: F401  (the public API)
from .text import features


def band_keys_of(content: str, community_ids: list[int]) -> list[int]:
    """The bucket keys an opinion with this content would have in each of these communities."""
    f = features(content)
    return [int(k) for k in minhash.keys_of([f] * len(community_ids), community_ids).ravel()]


def street_communities(opinion: Opinion) -> list[int]:
    """The communities of the opinion's street: where a street or city user may widen the search."""
    from gongjian.registry.models import Community

    return list(Community.objects.filter(street_id=opinion.community.street_id).order_by("id")
                .values_list("id", flat=True))


def similar_opinions(opinion: Opinion, candidates_qs: QuerySet, limit: int = 10,
                     community_ids: list[int] | None = None) -> list[tuple[Opinion, float]]:
    """Other opinions of the same round, taken from `candidates_qs` (the rows the user may see),
    that say the same thing as `opinion`: most similar first, scores in 0..1, only those above 0.
    Category and channel do not matter (one need arrives under several). Only opinions of
    `community_ids` are looked at: by default the opinion's own community (a problem belongs to one
    community); `similar_scope_communities` widens that to the street.

    The lookup is one indexed query on the band table; at most MAX_CANDIDATES are scored."""
    keys = band_keys_of(opinion.content, community_ids or [opinion.community_id])
    hits = (SimilarityBand.objects.filter(round_id=opinion.round_id, bucket__in=keys)
            .exclude(opinion_id=opinion.pk)
            .values("opinion_id").annotate(n=Count("id")).order_by("-n", "opinion_id")[:MAX_CANDIDATES])
    ids = [h["opinion_id"] for h in hits]
    if not ids:
        return []
    mine = features(opinion.content)
    scored = []
    for other in candidates_qs.filter(pk__in=ids, round_id=opinion.round_id).exclude(pk=opinion.pk):
        s = score(mine, features(other.content))
        if s > 0:
            scored.append((other, s))
    scored.sort(key=lambda pair: (-pair[1], pair[0].pk))
    return scored[:limit]
