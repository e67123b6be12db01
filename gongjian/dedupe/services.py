"""Every write of the near-duplicate index: keep the LSH bands of opinions up to date.

`opinion_index` runs inside `opinion_create`; a bulk import must call `index_opinions` with the
opinions it created (one vectorised pass and one bulk insert instead of a call per row).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from gongjian.solicitation.models import Opinion

from . import minhash
from .models import SimilarityBand
from .text import features

_CHUNK = 20_000


def _insert_bands(rows: list[tuple[int, int, int]]) -> None:
    table = SimilarityBand._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 50_000):
            cursor.executemany(f"INSERT INTO {table} (round_id, bucket, opinion_id) VALUES (%s, %s, %s)",
                               rows[start:start + 50_000])


def _index_chunk(items: list[tuple[int, int, int, str]]) -> int:
    """items: (opinion id, round id, community id, content). Insert their bands."""
    if not items:
        return 0
    keys = minhash.keys_of([features(content) for _, _, _, content in items],
                           [community for _, _, community, _ in items]).tolist()
    rows = [(round_id, key, pk) for (pk, round_id, _, _), row in zip(items, keys, strict=True) for key in row]
    _insert_bands(rows)
    return len(items)


@transaction.atomic
def opinion_index(*, opinion: Opinion) -> None:
    """(Re)index one opinion; called when it is created."""
    SimilarityBand.objects.filter(opinion_id=opinion.pk).delete()
    _index_chunk([(opinion.pk, opinion.round_id, opinion.community_id, opinion.content)])


@transaction.atomic
def index_opinions(opinions: Iterable[Opinion]) -> int:
    """(Re)index many opinions at once — what a bulk import calls with the opinions it created."""
    items = [(o.pk, o.round_id, o.community_id, o.content) for o in opinions]
    done = 0
    for start in range(0, len(items), _CHUNK):
        chunk = items[start:start + _CHUNK]
        SimilarityBand.objects.filter(opinion_id__in=[i[0] for i in chunk]).delete()
        done += _index_chunk(chunk)
    return done


@transaction.atomic
def index_round(round_id: int) -> int:
    """Rebuild the index of a whole round, streaming its opinions."""
    SimilarityBand.objects.filter(round_id=round_id).delete()
    done = 0
    chunk: list[tuple[int, int, int, str]] = []
    rows = (Opinion.objects.filter(round_id=round_id).order_by().values_list("id", "round_id", "community_id",
                                                                              "content"))
    for row in rows.iterator(chunk_size=_CHUNK):
        chunk.append(row)
        if len(chunk) >= _CHUNK:
            done += _index_chunk(chunk)
            chunk = []
    return done + _index_chunk(chunk)
