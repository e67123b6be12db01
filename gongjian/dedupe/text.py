"""Chinese opinion text → the features near-duplicate detection compares.

Residents write one need in many ways ("3栋楼道灯坏了" / "三栋的楼道灯一直不亮"). Before comparing we
normalise: full-width → half-width (NFKC), Chinese numerals before a place word → digits
(三栋 → 3栋), building words to one form (3号楼 / 3幢 → 3栋), common synonyms of community problems
to one word (走廊灯 → 楼道灯, 一直不亮 → 坏, see `lexicon`), stop-words and punctuation out.

Place identifiers (3栋, 2单元, 解放路, 东门) are then taken out of the text and compared on their own:
two opinions about different buildings are different problems however alike their words, and two
opinions about one building but different things must not match because of the building. What is
left is cut into character bigrams and trigrams (no dictionary needed; jieba would cost 0.8 s per
process to load), plus "concept" tokens from the lexicon that weigh more.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from . import lexicon, vectors

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# A Chinese number becomes digits only before a place word: "一直", "一些", "两栋楼之间" stay as they are.
_CN_NUMBER = re.compile(r"([零〇一二三四五六七八九十百千]+)(?=栋|幢|座|号|单元|楼|层|期|区|组|排|巷|弄|户|室)")
_BUILDING_WORDS = re.compile(r"(\d+)\s*(?:号楼|号栋|幢|座|栋)")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)

# Place identifiers with a number, on the normalised text (digits Arabic, building words unified).
_NUMBERED_PLACES = [
    ("栋", re.compile(r"(\d+)栋")),
    ("单元", re.compile(r"(\d+)单元")),
    ("层", re.compile(r"(\d+)(?:层|楼(?!道|梯|顶|房))")),
    ("号", re.compile(r"(\d+)号")),
    ("期", re.compile(r"(\d+)期")),
    ("区", re.compile(r"(\d+)区")),
    ("门", re.compile(r"([东南西北]{1,2})大?门")),
]
_ROAD = re.compile(r"([\u4e00-\u9fff]{1,3}(?:路|街|巷|大道))")
_NUMBER = re.compile(r"\d+")


def _cn_to_int(text: str) -> int | None:
    """"十二" → 12, "二十一" → 21, "三" → 3, "一〇三" → 103."""
    if all(ch in _CN_DIGITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + _CN_DIGITS[ch]
        return value
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def _numerals_to_digits(text: str) -> str:
    def convert(match: re.Match) -> str:
        value = _cn_to_int(match.group(1))
        return match.group(1) if value is None else str(value)

    return _CN_NUMBER.sub(convert, text)


def normalise(text: str) -> str:
    """The comparable form of a text: half-width, lower case, Arabic digits, synonyms unified,
    stop-words and punctuation out, concept words standing apart. Place identifiers stay in it."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = _numerals_to_digits(text)
    text = _BUILDING_WORDS.sub(r"\1栋", text)
    text = text.replace("大道路", "大道 路")  # 东城大道路边的灯: a road name, then 路边的灯 (not 道路)
    text = lexicon.SYNONYMS_RE.sub(lambda m: lexicon.SYNONYMS[m.group(0)], text)
    parts = lexicon.split_concepts(text)
    for i in range(0, len(parts), 2):  # the text between concepts
        parts[i] = lexicon.STOPWORDS_RE.sub(" ", parts[i])
    return " ".join(_PUNCT.sub(" ", " ".join(parts)).split())


@dataclass(frozen=True)
class Features:
    """What one opinion is compared by."""

    weights: dict[str, float]  # shingles and concepts ("#楼道灯") → weight
    total: float  # the sum of the weights
    places: dict[str, frozenset[str]]  # kind of place (栋, 单元, 路, …) → identifiers
    vector: np.ndarray | None = field(default=None, compare=False)  # the meaning (see `vectors`), unit length

    def tokens(self) -> list[str]:
        """Everything MinHash sees: shingles, and concepts and places in several copies so that
        MinHash, which counts tokens alike, weighs them as the precise score does."""
        out = []
        for token, weight in self.weights.items():
            out.append(token)
            if weight > 1:
                out.extend(f"{token}/{i}" for i in range(1, int(weight)))
        for kind, values in self.places.items():
            out.extend(f"@{kind}{v}/{i}" for v in values for i in range(2))
        return out


def places_of(normalised: str) -> tuple[dict[str, frozenset[str]], list[str]]:
    """The place identifiers in a normalised text, and the pieces of text left without them."""
    found: dict[str, set[str]] = {}

    def cut(kind):
        def take(match: re.Match) -> str:
            found.setdefault(kind, set()).add(match.group(1))
            return " "
        return take

    rest = normalised
    for kind, pattern in _NUMBERED_PLACES:
        rest = pattern.sub(cut(kind), rest)
    pieces = []
    for piece in _NUMBER.sub(" ", rest).split():
        if piece not in lexicon.CONCEPTS:
            piece = _ROAD.sub(cut("路"), piece)
        pieces.extend(piece.split())
    return {k: frozenset(v) for k, v in found.items()}, pieces


CONCEPT_WEIGHT = 3.0
SINGLE_WEIGHT = 0.5


@lru_cache(maxsize=8192)
def features(text: str) -> Features:
    places, pieces = places_of(normalise(text))
    weights: dict[str, float] = {}
    for piece in pieces:
        if piece in lexicon.CONCEPTS:
            weights[f"#{piece}"] = CONCEPT_WEIGHT
            continue
        if len(piece) == 1:
            weights[piece] = SINGLE_WEIGHT
            continue
        for n in (2, 3):
            for i in range(len(piece) - n + 1):
                weights[piece[i:i + n]] = 1.0
    return Features(weights=weights, total=sum(weights.values()), places=places,
                    vector=vectors.sentence_vector(unicodedata.normalize("NFKC", text or "").lower()))
