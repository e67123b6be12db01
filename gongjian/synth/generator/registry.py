"""The registry: streets, communities, units, Party organisations and cadres."""

from __future__ import annotations

from .. import names


class RegistryPart:
    """Steps of SynthBuilder (mixed into it): they write through self.writer and draw from self.rng."""

    # ------------------------------------------------------------------ registry
    def registry(self):
        from gongjian.registry.models import Cadre, Community, PartyOrganization, Street, Unit

        lv, rng, w = self.level, self.rng("registry"), self.writer
        street_id0, community_id0 = w.next_id(Street), w.next_id(Community)
        unit_id0, org_id0, cadre_id0 = w.next_id(Unit), w.next_id(PartyOrganization), w.next_id(Cadre)

        # Streets: a province's cities first, each with its streets.
        cities = names.CITIES
        n_cities = max(1, min(len(cities), round(lv.streets / 24)))
        streets, used = [], set(Street.objects.values_list("name", flat=True))  # never clash with loaded data
        for i in range(lv.streets):
            city = cities[i * n_cities // lv.streets]
            name = ""
            for _ in range(50):
                name = f"{city}市{rng.choice(names.ROOTS)}街道"
                if name not in used:
                    break
            if name in used:
                name = f"{city}市第{i + 1}街道"
            used.add(name)
            streets.append((street_id0 + i, name, f"{self.prefix}S{i + 1:05d}", city))
        w.insert(Street, ["id", "name", "code"], (s[:3] for s in streets))

        # Communities spread over the streets (a few streets bigger than others).
        weights = [rng.uniform(0.6, 1.4) for _ in streets]
        street_of = rng.choices(range(len(streets)), weights=weights, k=lv.communities)
        street_of.sort()
        for k in range(min(len(streets), lv.communities)):  # every street has at least one community
            street_of[k * lv.communities // len(streets)] = k
        street_of.sort()
        self.communities = []  # (id, street_id, name, place, city)
        taken: dict[int, set] = {}
        rows = []
        for i, s in enumerate(street_of):
            street = streets[s]
            seen = taken.setdefault(s, set())
            for _ in range(50):
                place = rng.choice(names.ROOTS) + rng.choice(names.COMMUNITY_SUFFIXES)
                if place not in seen:
                    break
            if place in seen:
                place = f"{place}{i}"
            seen.add(place)
            cid = community_id0 + i
            tier = rng.choices([1, 2, 3, None], weights=[2, 4, 4, 1])[0]
            premises = rng.choices(["owned", "rented", "incomplete", "none"], weights=[80, 12, 6, 2])[0]
            area = None if premises in ("incomplete", "none") else rng.randrange(120, 600, 10)
            residents = int(rng.lognormvariate(8.6, 0.45))
            rows.append((cid, street[0], f"{place}社区", f"{self.prefix}C{i + 1:06d}", residents, tier, premises,
                         area))
            self.communities.append((cid, street[0], f"{place}社区", place, street[3], residents))
        w.insert(Community, ["id", "street_id", "name", "code", "residents", "tier", "office_premises",
                             "office_area"], rows)
        self.street_ids = [s[0] for s in streets]

        # Units: ~16 per community — a few of the city's organs, the rest local.
        per = rng.choices(range(len(self.communities)), weights=[c[5] for c in self.communities],
                          k=max(0, lv.units - len(self.communities)))
        counts = [1] * len(self.communities)
        for k in per:
            counts[k] += 1
        self.units_by_community: dict[int, list[int]] = {}
        self.unit_names: dict[int, str] = {}
        unit_rows, org_rows = [], []
        uid, oid = unit_id0, org_id0
        for (cid, _sid, cname, place, city, _r), n in zip(self.communities, counts, strict=True):
            org_rows.append((oid, f"中共{cname}委员会", "committee", cid, None, rng.randrange(20, 120)))
            oid += 1
            organs = rng.sample(names.CITY_ORGANS, k=min(len(names.CITY_ORGANS), rng.choice([0, 1, 1, 2, 3])))
            locals_ = rng.sample(names.LOCAL_UNITS, k=len(names.LOCAL_UNITS))
            chosen = [(p.format(city=city), kind, rank) for p, kind, rank in organs]
            chosen += [(p.format(city=city, place=place), kind, "none") for p, kind in locals_]
            ids = []
            for j in range(n):
                if j < len(chosen):
                    uname, kind, rank = chosen[j]
                else:
                    uname, kind, rank = f"{place}第{j + 1}驻区单位", "other", "none"
                unit_rows.append((uid, cid, uname, kind, rank, self.person(rng), self.phone(rng)))
                org_rows.append((oid, f"中共{uname}支部委员会", "branch", None, uid, rng.randrange(3, 40)))
                self.unit_names[uid] = uname
                ids.append(uid)
                uid += 1
                oid += 1
            self.units_by_community[cid] = ids
        w.insert(Unit, ["id", "community_id", "name", "kind", "rank", "contact_name", "contact_phone"], unit_rows)
        w.insert(PartyOrganization, ["id", "name", "kind", "community_id", "unit_id", "members_count"], org_rows)
        self.community_org = {r[3]: r[0] for r in org_rows if r[3] is not None}
        del unit_rows, org_rows

        positions = ["党委书记", "居委会主任", "副主任", "委员", "计生专干", "综治专干", "民政专干", "社保协理员"]
        years = [1955, 1958, 1960, 1962, 1965, 1968, 1972, 1978, 1984, 1990, 1995]

        def cadres():
            i = cadre_id0
            for cid, *_ in self.communities:
                for k in range(rng.randrange(5, 11)):
                    yield (i, cid, self.person(rng), positions[k % len(positions)], rng.choice(years),
                           rng.choices(["primary", "junior", "senior", "college", "bachelor"],
                                       weights=[1, 4, 4, 3, 2])[0], self.phone(rng))
                    i += 1

        w.insert(Cadre, ["id", "community_id", "name", "position", "birth_year", "education", "phone"], cadres())
        self._say(f"{len(streets)} 个街道，{len(self.communities)} 个社区，{uid - unit_id0} 个辖区单位")

    # ------------------------------------------------------------------ round, categories, batches
