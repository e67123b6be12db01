"""Cluster a whole round: union-find over LSH candidate pairs whose precise score passes a threshold.

Everything happens in memory with numpy (signatures, band sorting); only the candidate pairs are
scored in Python, and pairs already in one cluster are not scored again. Within a bucket the
opinions are paired with their next WINDOW neighbours only, so a huge bucket (thousands of
"楼道灯坏了") costs WINDOW pairs per opinion, not n² — union-find still chains them together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gongjian.solicitation.models import Opinion

from . import minhash
from .scoring import THRESHOLD, score
from .text import Features, features

WINDOW = 8
_CHUNK = 50_000


@dataclass
class ClusterResult:
    clusters: list[list[int]]  # opinion ids, biggest cluster first; only clusters of 2 or more
    opinions: int
    candidate_pairs: int
    scored_pairs: int


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def candidate_pairs(keys: np.ndarray) -> np.ndarray:
    """Unique (i, j), i < j, of rows sharing a bucket in some band, at most WINDOW apart within it."""
    n = keys.shape[0]
    found = []
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")
        sorted_keys = keys[order, band]
        for d in range(1, WINDOW + 1):
            if d >= n:
                break
            same = np.nonzero(sorted_keys[d:] == sorted_keys[:-d])[0]
            if not len(same):
                continue
            i, j = order[same], order[same + d]
            lo, hi = np.minimum(i, j).astype(np.int64), np.maximum(i, j).astype(np.int64)
            found.append(lo * n + hi)
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(found))
    return np.stack([codes // n, codes % n], axis=1)


def cluster_rows(rows: list[tuple[int, int, str]], threshold: float = THRESHOLD) -> ClusterResult:
    """rows: (opinion id, community id, content)."""
    n = len(rows)
    cache: dict[str, Features] = {}
    feats: list[Features] = []
    keys = np.empty((n, minhash.ALL_BANDS), dtype=np.int64)
    for start in range(0, n, _CHUNK):
        chunk = rows[start:start + _CHUNK]
        chunk_feats = []
        for _, _, content in chunk:
            f = cache.get(content)
            if f is None:
                f = cache[content] = features.__wrapped__(content)
            chunk_feats.append(f)
        feats.extend(chunk_feats)
        keys[start:start + len(chunk)] = minhash.keys_of(chunk_feats, [c for _, c, _ in chunk])
    pairs = candidate_pairs(keys)
    uf = _UnionFind(n)
    scored = 0
    for start in range(0, len(pairs), 100_000):  # a Python list of all pairs would take GBs
        for i, j in pairs[start:start + 100_000].tolist():
            if uf.find(i) == uf.find(j):
                continue
            scored += 1
            if score(feats[i], feats[j]) >= threshold:
                uf.union(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(rows[i][0])
    clusters = sorted((g for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g[0]))
    return ClusterResult(clusters=clusters, opinions=n, candidate_pairs=len(pairs), scored_pairs=scored)


def cluster_round(round_id: int, threshold: float = THRESHOLD) -> ClusterResult:
    rows = list(Opinion.objects.filter(round_id=round_id).order_by("id")
                .values_list("id", "community_id", "content").iterator(chunk_size=20_000))
    return cluster_rows(rows, threshold)
