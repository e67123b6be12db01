"""`gongjian synth --level city|province|country`: a synthetic but realistic data set, bulk-loaded.

What it writes, for one round: streets named after real cities (武汉市光明街道), communities
(幸福里社区), units (the city's organs posted to communities and the local school, market, clinic…),
Party organisations and cadres, the round's solicitation records, opinions (most merged into problems,
with the phrasings residents use, so that a problem's opinions are near-duplicates of each other;
some rejected with a reason, some still pending), problems registered and classified A/B/C, projects
in every state (draft → approved → in progress → completed → closed) with their events, progress
reports, co-units, the as-published snapshot and residents' ratings; Party members and co-building
activities when those apps are installed.

Deterministic: the same seed and anchor date give the same rows (each part draws from its own
random stream, so adding a part does not shift the others). Ids are the next free ids of each
table, so a fresh database gives the same ids as well.

No audit history rows are written for synthetic data (see docs/performance.md): a history row per
object would double the load for data nobody changed.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import connection, transaction

from gongjian.demo import data as demo_data

from . import names
from .writer import BulkWriter

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


# DESIGN.md › Scale it must hold. Problems keep the demo city's ratio (89 problems from 311 opinions).
LEVELS = {
    "city": Level("city", 5, 25, 392, 311, 89, 48, 40, 6),
    "province": Level("province", 400, 5_000, 80_000, 500_000, 143_000, 50_000, 20, 4),
    "country": Level("country", 9_600, 120_000, 2_000_000, 10_000_000, 2_860_000, 1_000_000, 10, 2),
}

CLASS_WEIGHTS = {"A": 52, "B": 25, "C": 12}  # the report's 89 problems
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


class SynthBuilder:
    def __init__(self, level: str, seed: int = 1, anchor: date | None = None, out=None, scale: float = 1.0):
        base = LEVELS[level]
        if scale != 1.0:  # tests and quick trials: the same shape, smaller
            base = Level(level, *(max(1, int(getattr(base, f) * scale)) for f in
                                  ("streets", "communities", "units", "opinions", "problems", "projects")),
                         base.members_per_community, base.activities_per_community)
        self.level = base
        self.seed = seed
        self.anchor = anchor or date.today()
        self.out = out or (lambda message: None)
        self.prefix = f"{level[0].upper()}{seed}"
        self.now = _at(self.anchor, 8)
        self.writer = BulkWriter(now=self.now)
        self.result = Result(level=level, seed=seed)
        self.opened = self.anchor - timedelta(days=240)

    def rng(self, part: str) -> random.Random:
        return random.Random(f"gongjian-synth:{self.seed}:{part}")

    # ------------------------------------------------------------------ entry
    def build(self) -> Result:
        started = time.perf_counter()
        with transaction.atomic():
            for step in (self.registry, self.round, self.solicitations, self.problems_and_opinions,
                         self.projects, self.members, self.activities):
                t0 = time.perf_counter()
                step()
                self.result.timings[step.__name__] = round(time.perf_counter() - t0, 2)
            t0 = time.perf_counter()
            self.writer.finish()
            self.result.timings["finish"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        self.writer.analyze()
        self.result.timings["vacuum_analyze"] = round(time.perf_counter() - t0, 2)
        self.result.seconds = round(time.perf_counter() - started, 2)
        self.result.counts = dict(self.writer.counts)
        self._record()
        return self.result

    def _say(self, text: str) -> None:
        self.out(f"  {text}")

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
    def round(self):
        from gongjian.projects.models import Batch
        from gongjian.solicitation.models import Category, Round

        self.categories = {}
        for index, (code, name) in enumerate(demo_data.CATEGORIES):
            cat, _ = Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": index})
            self.categories[code] = cat.pk
        label = {"city": "市级", "province": "省级", "country": "全国"}[self.level.name]
        self.round_obj = Round.objects.create(
            name=f"合成数据{label}第{self.seed}轮", year=self.opened.year, status=Round.Status.IN_PROGRESS,
            opened_on=self.opened)
        self.result.round_id = self.round_obj.pk
        self.batches = [Batch.objects.create(round=self.round_obj, number=n, name=f"第{n}批") for n in (1, 2)]

    def solicitations(self):
        from gongjian.solicitation.models import Solicitation

        rng, w = self.rng("solicitations"), self.writer
        sid = w.next_id(Solicitation)

        def rows():
            i = sid
            for cid, *_ in self.communities:
                day = self.opened + timedelta(days=rng.randrange(0, 20))
                items = [("form", rng.randrange(60, 240)), ("letter", rng.randrange(200, 800))]
                items += [("meeting", rng.randrange(12, 45)) for _ in range(rng.choice([1, 1, 2]))]
                if rng.random() < 0.4:
                    items.append(("online", rng.randrange(10, 200)))
                for kind, count in items:
                    yield (i, self.round_obj.pk, cid, kind, day + timedelta(days=rng.randrange(0, 15)), count, "")
                    i += 1

        w.insert(Solicitation, ["id", "round_id", "community_id", "kind", "date", "count", "note"], rows())

    # ------------------------------------------------------------------ problems and opinions
    def problems_and_opinions(self):
        from gongjian.solicitation.models import ArchiveCounter, Opinion, Problem

        lv, rng, w = self.level, self.rng("opinions"), self.writer
        templates = demo_data.PROBLEM_TEMPLATES
        year = self.opened.year
        counter, _ = ArchiveCounter.objects.select_for_update().get_or_create(year=year)
        seq0 = counter.last + 1
        pid0, oid0 = w.next_id(Problem), w.next_id(Opinion)
        city_code = _city_code()

        # Problems by community, weighted by residents.
        community_of = rng.choices(range(len(self.communities)), weights=[c[5] for c in self.communities],
                                   k=lv.problems)
        klass = rng.choices(list(CLASS_WEIGHTS), weights=list(CLASS_WEIGHTS.values()), k=lv.problems)
        rejected = int(lv.opinions * REJECTED_SHARE)
        pending = int(lv.opinions * PENDING_SHARE)
        merged = max(lv.problems, lv.opinions - rejected - pending)
        # How many opinions ask for each problem: one at least, a few problems asked for by many.
        per_problem = [1] * lv.problems
        heavy = [rng.paretovariate(1.6) for _ in range(lv.problems)]
        for k in rng.choices(range(lv.problems), weights=heavy, k=merged - lv.problems):
            per_problem[k] += 1

        self.problems = []  # (id, community_id, class, title, category_id, first_opinion_id, n_opinions)
        classified_at = _at(self.opened + timedelta(days=55), 15)
        problem_rows = []
        opinion_specs = []  # per problem: (template phrasings, loc)
        oid = oid0
        for i in range(lv.problems):
            c = self.communities[community_of[i]]
            cat_code, title, phrasings = templates[rng.randrange(len(templates))]
            loc = self.location(rng, c[3])
            pid = pid0 + i
            seq = seq0 + i
            ptitle = title.format(loc=loc)
            problem_rows.append((pid, self.round_obj.pk, c[0], ptitle, phrasings[0].format(loc=loc),
                                 self.categories[cat_code], klass[i], CLASS_NOTES[klass[i]], classified_at, year,
                                 seq, f"{city_code}-{year}-{seq:03d}"))
            self.problems.append((pid, c[0], klass[i], ptitle, self.categories[cat_code], oid, per_problem[i]))
            opinion_specs.append((phrasings, loc, cat_code))
            oid += per_problem[i]
        w.insert(Problem, ["id", "round_id", "community_id", "title", "description", "category_id", "klass",
                           "class_note", "classified_at", "archive_year", "archive_seq", "archive_no"],
                 problem_rows)
        del problem_rows
        counter.last = seq0 + lv.problems - 1
        counter.save(update_fields=["last"])

        channels = ["form"] * 45 + ["letter"] * 20 + ["meeting"] * 15 + ["online"] * 12 + ["hotline"] * 6 + ["other"] * 2
        receipt = f"0{self.prefix}"  # '0' is not in the receipt alphabet: never clashes with real codes
        round_id = self.round_obj.pk
        days = 40

        def opinion(i, cid, cat_id, text, status, problem_id, reason):
            channel = rng.choice(channels)
            name = self.person(rng) if rng.random() < 0.7 else ""
            phone = self.phone(rng) if name and rng.random() < 0.8 else ""
            form_no = f"{i - oid0 + 1:06d}" if channel == "form" else ""
            return (i, round_id, cid, channel, cat_id, text, name, phone,
                    self.opened + timedelta(days=rng.randrange(days)), status, problem_id,
                    f"{receipt}{i - oid0:010d}", reason, form_no, _at(self.opened + timedelta(days=days), 9))

        def rows():
            i = oid0
            for (pid, cid, _k, _t, cat_id, _first, n), (phrasings, loc, _c) in zip(self.problems, opinion_specs,
                                                                                 strict=True):
                for _ in range(n):
                    text = rng.choice(phrasings).format(loc=loc) + rng.choice(names.OPINION_EXTRAS)
                    yield opinion(i, cid, cat_id, text, "merged", pid, "")
                    i += 1
            for k in range(rejected + pending):
                c = self.communities[rng.randrange(len(self.communities))]
                cat_code, _title, phrasings = templates[rng.randrange(len(templates))]
                text = rng.choice(phrasings).format(loc=self.location(rng, c[3])) + rng.choice(names.OPINION_EXTRAS)
                if k < rejected:
                    yield opinion(i, c[0], self.categories[cat_code], text, "rejected", None,
                                  rng.choice(demo_data.REJECT_REASONS))
                else:
                    yield opinion(i, c[0], self.categories[cat_code], text, "pending", None, "")
                i += 1

        total = w.insert(Opinion, ["id", "round_id", "community_id", "channel", "category_id", "content",
                                   "submitter_name", "submitter_phone", "received_on", "status", "problem_id",
                                   "receipt_code", "reject_reason", "form_no", "created_at"], rows())
        in_clusters = sum(n for n in per_problem if n > 1)
        self.result.near_duplicate_share = round(in_clusters / total, 3) if total else 0.0
        self._say(f"{total} 条意见（{self.result.near_duplicate_share:.0%} 与同一问题的其他意见近似重复），"
                  f"{lv.problems} 个问题")

    # ------------------------------------------------------------------ projects
    def projects(self):
        from gongjian.projects.models import ProgressReport, Project, ProjectEvent, PublishedSnapshot, Rating

        lv, rng, w = self.level, self.rng("projects"), self.writer
        solvable = [p for p in self.problems if p[2] in ("A", "B")]
        solvable.sort(key=lambda p: p[2])  # class A first
        sources = solvable[:lv.projects]
        while len(sources) < lv.projects and solvable:  # a big problem may lead to several projects
            sources.append(solvable[len(sources) % len(solvable)])
        rng.shuffle(sources)
        statuses = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=len(sources))
        proj0, ev0, pr0 = w.next_id(Project), w.next_id(ProjectEvent), w.next_id(ProgressReport)
        snap0, rt0 = w.next_id(PublishedSnapshot), w.next_id(Rating)
        through = Project.co_units.through
        co0 = w.next_id(through)
        key_left: dict[int, int] = {}

        projects, events, reports, snapshots, ratings, co_rows = [], [], [], [], [], []
        ev, pr, rt, co = ev0, pr0, rt0, co0
        batches = [b.pk for b in self.batches]
        for k, (problem, status) in enumerate(zip(sources, statuses, strict=True)):
            pid_, cid, _klass, title, _cat, first_op, n_ops = problem
            pk = proj0 + k
            units = self.units_by_community[cid]
            lead = rng.choice(units)
            if cid not in key_left:
                key_left[cid] = rng.choice([2, 3])
            key = key_left[cid] > 0 and rng.random() < 0.5
            if key:
                key_left[cid] -= 1
            handler, phone = self.person(rng), self.phone(rng)
            approved = self.opened + timedelta(days=rng.randrange(60, 100))
            deadline = approved + timedelta(days=rng.randrange(45, 330))
            budget = Decimal(rng.choice([0, 0, 2000, 5000, 8000, 12000, 20000, 30000, 50000, 80000, 150000]))
            batch = batches[0] if rng.random() < 0.7 else batches[1]
            approved_at = completed_at = closed_at = None
            progress, version = 0, 1
            completion = ""
            if status != "draft":
                approved_at = _at(approved, 9, rng.randrange(60))
                events.append((ev, pk, "approve", "draft", "approved", "街道审批同意，予以公示", True, approved_at))
                ev += 1
                version += 1
                snapshots.append((snap0 + len(snapshots), pk, batch, title, self.unit_names[lead], "", handler,
                                  phone, deadline, budget, key, approved_at))
            if status in ("in_progress", "completed", "closed"):
                started = approved + timedelta(days=rng.randrange(2, 12))
                events.append((ev, pk, "start", "approved", "in_progress", "牵头单位签收", True, _at(started, 10)))
                ev += 1
                version += 1
                done_day = min(self.anchor - timedelta(days=10),
                               started + timedelta(days=rng.randrange(20, 200)))
                if done_day <= started:
                    done_day = started + timedelta(days=1)
                steps = rng.randrange(1, 4) if status == "in_progress" else rng.randrange(2, 5)
                progress = rng.randrange(10, 95, 5) if status == "in_progress" else 100
                last_day = self.anchor - timedelta(days=1) if status == "in_progress" else done_day
                span = max(1, (last_day - started).days)
                for s in range(steps):
                    percent = progress * (s + 1) // steps
                    day = started + timedelta(days=span * (s + 1) // (steps + 1) or 1)
                    at = _at(day, 14, rng.randrange(60))
                    reports.append((pr, pk, lead, percent, demo_data.PROGRESS_NOTES[min(s, 3)], at, at))
                    pr += 1
                if status in ("completed", "closed"):
                    completed_at = _at(done_day, 16)
                    completion = "已按要求完成，经社区和居民代表验收"
                    events.append((ev, pk, "report_done", "in_progress", "completed", completion, True, completed_at))
                    ev += 1
                    version += 1
                    for opinion_id in range(first_op, first_op + min(n_ops, rng.randrange(0, 6))):
                        ratings.append((rt, pk, opinion_id, rng.choice(RATING_VALUES),
                                        completed_at + timedelta(days=2)))
                        rt += 1
                if status == "closed":
                    closed_at = min(_at(self.anchor - timedelta(days=1), 11),
                                    completed_at + timedelta(days=rng.randrange(3, 30)))
                    events.append((ev, pk, "close", "completed", "closed", "验收合格，予以销号", True, closed_at))
                    ev += 1
                    version += 1
            if rng.random() < 0.3 and len(units) > 1:
                for unit in rng.sample([u for u in units if u != lead], k=min(len(units) - 1, rng.choice([1, 1, 2]))):
                    co_rows.append((co, pk, unit))
                    co += 1
            created = _at(approved - timedelta(days=rng.randrange(3, 15)), 9)
            updated = closed_at or completed_at or approved_at or created
            projects.append((pk, self.round_obj.pk, batch, pid_, cid, title, f"解决{title}的问题", lead, handler,
                             phone, deadline, budget, rng.choice(FUND_SOURCES), key, status, progress, completion,
                             approved_at, completed_at, closed_at, version, created, updated))

        w.insert(Project, ["id", "round_id", "batch_id", "problem_id", "community_id", "title", "description",
                           "lead_unit_id", "handler", "handler_phone", "deadline", "budget", "fund_source", "is_key",
                           "status", "progress", "completion_note", "approved_at", "completed_at", "closed_at",
                           "version", "created_at", "updated_at"], projects)
        w.insert(through, ["id", "project_id", "unit_id"], co_rows)
        w.insert(ProjectEvent, ["id", "project_id", "action", "from_status", "to_status", "note", "public",
                                "created_at"], events)
        w.insert(ProgressReport, ["id", "project_id", "unit_id", "percent", "note", "created_at", "updated_at"],
                 reports)
        w.insert(PublishedSnapshot, ["id", "project_id", "batch_id", "title", "lead_unit_name", "co_unit_names",
                                     "handler", "handler_phone", "deadline", "budget", "is_key", "published_at"],
                 snapshots)
        w.insert(Rating, ["id", "project_id", "opinion_id", "value", "created_at"], ratings)
        by_status = {s: statuses.count(s) for s in STATUS_WEIGHTS}
        self._say(f"{len(projects)} 个项目 {by_status}，{len(reports)} 条进度，{len(ratings)} 条评价")

    # ------------------------------------------------------------------ optional parts
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

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def person(rng: random.Random) -> str:
        return rng.choice(names.SURNAMES) + "".join(rng.choice(names.GIVEN) for _ in range(rng.choice([1, 2])))

    @staticmethod
    def phone(rng: random.Random) -> str:
        return rng.choice(names.PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"

    @staticmethod
    def location(rng: random.Random, place: str) -> str:
        base = rng.choice([place, rng.choice(names.ROOTS)])
        return base + rng.choice(names.LOCATION_SUFFIXES) + rng.choice(names.LOCATION_NUMBERS)

    def _record(self):
        from .models import SynthRun

        SynthRun.objects.create(level=self.level.name, seed=self.seed, anchor=self.anchor,
                                round_id=self.result.round_id, database=connection.vendor,
                                counts={**self.result.counts, "timings": self.result.timings,
                                        "near_duplicate_share": self.result.near_duplicate_share},
                                seconds=self.result.seconds)


def _model(app_label: str, name: str):
    """A model of an app that may not be installed (or not finished) yet; None then."""
    try:
        return apps.get_model(app_label, name)
    except (LookupError, ImportError):
        return None


def _city_code() -> str:
    from django.conf import settings

    return getattr(settings, "GONGJIAN_CITY_CODE", "YC")
