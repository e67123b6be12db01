"""Builds the demo city through the real services, so the demo exercises what users do.

Idempotent: `load_demo()` does nothing when the demo's first round already exists.
The figures are the fixed facts of data.py, exactly; tests assert them through the API.

The demo tells the report's story and today's: rounds 1 and 2 as the 2010 report tells them (round 1
done, round 2 being screened in December 2010), and a present-day round, open since a few weeks
before the day the demo is loaded (`timezone.localdate()`), so residents can submit on the demo.
"""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gongjian.accounts.models import Role, User
from gongjian.accounts.services import user_create
from gongjian.activities import demo as activities_demo
from gongjian.citysetup.services import city_profile_save
from gongjian.conditions import demo as conditions_demo
from gongjian.evaluation import demo as evaluation_demo
from gongjian.funding import demo as funding_demo
from gongjian.members import demo as members_demo
from gongjian.projects import services as project_services
from gongjian.projects.models import Project, ProjectEvent
from gongjian.registry import services as registry
from gongjian.registry.models import Community, PartyOrganization, Unit
from gongjian.solicitation import services as solicitation
from gongjian.solicitation.categories import category_standard_ensure
from gongjian.solicitation.models import Category, Problem, Round
from gongjian.standards import demo as standards_demo
from gongjian.supervision import demo as supervision_demo

from . import data

FIRST_ROUND = "2010年第一轮办实事"
SECOND_ROUND = "2011年第二轮办实事"
PRESENT_ROUND_OPENED_DAYS_AGO = 21
DEMO_PASSWORD = "gongjian2010"
TZ = ZoneInfo("Asia/Shanghai")

# username, role, label — printed by `make run`.
DEMO_LOGINS = [
    ("admin", Role.CITY, "市级管理员（超级用户，可进管理后台）"),
    ("shiwei", Role.CITY, "市委组织部（市级）"),
    ("chengzhong", Role.STREET, "城中街道"),
    ("sanyanjing", Role.COMMUNITY, "三眼井社区"),
    ("zhujianju", Role.UNIT, "应城市住房和城乡建设局（驻三眼井社区）"),
    ("lianluo01", Role.LIAISON, "联络员（三眼井社区、蒲阳社区）"),
    ("lingdao", Role.LEADER, "联系领导（三眼井社区、城北社区）"),
]


def present_round_name(today: date) -> str:
    """Today's round, open while the demo is in use."""
    return f"{today.year}年办实事项目意见征集"


def demo_loaded() -> bool:
    return Round.objects.filter(name=FIRST_ROUND).exists()


def _person(rng: random.Random) -> str:
    return rng.choice(data.SURNAMES) + "".join(rng.choice(data.GIVEN) for _ in range(rng.choice([1, 2])))


def _phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "135", "137", "150", "151", "186", "133"]) + f"{rng.randrange(10**8):08d}"


def _split(total: int, parts: int, rng: random.Random, spread: float = 0.4) -> list[int]:
    """`parts` positive integers summing exactly to `total`."""
    weights = [1 + rng.uniform(-spread, spread) for _ in range(parts)]
    raw = [total * w / sum(weights) for w in weights]
    values = [int(v) for v in raw]
    for i in sorted(range(parts), key=lambda i: raw[i] - values[i], reverse=True)[: total - sum(values)]:
        values[i] += 1
    return values


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


class DemoBuilder:
    def __init__(self, seed: int = 2010, out=None):
        self.rng = random.Random(seed)
        self.out = out or (lambda message: None)
        self.streets = []
        self.communities: list[Community] = []
        self.units_by_community: dict[int, list[Unit]] = {}
        self.categories: dict[str, Category] = {}

    # --------------------------------------------------------------- registry
    def build_registry(self):
        rng = self.rng
        name, division_code, archive_prefix, department = data.CITY
        city_profile_save(actor=None, name=name, division_code=division_code, archive_prefix=archive_prefix,
                          department=department)
        residents = _split(data.TOTAL_RESIDENTS, 25, rng)
        i = 0
        for street_name, street_code, _login, communities in data.STREETS:
            street = registry.street_create(actor=None, name=street_name, code=street_code)
            self.streets.append(street)
            for name, code, tier, premises in communities:
                area = None if premises == "incomplete" else rng.randrange(120, 400, 10)
                community = registry.community_create(
                    actor=None, street=street, name=name, code=code, residents=residents[i], tier=tier,
                    office_premises=premises, office_area=area)
                self.communities.append(community)
                registry.party_organization_create(actor=None, name=f"中共{name}委员会", kind="committee",
                                                   community=community)
                i += 1
        self.out(f"  {len(self.streets)} 个街道，{len(self.communities)} 个社区，居民 {sum(residents)} 人")

        # 392 units: the city's organs spread over the communities, the rest local to each place.
        city_units = list(data.CITY_UNITS)
        per_community = _split(data.TOTAL_UNITS, 25, rng, spread=0.2)
        units: list[Unit] = []
        for index, community in enumerate(self.communities):
            place = community.name.removesuffix("社区")
            names: list[tuple[str, str, str]] = []
            if index == 0:  # 三眼井: the demo unit login leads projects here
                names.append(city_units.pop(0))
            while len(names) < per_community[index] and city_units and len(names) < 4:
                names.append(city_units.pop(rng.randrange(len(city_units))))
            patterns = list(data.LOCAL_UNIT_PATTERNS)
            rng.shuffle(patterns)
            for pattern, kind in patterns:
                if len(names) >= per_community[index]:
                    break
                names.append((pattern.format(place=place), kind, "none"))
            assert len(names) == per_community[index], "not enough unit patterns"
            created = []
            for name, kind, rank in names:
                created.append(registry.unit_create(
                    actor=None, community=community, name=name, kind=kind, rank=rank,
                    contact_name=_person(rng), contact_phone=_phone(rng)))
            self.units_by_community[community.pk] = created
            units.extend(created)
        assert len(units) == data.TOTAL_UNITS

        # 577 unit Party organisations: one each, and a second branch in the biggest units.
        extra = data.TOTAL_UNIT_PARTY_ORGS - len(units)
        big = [u for u in units if u.kind in ("organ", "soe", "school", "hospital", "institution")]
        second = set(u.pk for u in (big + [u for u in units if u not in big])[:extra])
        for unit in units:
            if unit.pk in second:
                registry.party_organization_create(actor=None, name=f"中共{unit.name}总支部委员会",
                                                   kind="general_branch", unit=unit, members_count=rng.randrange(8, 40))
                registry.party_organization_create(actor=None, name=f"中共{unit.name}第二支部委员会",
                                                   kind="branch", unit=unit, members_count=rng.randrange(3, 15))
            else:
                registry.party_organization_create(actor=None, name=f"中共{unit.name}支部委员会",
                                                   kind="branch", unit=unit, members_count=rng.randrange(3, 25))
        assert PartyOrganization.objects.filter(unit__isnull=False).count() == data.TOTAL_UNIT_PARTY_ORGS

        # 187 cadres, older and less schooled than one would wish (the conditions overview shows it).
        per = _split(data.TOTAL_CADRES, 25, rng, spread=0.1)
        positions = ["党委书记", "居委会主任", "副主任", "委员", "计生专干", "综治专干", "民政专干", "社保协理员"]
        for community, count in zip(self.communities, per, strict=True):
            for k in range(count):
                registry.cadre_create(
                    actor=None, community=community, name=_person(rng), position=positions[k % len(positions)],
                    birth_year=rng.choice([1948, 1952, 1955, 1958, 1960, 1962, 1965, 1968, 1972, 1978, 1984]),
                    education=rng.choices(["primary", "junior", "senior", "college", "bachelor"],
                                          weights=[1, 4, 4, 2, 1])[0],
                    phone=_phone(rng))
        self.out(f"  {len(units)} 个辖区单位，{data.TOTAL_UNIT_PARTY_ORGS} 个单位党组织，{data.TOTAL_CADRES} 名社区干部")

    # --------------------------------------------------------------- users
    def build_users(self):
        by_name = {c.name: c for c in self.communities}
        sanyanjing = by_name["三眼井社区"]
        zhujianju = Unit.objects.get(community=sanyanjing, name="应城市住房和城乡建设局")
        admin = User.objects.create_superuser(username="admin", password=DEMO_PASSWORD, first_name="系统管理员")
        self.admin = admin

        self.hashed = make_password(DEMO_PASSWORD)  # hashing once: PBKDF2 is slow on purpose

        def make(username, role, scope=None, communities=(), name=""):
            return user_create(actor=admin, username=username, password=DEMO_PASSWORD, role=role, scope=scope,
                               communities=communities, validate=False, first_name=name,
                               hashed_password=self.hashed, must_change_password=False)

        make("shiwei", Role.CITY, name="市委组织部")
        logins = {name: login for name, _code, login, _communities in data.STREETS}
        for street in self.streets:
            make(logins[street.name], Role.STREET, street, name=street.name)
        for community in self.communities:
            username = "sanyanjing" if community == sanyanjing else f"sq_{community.code.lower()}"
            make(username, Role.COMMUNITY, community, name=community.name)
        make("zhujianju", Role.UNIT, zhujianju, name="住建局党组联络人")
        for unit in self.units_by_community[sanyanjing.pk][1:4]:
            make(f"dw_{unit.pk}", Role.UNIT, unit, name=unit.name)
        # 30 liaison officers, each assigned to one or two communities.
        for k in range(data.LIAISONS):
            first = self.communities[k % 25]
            assigned = [first] if k >= 5 else [first, self.communities[(k + 1) % 25]]
            make(f"lianluo{k + 1:02d}", Role.LIAISON, communities=assigned, name=_person(self.rng))
        # The four leadership teams' leaders, each the contact leader of a community (supervision demo
        # records the contact points with their titles).
        for username, name, _title, communities in data.LEADERS:
            make(username, Role.LEADER, communities=[by_name[c] for c in communities], name=name)
        self.out(f"  {User.objects.count()} 个用户")

    # --------------------------------------------------------------- round one
    def build_first_round(self):
        rng = self.rng
        admin = self.admin
        # The standard categories come with the install (a data migration): the demo uses their codes.
        category_standard_ensure()
        standard = {c.code: c for c in Category.objects.filter(code__in=[code for code, _ in data.CATEGORIES])}
        self.categories = {code: standard[code] for code, _ in data.CATEGORIES}
        rnd = solicitation.round_create(actor=admin, name=FIRST_ROUND, year=2010, opened_on=date(2010, 3, 1))

        # 3,000 forms, 10,000 letters, 31 meetings over 25 communities.
        forms = _split(data.FORMS, 25, rng, 0.2)
        letters = _split(data.LETTERS, 25, rng, 0.2)
        meetings = [1] * 25
        for i in rng.sample(range(25), data.MEETINGS - 25):
            meetings[i] += 1
        for i, community in enumerate(self.communities):
            solicitation.solicitation_record(actor=admin, round=rnd, community=community, kind="form",
                                             date=date(2010, 3, 5), count=forms[i], note="入户发放征求意见表")
            solicitation.solicitation_record(actor=admin, round=rnd, community=community, kind="letter",
                                             date=date(2010, 3, 8), count=letters[i], note="发送《致居民群众的一封信》")
            for m in range(meetings[i]):
                solicitation.solicitation_record(actor=admin, round=rnd, community=community, kind="meeting",
                                                 date=date(2010, 3, 15 + 7 * m), count=rng.randrange(15, 40),
                                                 note="居民代表座谈会")
            if i % 5 == 0:
                solicitation.solicitation_record(actor=admin, round=rnd, community=community, kind="online",
                                                 date=date(2010, 3, 1), count=0, note="应城组工网网上征集")

        # 89 problems: 14 communities with 4, 11 with 3; 311 opinions: 291 merged, 20 rejected.
        problem_counts = [4] * 14 + [3] * 11
        # The last community (新港社区, new) gets no project: 24 communities × 2 projects = 48.
        plan = []  # (community, template, location)
        for community, count in zip(self.communities, problem_counts, strict=True):
            templates = rng.sample(data.PROBLEM_TEMPLATES, count)
            locations = rng.sample(data.LOCATIONS, count)
            plan.extend((community, t, loc) for t, loc in zip(templates, locations, strict=True))
        assert len(plan) == data.PROBLEMS
        opinions_per_problem = [3] * data.PROBLEMS
        for i in rng.sample(range(data.PROBLEMS), data.OPINIONS - data.REJECTED_OPINIONS - 3 * data.PROBLEMS):
            opinions_per_problem[i] += 1
        channels = ["form", "form", "form", "letter", "meeting", "online", "hotline"]
        problems = []
        for (community, (category, title, sayings), loc), n in zip(plan, opinions_per_problem, strict=True):
            opinions = []
            for k in range(n):
                channel = rng.choice(channels)
                opinions.append(solicitation.opinion_create(
                    actor=admin, round=rnd, community=community, channel=channel,
                    category=self.categories[category], content=sayings[k % len(sayings)].format(loc=loc),
                    received_on=date(2010, 3, rng.randrange(2, 31)),
                    submitter_name=_person(rng) if rng.random() < 0.8 else "",
                    submitter_phone=_phone(rng) if rng.random() < 0.7 else "",
                    form_no=f"{community.code}-{rng.randrange(1, 121):03d}" if channel == "form" else ""))
            problems.append(solicitation.problem_register(
                actor=admin, round=rnd, community=community, title=title.format(loc=loc), opinions=opinions,
                description="；".join(o.content for o in opinions)))
        for k in range(data.REJECTED_OPINIONS):
            community = self.communities[k % 25]
            opinion = solicitation.opinion_create(
                actor=admin, round=rnd, community=community, channel="form", category=self.categories["other"],
                content=rng.choice(["邻居家装修占用公共楼道，请社区出面", "希望把我家门口的路改成步行街",
                                    "要求社区帮忙解决子女工作", "反映与邻居的宅基地纠纷"]),
                received_on=date(2010, 3, rng.randrange(2, 31)), submitter_name=_person(rng))
            solicitation.opinion_reject(actor=admin, opinion=opinion, reason=data.REJECT_REASONS[k % 4])

        # Classify: in each of the first 24 communities the first two problems are class A and
        # become projects; the rest share out the remaining A, B and C.
        by_community: dict[int, list[Problem]] = {}
        for problem in problems:
            by_community.setdefault(problem.community_id, []).append(problem)
        project_problems, rest = [], []
        for community in self.communities:
            mine = by_community[community.pk]
            if community.name == "新港社区":
                rest.extend(mine)
            else:
                project_problems.extend(mine[:2])
                rest.extend(mine[2:])
        assert len(project_problems) == data.PROJECTS
        remaining = (["A"] * (data.PROBLEMS_BY_CLASS["A"] - data.PROJECTS) + ["B"] * data.PROBLEMS_BY_CLASS["B"]
                     + ["C"] * data.PROBLEMS_BY_CLASS["C"])
        assert len(remaining) == len(rest)
        rng.shuffle(remaining)
        notes = {"A": "辖区单位有条件解决，列入办实事项目", "B": "涉及资金较大，列入下一轮统筹解决",
                 "C": "不属于本级职权范围，已向居民解释说明"}
        project_problems = [solicitation.problem_classify(actor=admin, problem=problem, klass="A", note=notes["A"])
                            for problem in project_problems]
        for problem, klass in zip(rest, remaining, strict=True):
            solicitation.problem_classify(actor=admin, problem=problem, klass=klass, note=notes[klass])
        self.out(f"  第一轮：意见 {data.OPINIONS} 条，问题 {data.PROBLEMS} 个")
        solicitation.round_set_status(actor=admin, round=rnd, status=Round.Status.SCREENING)
        solicitation.round_set_status(actor=admin, round=rnd, status=Round.Status.IN_PROGRESS)
        self.build_first_batch(rnd, project_problems)
        solicitation.round_set_status(actor=admin, round=rnd, status=Round.Status.CLOSED)
        return rnd

    def build_first_batch(self, rnd, project_problems):
        """48 projects, two key projects per community, walked through every step to 销号."""
        rng = self.rng
        street_users = {u.street_id: u for u in User.objects.filter(role=Role.STREET)}
        community_users = {u.community_id: u for u in User.objects.filter(role=Role.COMMUNITY)}
        for index, problem in enumerate(project_problems):
            units = self.units_by_community[problem.community_id]
            lead = units[0] if index % 2 == 0 else units[1 % len(units)]
            co_units = [u for u in units[2:4] if u != lead][: rng.randrange(0, 3)]
            deadline = date(2010, rng.choice([6, 7, 8, 9, 10]), 28)
            community = problem.community
            project = project_services.project_create(
                actor=community_users[community.pk], problem=problem, title=f"解决{problem.title}问题",
                lead_unit=lead, co_units=co_units, handler=_person(rng), handler_phone=_phone(rng),
                deadline=deadline, budget=rng.choice([3000, 5000, 8000, 12000, 20000, 35000]),
                fund_source=rng.choice(["单位自筹", "财政专项", "单位自筹+社区共建资金"]), is_key=True,
                description=problem.description, batch_number=1,
                today=deadline - timedelta(days=90), quiet=True)  # 2010's history: set up then, tells nobody
            street_user = street_users[community.street_id]
            unit_user = self._unit_user(lead)
            project = project_services.project_transition(actor=street_user, project=project, action="approve",
                                                          note="街道审核通过，予以公示", quiet=True)
            project = project_services.project_transition(actor=unit_user, project=project, action="start",
                                                          note="签收", quiet=True)
            for percent, note in zip([30, 60, 90], data.PROGRESS_NOTES, strict=False):
                project_services.progress_report(actor=unit_user, project=project, unit=lead, percent=percent,
                                                 note=note)
            project = project_services.project_transition(actor=unit_user, project=project, action="report_done",
                                                          note=data.PROGRESS_NOTES[-1], quiet=True)
            # Residents who raised the problem rate it with their receipt codes.
            for opinion in problem.opinions.all()[:2]:
                value = rng.choices(["satisfied", "basic", "unsatisfied"], weights=[8, 3, 1])[0]
                project_services.rating_submit(project=project, receipt_code=opinion.receipt_code, value=value)
            project_services.project_transition(actor=street_user, project=project, action="close",
                                                note="经社区验收、居民评议，予以销号", quiet=True)
            self._backdate(project, deadline)
        self.out(f"  第一批办实事项目 {data.PROJECTS} 个，全部销号")

    def _unit_user(self, unit: Unit) -> User:
        """The lead unit's contact login (every unit that leads a project has one)."""
        user = User.objects.filter(role=Role.UNIT, unit=unit).first()
        if user is None:
            user = user_create(actor=self.admin, username=f"dw_{unit.pk}", password=DEMO_PASSWORD, role=Role.UNIT,
                               scope=unit, validate=False, first_name=unit.contact_name,
                               hashed_password=self.hashed, must_change_password=False)
        return user

    def _backdate(self, project: Project, deadline: date):
        """The demo happened in 2010: put the timeline's dates there (dates only, no history rows)."""
        start = deadline - timedelta(days=90)
        events = list(project.events.order_by("id"))
        for k, event in enumerate(events):
            ProjectEvent.objects.filter(pk=event.pk).update(
                created_at=_at(start + timedelta(days=int(k * 80 / max(1, len(events) - 1)))))
        project.progress_reports.update(created_at=_at(start + timedelta(days=40)))
        Project.objects.filter(pk=project.pk).update(
            approved_at=_at(start), completed_at=_at(deadline - timedelta(days=12)),
            closed_at=_at(deadline - timedelta(days=5)))

    # --------------------------------------------------------------- round two
    def build_second_round(self):
        """The second round (the projects of 2011): solicited in November 2010, its opinions being screened
        in December 2010 as the report tells it; class B problems carried over."""
        rng = self.rng
        admin = self.admin
        rnd = solicitation.round_create(actor=admin, name=SECOND_ROUND, year=2011, opened_on=date(2010, 11, 1))
        for community in self.communities:
            solicitation.solicitation_record(actor=admin, round=rnd, community=community, kind="form",
                                             date=date(2010, 11, 5), count=100, note="入户发放征求意见表")
            for _ in range(rng.randrange(1, 4)):
                category, _title, sayings = rng.choice(data.PROBLEM_TEMPLATES)
                loc = rng.choice(data.LOCATIONS)
                solicitation.opinion_create(
                    actor=admin, round=rnd, community=community, channel=rng.choice(["form", "meeting", "online"]),
                    category=self.categories[category], content=rng.choice(sayings).format(loc=loc),
                    received_on=date(2010, 11, rng.randrange(6, 30)), submitter_name=_person(rng),
                    submitter_phone=_phone(rng))
        solicitation.round_set_status(actor=admin, round=rnd, status=Round.Status.SCREENING)
        self.out("  第二轮：意见筛选中")
        return rnd

    # --------------------------------------------------------------- today's round
    def build_present_round(self, today: date):
        """Today's round, open: solicitation under way, a few residents' opinions of the last weeks
        (most pending), so that a resident can add one on the public page or through the API."""
        admin = self.admin
        rng = random.Random(today.toordinal())  # its own generator: the other areas' data stay as they were
        opened_on = today - timedelta(days=PRESENT_ROUND_OPENED_DAYS_AGO)
        rnd = solicitation.round_create(actor=admin, name=present_round_name(today), year=today.year,
                                        opened_on=opened_on)
        by_name = {c.name: c for c in self.communities}
        for community in self.communities[:10]:
            solicitation.solicitation_record(actor=admin, round=rnd, community=community, kind="online",
                                             date=opened_on, count=0, note="网上征集意见")
            solicitation.solicitation_record(actor=admin, round=rnd, community=community, kind="form",
                                             date=opened_on + timedelta(days=3), count=rng.randrange(60, 150),
                                             note="入户发放征求意见表")
        for days_ago, community_name, category, content, name in data.PRESENT_OPINIONS:
            opinion = solicitation.opinion_create(
                actor=admin, round=rnd, community=by_name[community_name],
                channel="online" if name == "" else rng.choice(["form", "online", "hotline"]),
                category=self.categories[category], content=content, received_on=today - timedelta(days=days_ago),
                submitter_name=name, submitter_phone=_phone(rng) if name else "")
            if community_name in data.REJECTED_PRESENT:
                solicitation.opinion_reject(actor=admin, opinion=opinion,
                                            reason="属于公厕管理单位的日常管理，已转市城市管理局处理并答复居民")
        self.out(f"  {rnd.name}：征集中，意见 {len(data.PRESENT_OPINIONS)} 条")
        return rnd


def load_demo(out=None) -> bool:
    """Load the demo city unless it is there already. Returns True when it loaded it."""
    if demo_loaded():
        return False
    builder = DemoBuilder(out=out)
    today = timezone.localdate()
    with transaction.atomic():
        builder.build_registry()
        builder.build_users()
        builder.build_first_round()
        builder.build_second_round()
        builder.build_present_round(today)
        supervision_demo.load(admin=builder.admin, rng=builder.rng, out=builder.out)
        members_demo.load(admin=builder.admin, rng=builder.rng)
        activities_demo.load(admin=builder.admin, rng=builder.rng)
        evaluation_demo.load(admin=builder.admin, rng=builder.rng)
        funding_demo.load(admin=builder.admin, rng=builder.rng)
        conditions_demo.load(admin=builder.admin, rng=builder.rng)
        standards_demo.load(admin=builder.admin, rng=builder.rng)
    return True
