"""MinHash signatures and LSH band keys, vectorised with numpy.

Hashes must be the same in every process (the band keys live in the database), so tokens are
hashed with CRC-32, not Python's salted `hash()`, and the permutations come from a fixed seed.
Permutation i of a 32-bit token hash x is the multiply-shift hash ((a_i·x + b_i) mod 2^64) >> 32.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

BANDS = 16
ROWS = 2  # per band: two opinions share a bucket with probability s² per band (s = Jaccard)
NUM_PERM = BANDS * ROWS
# Random-hyperplane (SimHash) bands of the meaning vector: two opinions at angle θ agree on one bit
# with probability 1 − θ/π, on a band of VECTOR_BITS bits with that to the power VECTOR_BITS.
VECTOR_BANDS = 16
VECTOR_BITS = 4
ALL_BANDS = BANDS + VECTOR_BANDS

_rng = np.random.default_rng(20100311)
_A = (_rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)  # odd
_B = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64) << np.uint64(1)
_EMPTY = zlib.crc32("∅".encode())
_PLANES = np.random.default_rng(20100312).standard_normal((200, VECTOR_BANDS * VECTOR_BITS)).astype(np.float32)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xBF58476D1CE4E5B9)


def token_hashes(tokens: Sequence[str]) -> list[int]:
    return [zlib.crc32(t.encode()) for t in tokens] or [_EMPTY]


def signatures(token_lists: Sequence[Sequence[str]]) -> np.ndarray:
    """(n, NUM_PERM) uint64 MinHash signatures of n token lists."""
    hashes: list[int] = []
    starts: list[int] = []
    for tokens in token_lists:
        starts.append(len(hashes))
        hashes.extend(token_hashes(tokens))
    x = np.asarray(hashes, dtype=np.uint64)
    offsets = np.asarray(starts, dtype=np.int64)
    out = np.empty((len(starts), NUM_PERM), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(NUM_PERM):
            permuted = (x * _A[i] + _B[i]) >> np.uint64(32)
            out[:, i] = np.minimum.reduceat(permuted, offsets) if len(starts) else permuted[:0]
    return out


def band_keys(sigs: np.ndarray, community_ids: Sequence[int]) -> np.ndarray:
    """(n, BANDS) int64 bucket keys. A key mixes the band number, the community and the band's
    rows, so one indexed column answers "same band, same community, same values"."""
    n = sigs.shape[0]
    keys = np.empty((n, BANDS), dtype=np.int64)
    community = np.asarray(community_ids, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(BANDS):
            h = (community + np.uint64(band + 1) * np.uint64(1_000_003)) * _MIX
            for row in range(ROWS):
                h = (h ^ sigs[:, band * ROWS + row]) * _MIX2
                h ^= h >> np.uint64(29)
            keys[:, band] = (h >> np.uint64(1)).astype(np.int64)
    return keys


def vector_band_keys(vectors: np.ndarray, community_ids: Sequence[int]) -> np.ndarray:
    """(n, VECTOR_BANDS) int64 bucket keys of unit meaning vectors (n, 200), mixed with the community
    and the band number like `band_keys` (band numbers after BANDS: the two kinds never collide)."""
    bits = (vectors @ _PLANES > 0).reshape(len(vectors), VECTOR_BANDS, VECTOR_BITS)
    codes = (bits * (1 << np.arange(VECTOR_BITS))).sum(axis=2).astype(np.uint64)
    codes[~vectors.any(axis=1)] = np.uint64(1 << VECTOR_BITS)  # no known word: a bucket of its own kind
    n = len(vectors)
    keys = np.empty((n, VECTOR_BANDS), dtype=np.int64)
    community = np.asarray(community_ids, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(VECTOR_BANDS):
            h = (community + np.uint64(BANDS + band + 1) * np.uint64(1_000_003)) * _MIX
            h = (h ^ codes[:, band]) * _MIX2
            h ^= h >> np.uint64(29)
            keys[:, band] = (h >> np.uint64(1)).astype(np.int64)
    return keys


def keys_of(features: Sequence, community_ids: Sequence[int]) -> np.ndarray:
    """(n, ALL_BANDS) bucket keys of n opinions' features: MinHash bands, then meaning bands."""
    if not len(features):
        return np.empty((0, ALL_BANDS), dtype=np.int64)
    sigs = signatures([f.tokens() for f in features])
    vectors = np.stack([f.vector for f in features])
    return np.concatenate([band_keys(sigs, community_ids), vector_band_keys(vectors, community_ids)], axis=1)
