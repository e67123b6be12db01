"""The honest measurement: the development set loads as written and R-precision counts as defined."""

from gongjian.dedupe import evaluation


def test_the_development_set_has_clusters_and_hard_negatives():
    data = evaluation.load_set(evaluation.DEV_SET)
    assert len(data.clusters) >= 15
    assert all(len(members) >= 3 for members in data.clusters.values())
    assert sum(map(len, data.negatives_of.values())) >= 5


def test_r_precision_counts_paraphrases_among_the_top_d(tmp_path):
    path = tmp_path / "set.txt"
    path.write_text("a\nb\n\nc\nd\n\n# hard negative\ne\n", encoding="utf-8")
    data = evaluation.load_set(path)
    assert data.cluster_of == [0, 0, 1, 1, -1] and data.negatives_of == {1: [4]}

    def ranker(texts):  # a, b find each other; c finds the hard negative first, d finds c
        return [[(1, 0.9)], [(0, 0.9)], [(4, 0.8), (3, 0.7)], [(2, 0.6)], []]

    q = evaluation.measure(data, ranker, threshold=0.65)
    assert q.r_precision == 0.75
    assert q.hard_negatives_in_top == 0.5
    assert q.recall == 0.75  # a→b, b→a, c→d at ≥ 0.65; d→c below
    assert q.precision == 0.75  # c→e is wrong


def test_ours_beats_the_naive_baseline_on_the_development_set():
    results = evaluation.evaluate(evaluation.DEV_SET)
    assert results["ours"].r_precision >= 0.65
    assert results["ours"].r_precision > results["baseline"].r_precision
