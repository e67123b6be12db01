"""Projects in every state, with their events, progress, co-units, snapshots and ratings."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from gongjian.demo import data as demo_data

from .base import (
    FUND_SOURCES,
    RATING_VALUES,
    STATUS_WEIGHTS,
    _at,
)


class ProjectsPart:
    """Steps of SynthBuilder (mixed into it): they write through self.writer and draw from self.rng."""

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
