"""The levels of the synthetic data set, the shares it draws from, and small helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.apps import apps

TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Level:
    name: str
    streets: int
    communities: int
    units: int
    opinions: int
    problems: int
    projects: int
    members_per_community: int
    activities_per_community: int


# The scale the system must hold, per level. Problems keep the demo city's ratio (89 problems from 311
# opinions).
LEVELS = {
    "city": Level("city", 5, 25, 392, 311, 89, 48, 40, 6),
    "province": Level("province", 400, 5_000, 80_000, 500_000, 143_000, 50_000, 20, 4),
    "country": Level("country", 9_600, 120_000, 2_000_000, 10_000_000, 2_860_000, 1_000_000, 10, 2),
}

CLASS_WEIGHTS = {"A": 52, "B": 25, "C": 12}  # the demo city's 89 problems (Yingcheng 2010)
STATUS_WEIGHTS = {"draft": 5, "approved": 10, "in_progress": 40, "completed": 15, "closed": 30}
REJECTED_SHARE, PENDING_SHARE = 0.06, 0.02
RATING_VALUES = (["satisfied"] * 70) + (["basic"] * 22) + (["unsatisfied"] * 8)
CLASS_NOTES = {"A": "具备解决条件，列入办实事项目", "B": "需要较大投入，短期内难以解决，纳入下一轮跟踪",
               "C": "不属于社区和驻区单位职责范围，已向居民解释说明"}
FUND_SOURCES = ["单位自筹", "财政专项", "社区公益金", "单位自筹＋财政补助", "社会捐助", ""]


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@dataclass
class Result:
    level: str
    seed: int
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)
    near_duplicate_share: float = 0.0
    round_id: int | None = None


def _model(app_label: str, name: str):
    """A model of an app that may not be installed (or not finished) yet; None then."""
    try:
        return apps.get_model(app_label, name)
    except (LookupError, ImportError):
        return None


def _city_code() -> str:
    from django.conf import settings

    return getattr(settings, "GONGJIAN_CITY_CODE", "YC")
