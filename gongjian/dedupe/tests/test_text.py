from gongjian.dedupe.text import features, normalise


def test_chinese_numerals_before_a_place_word_become_digits():
    assert normalise("三栋") == normalise("3栋") == "3栋"
    assert normalise("十二号楼") == "12栋"
    assert normalise("二十一栋二单元") == "21栋2单元"


def test_numerals_that_are_not_places_stay():
    assert "1" not in normalise("一直不亮")
    assert normalise("两栋楼之间").startswith("两")


def test_full_width_becomes_half_width():
    assert normalise("３栋，楼道灯！") == normalise("3栋,楼道灯!")


def test_building_words_are_one_form():
    assert normalise("3号楼") == normalise("3幢") == normalise("三栋") == "3栋"


def test_synonyms_and_stop_words():
    assert normalise("3栋楼道灯坏了") == normalise("三栋的楼道灯一直不亮") == "3栋 楼道灯 坏"
    assert normalise("走廊的灯不亮") == "楼道灯 坏"


def test_stop_words_do_not_break_concept_words():
    assert normalise("下水道堵了") == "下水道 堵"  # 下 alone is not a stop-word, 了 is


def test_places_are_taken_out_of_the_text():
    f = features("3号楼2单元走廊灯不亮")
    assert f.places == {"栋": frozenset({"3"}), "单元": frozenset({"2"})}
    assert set(f.weights) == {"#楼道灯", "#坏"}


def test_road_names_are_places():
    assert features("解放路路灯坏了").places == {"路": frozenset({"解放路"})}
    assert features("东城大道路边的灯坏了").places == {"路": frozenset({"东城大道"})}
