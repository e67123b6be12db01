"""The duplicate suggestions on the labelled pairs (tests/data/pairs.csv)."""

import csv
from pathlib import Path

import numpy as np

from gongjian.dedupe import minhash
from gongjian.dedupe.scoring import THRESHOLD, score_texts
from gongjian.dedupe.text import features

PAIRS = Path(__file__).parent / "data" / "pairs.csv"


def load_pairs():
    with PAIRS.open(encoding="utf-8") as f:
        return [(r["a"], r["b"], r["duplicate"] == "1") for r in csv.DictReader(f)]


def test_the_labelled_set_is_big_enough_and_mixed():
    pairs = load_pairs()
    assert len(pairs) >= 300
    assert 0.3 < sum(d for _, _, d in pairs) / len(pairs) < 0.7


def test_precision_at_least_90_percent_at_recall_at_least_80_percent():
    pairs = load_pairs()
    tp = sum(1 for a, b, d in pairs if d and score_texts(a, b) >= THRESHOLD)
    fp = sum(1 for a, b, d in pairs if not d and score_texts(a, b) >= THRESHOLD)
    duplicates = sum(1 for _, _, d in pairs if d)
    assert tp / (tp + fp) >= 0.9
    assert tp / duplicates >= 0.8


def test_lsh_finds_the_duplicates_as_candidates():
    pairs = [(a, b) for a, b, d in load_pairs() if d]
    keys_a = minhash.band_keys(minhash.signatures([features(a).tokens() for a, _ in pairs]), [1] * len(pairs))
    keys_b = minhash.band_keys(minhash.signatures([features(b).tokens() for _, b in pairs]), [1] * len(pairs))
    assert np.mean((keys_a == keys_b).any(axis=1)) >= 0.95


def test_same_problem_different_building_does_not_match():
    assert score_texts("3栋楼道灯坏了", "5栋楼道灯坏了") < THRESHOLD


def test_same_place_different_problem_does_not_match():
    assert score_texts("3栋楼道灯坏了", "3栋下水道堵了") < THRESHOLD


def test_paraphrase_matches():
    assert score_texts("3栋楼道灯坏了", "三栋的楼道灯一直不亮") >= THRESHOLD


def test_band_keys_are_stable_across_processes():
    # the keys live in the database: they must not depend on Python's salted hash()
    keys = minhash.band_keys(minhash.signatures([features("3栋楼道灯坏了").tokens()]), [7])
    again = minhash.band_keys(minhash.signatures([features("三栋的楼道灯一直不亮").tokens()]), [7])
    assert (keys == again).all()
    assert keys.dtype == np.int64 and (keys >= 0).all()
