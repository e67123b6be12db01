"""The round, its solicitation records, opinions and the problems they were merged into."""

from __future__ import annotations

from datetime import timedelta

from gongjian.demo import data as demo_data

from .. import names
from .base import (
    CLASS_NOTES,
    CLASS_WEIGHTS,
    PENDING_SHARE,
    REJECTED_SHARE,
    _at,
    _city_code,
)


class ScreeningPart:
    """Steps of SynthBuilder (mixed into it): they write through self.writer and draw from self.rng."""

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
