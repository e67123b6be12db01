"""Honest measurement of the duplicate suggestions on paraphrase sets (plain Python, no database).

A set is a text file of blocks (see the head of `eval/dupes-dev.txt`): each block a cluster of
opinions asking for the same thing in other words; a block headed "# hard negative" looks like the
block above it but asks for something else. All lines are taken as one community of one round.

For each matcher — ours (`Ours`: the LSH candidates and the precise score, as `similar_opinions`
does) and a naive character-bigram TF-IDF cosine (`Baseline`) computed in the same run — we report:

- R-precision: for each opinion of a cluster of d+1, the share of its d paraphrases among its top d
  suggestions, averaged over the opinions;
- precision and recall at the suggestion threshold: the suggestions are the (at most 10) others
  scored at or above the threshold; precision = share of them that are paraphrases, recall = share
  of the paraphrase pairs suggested;
- hard negatives in the top: of the opinions of clusters that have a hard negative, the share whose
  top d holds a hard negative.

`eval/dupes-dev.txt` is ours to tune on. The held-out set (`../shared/data/dupes-heldout.txt`
beside the repository) was written by someone else: only measure on it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DEV_SET = Path(__file__).resolve().parent / "eval" / "dupes-dev.txt"
HELDOUT_SET = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "dupes-heldout.txt"
SUGGESTIONS = 10  # what the API answers at most


@dataclass
class ParaphraseSet:
    texts: list[str]
    cluster_of: list[int]  # per text: its cluster number, or -1 for a hard negative
    negatives_of: dict[int, list[int]]  # cluster number → indexes of the hard negatives after it

    @property
    def clusters(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i, c in enumerate(self.cluster_of):
            if c >= 0:
                out.setdefault(c, []).append(i)
        return out


def load_set(path: Path) -> ParaphraseSet:
    texts: list[str] = []
    cluster_of: list[int] = []
    negatives_of: dict[int, list[int]] = {}
    cluster = -1
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        negative = any(line.lower().startswith("# hard negative") for line in lines)
        lines = [line for line in lines if not line.startswith("#")]
        if not lines:
            continue
        if not negative:
            cluster += 1
        for line in lines:
            if negative:
                negatives_of.setdefault(cluster, []).append(len(texts))
            texts.append(line)
            cluster_of.append(-1 if negative else cluster)
    return ParaphraseSet(texts=texts, cluster_of=cluster_of, negatives_of=negatives_of)


# A ranker gets the texts and answers, for each text, the others with a score, best first.
Ranker = Callable[[Sequence[str]], list[list[tuple[int, float]]]]


def rank_ours(texts: Sequence[str]) -> list[list[tuple[int, float]]]:
    """As `similar_opinions` ranks one community: LSH candidates, then the precise score."""
    from . import minhash
    from .scoring import MAX_CANDIDATES, score
    from .text import features

    feats = [features(t) for t in texts]
    keys = minhash.keys_of(feats, [1] * len(texts))
    out = []
    for i in range(len(texts)):
        shared = (keys == keys[i]).sum(axis=1)
        shared[i] = 0
        candidates = [j for j in np.argsort(-shared, kind="stable") if shared[j] > 0][:MAX_CANDIDATES]
        scored = [(int(j), score(feats[i], feats[j])) for j in candidates]
        out.append(sorted([p for p in scored if p[1] > 0], key=lambda p: (-p[1], p[0])))
    return out


def rank_baseline(texts: Sequence[str]) -> list[list[tuple[int, float]]]:
    """The naive baseline: TF-IDF of character bigrams (IDF over the set itself), cosine."""
    grams = [Counter(t[k:k + 2] for k in range(len(t) - 1)) for t in texts]
    df = Counter(g for c in grams for g in c)
    n = len(texts)
    vectors = []
    for c in grams:
        v = {g: tf * (math.log((1 + n) / (1 + df[g])) + 1) for g, tf in c.items()}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        vectors.append({g: w / norm for g, w in v.items()})
    out = []
    for i, a in enumerate(vectors):
        scored = []
        for j, b in enumerate(vectors):
            if i != j:
                s = sum(w * b.get(g, 0.0) for g, w in a.items())
                if s > 0:
                    scored.append((j, round(s, 4)))
        out.append(sorted(scored, key=lambda p: (-p[1], p[0])))
    return out


BASELINE_THRESHOLD = 0.3  # fixed beforehand, not tuned on either set


@dataclass
class Quality:
    r_precision: float
    precision: float
    recall: float
    hard_negatives_in_top: float
    opinions: int
    clusters: int
    hard_negatives: int
    threshold: float

    def line(self) -> str:
        return (f"R-precision {self.r_precision:.3f}, P {self.precision:.3f} / R {self.recall:.3f} at "
                f"{self.threshold:g}, hard negatives in top {self.hard_negatives_in_top:.0%}")


def measure(data: ParaphraseSet, ranker: Ranker, threshold: float) -> Quality:
    ranked = ranker(data.texts)
    clusters = data.clusters
    r_precisions, suggested, right, found = [], 0, 0, 0
    pairs = 0
    with_negative, negative_hits = 0, 0
    for c, members in clusters.items():
        d = len(members) - 1
        if d < 1:
            continue
        for i in members:
            mates = set(members) - {i}
            top = [j for j, _ in ranked[i][:d]]
            r_precisions.append(len(mates & set(top)) / d)
            if c in data.negatives_of:
                with_negative += 1
                negative_hits += bool(set(top) & set(data.negatives_of[c]))
            pairs += d
            found += len(mates & {j for j, s in ranked[i][:SUGGESTIONS] if s >= threshold})
    for i, row in enumerate(ranked):
        for j, s in row[:SUGGESTIONS]:
            if s >= threshold:
                suggested += 1
                right += data.cluster_of[i] >= 0 and data.cluster_of[i] == data.cluster_of[j]
    return Quality(
        r_precision=sum(r_precisions) / len(r_precisions) if r_precisions else 0.0,
        precision=right / suggested if suggested else 0.0,
        recall=found / pairs if pairs else 0.0,
        hard_negatives_in_top=negative_hits / with_negative if with_negative else 0.0,
        opinions=len(data.texts), clusters=len(clusters), hard_negatives=sum(map(len, data.negatives_of.values())),
        threshold=threshold)


def evaluate(path: Path) -> dict[str, Quality]:
    from .scoring import THRESHOLD

    data = load_set(path)
    return {"ours": measure(data, rank_ours, THRESHOLD), "baseline": measure(data, rank_baseline, BASELINE_THRESHOLD)}
