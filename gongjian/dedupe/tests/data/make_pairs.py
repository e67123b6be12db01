"""Write pairs.csv: labelled Chinese opinion pairs (duplicate 1 / not 0) for the near-duplicate tests
and the benchmark. Deterministic: `python make_pairs.py` writes the same file every time.

Hand-written pairs first, then pairs drawn from hand-written phrasings of real community problems
with the place rendered in the ways residents write it (3栋, 三栋, 3号楼, ３栋, 3幢 …):

* duplicates — one problem at one place, two different phrasings;
* same problem, different place (5栋 instead of 3栋, 建设路 instead of 解放路) — not duplicates;
* same place, different problem — not duplicates;
* same thing, different need (a broken lamp vs. a lamp wanted) — not duplicates;
* unrelated — not duplicates.
"""

import csv
import random
from pathlib import Path

HAND = [
    ("3栋楼道灯坏了", "三栋的楼道灯一直不亮", 1),
    ("小区东门口每天早上都有人摆摊卖菜，车都开不出去", "东门那里占道经营太严重了，早上堵得走不动", 1),
    ("6栋化粪池满了，粪水流到路上臭得很", "六号楼化粪池外溢，臭气熏天，请尽快清掏", 1),
    ("老年人没有地方活动，希望建个老年活动室", "社区缺少老年人活动场所，建议设立老年活动中心", 1),
    ("高层住户水压太低，用水困难，9栋尤其严重", "9号楼楼上水压不够，白天经常没水", 1),
    ("解放路上的路灯坏了好几盏", "解放路晚上路灯不亮，走夜路害怕", 1),
    ("2栋1单元电梯又坏了", "二栋一单元的电梯经常出故障", 1),
    ("垃圾站的垃圾好几天没人清运，苍蝇蚊子多", "垃圾清运不及时，垃圾站周边卫生很差", 1),
    ("１２栋下水道堵塞，污水横流", "十二栋的下水管道堵了，污水流得到处都是", 1),
    ("小区停车难，晚上回来没地方停车", "车位太少了，每天下班找不到车位", 1),
    ("广场上的健身器材坏了好几个", "广场健身设施损坏，有的已经不能用了", 1),
    ("4号楼楼道的声控灯不亮了", "4栋楼梯灯坏了，晚上看不见路", 1),
    ("城中路有个井盖坏了，很危险", "城中路窨井盖破损，晚上容易踩空", 1),
    ("8栋门前化粪池往外冒", "八栋化粪池满溢，味道太大", 1),
    ("北门外小摊贩太多，把人行道都占了", "北门占道经营，行人只能走到马路上", 1),
    ("3栋楼道灯坏了", "5栋楼道灯坏了", 0),
    ("3栋楼道灯坏了", "3栋下水道堵了", 0),
    ("解放路路灯不亮", "建设路路灯不亮", 0),
    ("解放路路灯不亮", "解放路路面坑洼不平", 0),
    ("广场健身器材坏了", "希望广场增加健身器材", 0),
    ("楼道灯坏了", "路灯坏了", 0),
    ("7栋2单元电梯坏了", "7栋3单元电梯坏了", 0),
    ("东门有人摆摊占道", "西门有人摆摊占道", 0),
    ("小区停车位太少", "小区里乱停车现象严重", 0),
    ("10栋化粪池满了", "10栋下水道堵了", 0),
    ("人民路没有路灯，晚上一片漆黑", "人民路路灯坏了", 0),
    ("2栋水压低，楼上没水", "2栋电梯坏了，老人上不去", 0),
    ("希望建一个老年活动室", "希望安装电动车充电桩", 0),
    ("11栋有人飞线充电，很危险", "11栋楼道灯不亮", 0),
    ("长江路垃圾没人清运", "长江路占道经营严重", 0),
]

ROADS = ["解放路", "建设路", "人民路", "长江路", "东城大道", "城中路", "蒲阳路", "湖滨路"]
GATES = ["东门", "西门", "南门", "北门"]
PLAIN = ["", "小区", "我们小区", "本小区"]
CN = "零一二三四五六七八九"
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def cn_number(n: int) -> str:
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def building(n: int, rng: random.Random) -> str:
    return rng.choice([f"{n}栋", f"{cn_number(n)}栋", f"{n}号楼", f"{cn_number(n)}号楼",
                       f"{n}栋".translate(FULLWIDTH), f"{n}幢"])


def unit(n: int, rng: random.Random) -> str:
    return rng.choice([f"{n}单元", f"{cn_number(n)}单元"])


# Each problem: the kind of place it is written with, and resident phrasings ({p} = the place).
PROBLEMS = {
    "stairlight": ("b", [
        "{p}楼道灯坏了", "{p}的楼道灯一直不亮", "{p}走廊的灯坏了好几天，晚上上下楼黑漆漆的",
        "反映一下{p}楼梯间的灯不亮，老人上下楼容易摔跤", "{p}声控灯失灵了，请物业尽快维修",
        "我家住{p}，楼道里的灯坏了一个多月没人修",
    ]),
    "streetlight": ("r", [
        "{p}的路灯不亮", "{p}路灯坏了好几盏，晚上走路很危险", "晚上{p}黑灯瞎火的，路灯一直不亮",
        "{p}路边的灯坏了，请尽快修复", "希望修一下{p}的街灯，已经不亮半个月了",
    ]),
    "sewer": ("b", [
        "{p}下水道堵了", "{p}的下水管道堵塞，污水流到路上", "{p}楼下排水管不通，一下雨就返水",
        "{p}下水道经常堵塞，臭味很大", "请疏通{p}的下水道，已经堵了一个星期",
    ]),
    "garbage": ("g", [
        "{p}的垃圾没人清运", "{p}垃圾堆了好几天没人拉走", "{p}垃圾清运不及时，夏天臭气熏天",
        "希望及时清运{p}的生活垃圾", "{p}垃圾站的垃圾几天不拉，苍蝇乱飞",
    ]),
    "parking": ("n", [
        "{p}停车难", "{p}停车位太少，希望增加车位", "{p}车子没处停，每天下班找不到车位",
        "{p}车位紧张，晚上回来没地方停车", "{p}停车困难的问题希望解决",
    ]),
    "septic": ("b", [
        "{p}化粪池满了", "{p}的化粪池满溢，粪水流到路面", "{p}化粪池好久没清掏，往外冒粪水",
        "请尽快清理{p}化粪池，已经溢出来了", "{p}化粪池外溢，臭气熏天",
    ]),
    "vendors": ("g", [
        "{p}占道经营严重", "{p}小摊贩太多，占用人行道", "{p}每天早上摆摊卖菜，堵得车过不去",
        "整治一下{p}的流动摊贩", "{p}马路市场占道，行人没法走",
    ]),
    "fitness_broken": ("n", [
        "{p}健身器材坏了", "{p}的健身设施损坏，存在安全隐患", "{p}运动器材年久失修，有的已经不能用了",
        "维修{p}广场上的健身器材，好几个都坏了", "{p}锻炼器材坏掉了没人管",
    ]),
    "fitness_more": ("n", [
        "{p}健身器材太少，希望增加", "建议{p}多装一些健身器材", "{p}缺少健身设施，希望新建一批",
    ]),
    "elderly_room": ("n", [
        "{p}没有老年活动室", "希望{p}建一个老年人活动的地方", "{p}老人没有活动场所，建议设立老年活动室",
        "{p}缺少老年活动中心", "{p}老人们没有休闲娱乐的地方，希望建老年活动室",
    ]),
    "water_pressure": ("b", [
        "{p}水压低", "{p}高层水压太低，楼上经常没水", "{p}自来水水压不够，洗澡都困难",
        "{p}出水很小，水上不去", "{p}楼上水压上不去，做饭都接不到水",
    ]),
    "lift": ("bu", [
        "{p}电梯坏了", "{p}的电梯经常出故障，困人", "{p}电梯老是停运，老人上下楼困难",
        "{p}电梯又坏了，请尽快维修",
    ]),
    "manhole": ("r", [
        "{p}井盖破损", "{p}有个窨井盖坏了，很危险", "{p}的下水道井盖坏了，晚上容易掉下去",
    ]),
    "road_surface": ("r", [
        "{p}路面坑洼不平", "{p}的马路坑坑洼洼，骑车容易摔", "{p}道路破损严重，需要维修",
    ]),
    "streetlight_more": ("r", [
        "{p}没有路灯", "{p}路灯太少，希望增设路灯", "建议在{p}加装几盏路灯",
    ]),
    "flying_wire": ("b", [
        "{p}有人飞线充电", "{p}楼上私拉电线给电动车充电，很危险", "{p}飞线充电现象严重，存在火灾隐患",
    ]),
    "charger": ("n", [
        "{p}没有电动车充电桩", "{p}希望安装充电桩", "{p}缺少充电设施，电动车没地方充电",
    ]),
}
# Pairs of problems about one thing but a different need.
SAME_THING_OTHER_NEED = [("streetlight", "streetlight_more"), ("fitness_broken", "fitness_more"),
                         ("sewer", "manhole"), ("charger", "flying_wire")]


def place(kind: str, rng: random.Random, n: int | None = None) -> tuple[str, object]:
    """A rendering of a place of this kind and its identity (equal identities are one place)."""
    if kind == "b":
        n = n if n is not None else rng.randint(1, 20)
        return building(n, rng), n
    if kind == "bu":
        n = n if n is not None else rng.randint(0, 39)
        b, u = divmod(n, 4)
        return building(b + 1, rng) + unit(u + 1, rng), n
    if kind == "r":
        n = n if n is not None else rng.randrange(len(ROADS))
        return ROADS[n], n
    if kind == "g":
        n = n if n is not None else rng.randrange(len(GATES))
        return rng.choice([GATES[n], f"小区{GATES[n]}", f"{GATES[n]}口"]), n
    if n is None:
        return rng.choice(PLAIN), 0
    return f"{n}期", n


def generate() -> list[tuple[str, str, int]]:
    rng = random.Random(2010)
    names = sorted(PROBLEMS)
    pairs: list[tuple[str, str, int]] = list(HAND)
    seen = {(a, b) for a, b, _ in pairs}

    def add(a: str, b: str, label: int) -> bool:
        if a == b or (a, b) in seen or (b, a) in seen:
            return False
        seen.add((a, b))
        pairs.append((a, b, label))
        return True

    def fill(p: str) -> str:
        return " ".join(p.split()).removeprefix("的")

    quota = {"dup": 165, "place": 75, "problem": 60, "need": 20, "random": 20}
    while quota["dup"]:
        name = rng.choice(names)
        kind, phrasings = PROBLEMS[name]
        x, y = rng.sample(phrasings, 2)
        first, identity = place(kind, rng)
        second = rng.choice(PLAIN) if kind == "n" else place(kind, rng, n=identity)[0]
        if add(fill(x.format(p=first)), fill(y.format(p=second)), 1):
            quota["dup"] -= 1
    while quota["place"]:
        name = rng.choice(names)
        kind, phrasings = PROBLEMS[name]
        x, y = rng.choice(phrasings), rng.choice(phrasings)
        if kind == "n":
            a_n = rng.randint(1, 3)
            b_n = rng.choice([k for k in (1, 2, 3) if k != a_n])
            first, second = f"{a_n}期", f"{b_n}期"
        else:
            first, identity = place(kind, rng)
            while True:
                second, other = place(kind, rng)
                if other != identity:
                    break
        if add(fill(x.format(p=first)), fill(y.format(p=second)), 0):
            quota["place"] -= 1
    while quota["problem"]:
        a_name, b_name = rng.sample(names, 2)
        a_kind, a_phr = PROBLEMS[a_name]
        b_kind, b_phr = PROBLEMS[b_name]
        if a_kind != b_kind or {a_name, b_name} in [set(p) for p in SAME_THING_OTHER_NEED]:
            continue
        first, identity = place(a_kind, rng)
        second = first if a_kind == "n" else place(b_kind, rng, n=identity)[0]
        if add(fill(rng.choice(a_phr).format(p=first)), fill(rng.choice(b_phr).format(p=second)), 0):
            quota["problem"] -= 1
    while quota["need"]:
        a_name, b_name = rng.choice(SAME_THING_OTHER_NEED)
        a_kind, a_phr = PROBLEMS[a_name]
        b_kind, b_phr = PROBLEMS[b_name]
        first, identity = place(a_kind, rng)
        second = place(b_kind, rng, n=identity)[0] if a_kind == b_kind and a_kind != "n" else first
        if add(fill(rng.choice(a_phr).format(p=first)), fill(rng.choice(b_phr).format(p=second)), 0):
            quota["need"] -= 1
    while quota["random"]:
        a_name, b_name = rng.sample(names, 2)
        a_kind, a_phr = PROBLEMS[a_name]
        b_kind, b_phr = PROBLEMS[b_name]
        if a_kind == b_kind:
            continue
        if add(fill(rng.choice(a_phr).format(p=place(a_kind, rng)[0])),
               fill(rng.choice(b_phr).format(p=place(b_kind, rng)[0])), 0):
            quota["random"] -= 1
    return pairs


def main() -> None:
    out = Path(__file__).with_name("pairs.csv")
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["a", "b", "duplicate"])
        writer.writerows(generate())
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
