"""Demo data of demonstration-community creation: the city's standard (抓基础 / 创特色 / 上档次), the
target "两年内使80%的社区达到省级示范标准", and assessments at every stage. Final scores agree with
the tiers the registry already holds, so setting the tier changes no demo figure."""

from datetime import date
from decimal import Decimal

from gongjian.registry.models import Community

from . import services
from .models import Assessment

CRITERIA = [
    ("basics", "班子建设：书记、主任配备齐全，结构合理", 10), ("basics", "阵地建设：办公和活动用房达标", 10),
    ("basics", "制度建设：议事、公开、考评等制度健全", 8), ("basics", "经费保障：工作经费足额到位", 8),
    ("basics", "党员管理：一卡两表、在职党员双报到", 8), ("basics", "居民群众满意度", 6),
    ("features", "特色服务品牌", 10), ("features", "共驻共建：轮值主席制、办实事项目落实", 10),
    ("features", "党建主题活动（四联四帮、三进社区）", 10),
    ("excellence", "信息化管理水平", 7), ("excellence", "获得省级以上表彰", 7), ("excellence", "示范带动作用", 6),
]
SCORE_RANGE = {1: (86, 96), 2: (71, 84), 3: (55, 69)}


def _scores(criteria, total: int, rng) -> dict:
    """Points per criterion summing to `total` (each within its maximum)."""
    full = sum(c.points for c in criteria)
    scores = {c.pk: (c.points * Decimal(total) / full).quantize(Decimal("1")) for c in criteria}
    diff = Decimal(total) - sum(scores.values())
    for c in sorted(criteria, key=lambda c: rng.random()):
        if diff == 0:
            break
        step = Decimal(1 if diff > 0 else -1)
        if 0 <= scores[c.pk] + step <= c.points:
            scores[c.pk] += step
            diff -= step
    return scores


def load(*, admin, rng) -> None:
    standard = services.standard_create(actor=admin, name="应城市省级示范社区创建标准（2010年）", year=2010,
                                        pass_score=85, tier1_min=85, tier2_min=70)
    for group, title, points in CRITERIA:
        services.criterion_add(actor=admin, standard=standard, group=group, title=title, points=points)
    services.target_set(actor=admin, standard=standard, name="两年内80%的社区达到省级示范社区标准", share=80,
                        due_on=date(2012, 12, 31))
    criteria = list(standard.criteria.all())
    communities = [c for c in Community.objects.order_by("code") if c.tier]
    # Tier-1 communities are finally assessed; tier-2 ones are at every stage; most tier-3 ones have
    # not started (三类社区抓基础).
    plan = {1: ["final"] * 5, 2: ["final"] * 6 + ["street_reviewed"] * 2 + ["submitted"] * 2 + ["draft"],
            3: ["submitted", "draft", "draft"]}
    seen = {1: 0, 2: 0, 3: 0}
    for community in communities:
        stages = plan[community.tier]
        if seen[community.tier] >= len(stages):
            continue
        stage = stages[seen[community.tier]]
        seen[community.tier] += 1
        low, high = SCORE_RANGE[community.tier]
        final = rng.randrange(low, high)
        self_total = min(100, final + rng.randrange(1, 4))
        assessment = services.self_assessment_save(
            actor=admin, standard=standard, community=community, scores=_scores(criteria, self_total, rng),
            notes={criteria[0].pk: "书记、主任均已配备，班子成员平均年龄偏大"})
        if stage == "draft":
            continue
        services.self_assessment_submit(actor=admin, assessment=assessment)
        if stage == "submitted":
            continue
        services.assessment_review(actor=admin, assessment=assessment, decision="approve",
                                   scores=_scores(criteria, min(100, final + 1), rng), note="街道复核")
        if stage == "street_reviewed":
            continue
        done = services.assessment_review(actor=admin, assessment=assessment, decision="approve",
                                          scores=_scores(criteria, final, rng), note="市创建办实地验收")
        assert done.status == Assessment.Status.FINAL and done.tier == community.tier
