"""Loading a county's streets and communities from the national division list into the registry.

Idempotent: names follow the national list by code, what staff entered in other fields is kept, and
what staff retired stays retired. The writes themselves are the registry's services (`street_sync`,
`community_sync`); this module chooses what to write.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from gongjian.registry import services as registry_services

from . import source
from .source import County, Division


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0  # retired by staff: left as they are

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def __str__(self) -> str:
        text = f"新增 {self.created}，更新 {self.updated}，未变 {self.unchanged}"
        return text + (f"，已撤销未恢复 {self.retired}" if self.retired else "")


@dataclass
class LoadResult:
    county: County
    streets: Tally = field(default_factory=Tally)
    communities: Tally = field(default_factory=Tally)

    def summary(self) -> str:
        return f"{self.county.name}：街道/乡镇 {self.streets}；社区/村 {self.communities}。"


def street_codes(county: County, streets: Iterable[str] | None) -> list[str] | None:
    """Full 9-digit codes from what staff typed: `001` or `420981001`, comma separated or listed."""
    if streets is None:
        return None
    if isinstance(streets, str):
        streets = streets.split(",")
    codes = []
    for raw in streets:
        text = str(raw).strip().replace("，", "")
        if not text:
            continue
        if not text.isdigit() or len(text) not in (3, 9):
            raise ValidationError({"streets": [f"“{text}”不是街道代码（3 位如 001，或 9 位如 {county.code}001）"]})
        code = county.code + text if len(text) == 3 else text
        if not code.startswith(county.code):
            raise ValidationError({"streets": [f"{code} 不是{county.name}的街道/乡镇"]})
        codes.append(code)
    return codes


def county_or_error(code: str) -> County:
    found = source.county(code)
    if found is None:
        raise ValidationError({"county": [f"全国行政区划中没有代码为“{code}”的县级行政区（应为 6 位数字，如 420981）"]})
    return found


def divisions_load(*, county: str, streets: Iterable[str] | str | None = None, actor) -> LoadResult:
    """Load the streets/towns of `county` (all, or those of `streets`) and their communities/villages.

    Raises DivisionsUnavailable when the list cannot be read or installed, ValidationError for an
    unknown county or street and for a name that clashes with another division's; nothing is written then.
    """
    found = county_or_error(county)
    national = source.streets_of(found.code)
    wanted = street_codes(found, streets)
    if wanted is not None:
        known = {d.code for d in national}
        unknown = [code for code in wanted if code not in known]
        if unknown:
            raise ValidationError({"streets": [f"{found.name}没有代码为 {'、'.join(unknown)} 的街道/乡镇"]})
        if not wanted:
            raise ValidationError({"streets": ["请至少选择一个街道/乡镇"]})
        national = [d for d in national if d.code in set(wanted)]
    villages: dict[str, list[Division]] = {d.code: [] for d in national}
    for village in source.villages_of(found.code, villages):
        villages[village.parent].append(village)

    result = LoadResult(county=found)
    with transaction.atomic():
        for division in national:
            street, outcome = registry_services.street_sync(actor=actor, code=division.code, name=division.name)
            result.streets.add(outcome)
            for village in villages[division.code]:
                if outcome == registry_services.KEPT_RETIRED:
                    result.communities.add(registry_services.KEPT_RETIRED)
                    continue
                _community, village_outcome = registry_services.community_sync(
                    actor=actor, street=street, code=village.code, name=village.name)
                result.communities.add(village_outcome)
    return result
