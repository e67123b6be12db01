"""The precise score of two opinions (plain Python: no database, no Django)."""

from __future__ import annotations

from .lexicon import OBJECTS
from .text import Features, features

# The score above which two opinions are suggested as duplicates; chosen on the development set
# (eval/dupes-dev.txt), never on the held-out one (see `evaluation` and `gongjian bench screening`).
THRESHOLD = 0.45
# How many LSH candidates (those sharing most bands) are scored precisely for one opinion.
MAX_CANDIDATES = 200
# Two opinions naming different places of one kind (3栋 / 5栋, 解放路 / 建设路) are about different
# things however alike their words; one naming a place the other leaves out may still be the same.
PLACE_CONFLICT = 0.1
PLACE_ONE_SIDED = 0.85
# Naming the same place is evidence too (a score stays within 0..1).
PLACE_AGREE = 1.25
# Both say what the problem is about, and they say different things (路灯 / 路面).
OBJECT_CONFLICT = 0.7
NEED_CONFLICT = 0.6
# The share of the meaning (word-vector cosine) in the blend; the rest is the words' overlap.
SEMANTIC_WEIGHT = 0.75


def place_factor(a: Features, b: Features) -> float:
    shared = a.places.keys() & b.places.keys()
    if any(not (a.places[k] & b.places[k]) for k in shared):
        return PLACE_CONFLICT
    if shared:
        return PLACE_AGREE
    if not a.places and not b.places:
        return 1.0
    return PLACE_ONE_SIDED


def object_factor(a: Features, b: Features) -> float:
    """Both name what the problem is about (路灯, 下水道, …) and they name different things."""
    objects_a = {k for k in a.weights if k[1:] in OBJECTS and k[0] == "#"}
    objects_b = {k for k in b.weights if k[1:] in OBJECTS and k[0] == "#"}
    if objects_a and objects_b and not objects_a & objects_b:
        return OBJECT_CONFLICT
    # Repairing a thing and asking for more of it are different needs (路灯坏了 / 加装路灯).
    if ("#坏" in a.weights) != ("#坏" in b.weights) and ("#少" in a.weights) != ("#少" in b.weights) \
            and ("#坏" in a.weights) != ("#少" in a.weights):
        return NEED_CONFLICT
    return 1.0


def lexical(a: Features, b: Features) -> float:
    """0..1: weighted Jaccard of shingles and concepts blended with their overlap (a short opinion
    inside a long one)."""
    if not a.total or not b.total:
        return 0.0
    small, big = (a, b) if len(a.weights) <= len(b.weights) else (b, a)
    inter = sum(w for k, w in small.weights.items() if k in big.weights)
    if not inter:
        return 0.0
    jaccard = inter / (a.total + b.total - inter)
    overlap = inter / min(a.total, b.total)
    return 0.5 * jaccard + 0.5 * overlap


def semantic(a: Features, b: Features) -> float:
    """0..1: the cosine of the meaning vectors (word vectors, see `vectors`), negatives as 0."""
    if a.vector is None or b.vector is None:
        return 0.0
    return max(0.0, float(a.vector @ b.vector))


def score(a: Features, b: Features) -> float:
    """0..1: the meaning (word vectors) and the words (shingles, concepts) blended, times the place
    factor (3栋 / 5栋 are different problems) and the object factor (路灯 / 路面)."""
    blend = SEMANTIC_WEIGHT * semantic(a, b) + (1 - SEMANTIC_WEIGHT) * lexical(a, b)
    if not blend:
        return 0.0
    return round(min(1.0, blend * place_factor(a, b) * object_factor(a, b)), 4)


def score_texts(a: str, b: str) -> float:
    return score(features(a), features(b))
