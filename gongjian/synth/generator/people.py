"""Party members and co-building activities, when those apps are installed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from .base import (
    _model,
)


class PeoplePart:
    """Steps of SynthBuilder (mixed into it): they write through self.writer and draw from self.rng."""

    def members(self):
        """Party members (自管、在职、流动、下岗、退休), when the members app is installed."""
        model = _model("members", "Member")
        if model is None:
            return
        rng, w = self.rng("members"), self.writer
        mid0 = w.next_id(model)
        cats = ["self_managed"] * 40 + ["in_service"] * 25 + ["floating"] * 10 + ["laid_off"] * 8 + ["retired"] * 17

        def rows():
            i = mid0
            for cid, _s, _n, place, _city, _r in self.communities:
                units = self.units_by_community[cid]
                for _ in range(self.level.members_per_community):
                    cat = rng.choice(cats)
                    born = date(rng.randrange(1940, 1998), rng.randrange(1, 13), rng.randrange(1, 29))
                    joined = date(min(born.year + rng.randrange(18, 40), self.anchor.year - 1), rng.randrange(1, 13), 1)
                    yield (i, self.person(rng), rng.choice(["male", "female"]), born, self.phone(rng),
                           f"{self.location(rng, place)}{rng.randrange(1, 40)}号", cat, cid,
                           rng.choice(units) if cat == "in_service" else None, self.community_org[cid],
                           "广东东莞" if cat == "floating" else "", cat == "floating", joined,
                           self.opened - timedelta(days=rng.randrange(30, 2000)))
                    i += 1

        n = w.insert(model, ["id", "name", "gender", "birth_date", "phone", "address", "category", "community_id",
                             "unit_id", "organization_id", "work_place", "away", "joined_on", "registered_on"],
                     rows())
        self._say(f"{n} 名党员")

    def activities(self):
        """Co-building activities (三进社区, 四联四帮, 志愿服务 …), when the activities app is installed."""
        model = _model("activities", "Activity")
        if model is None:
            return
        rng, w = self.rng("activities"), self.writer
        aid0 = w.next_id(model)
        kinds = [("sanjin", "三进社区：政策宣讲进社区"), ("silian", "四联四帮：结对帮扶困难家庭"),
                 ("volunteer", "志愿服务：清洁家园"), ("party_day", "主题党日：重温入党誓词"),
                 ("culture", "文体活动：社区邻里节"), ("volunteer", "志愿服务：义诊进社区")]

        def rows():
            i = aid0
            for cid, _s, cname, place, _city, _r in self.communities:
                for _ in range(self.level.activities_per_community):
                    kind, title = rng.choice(kinds)
                    yield (i, kind, f"{cname}{title}", cid, rng.choice(self.units_by_community[cid]),
                           self.opened + timedelta(days=rng.randrange(0, 230)),
                           Decimal(rng.choice(["1.5", "2.0", "2.5", "3.0", "4.0"])),
                           self.location(rng, place), True)
                    i += 1

        n = w.insert(model, ["id", "kind", "title", "community_id", "organiser_unit_id", "date", "hours", "place",
                             "public"], rows())
        self._say(f"{n} 次共建活动")
