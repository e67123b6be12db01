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

_rng = np.random.default_rng(20100311)
_A = (_rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)  # odd
_B = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64) << np.uint64(1)
_EMPTY = zlib.crc32("∅".encode())
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
