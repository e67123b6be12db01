from datetime import date

from gongjian.standards import services


def make_standard(city_user, *, pass_score=85, tier1_min=85, tier2_min=70):
    """100 points: 抓基础 50 (basics), 创特色 30 (features), 上档次 20 (excellence)."""
    standard = services.standard_create(actor=city_user, name="示范社区标准", year=2010, pass_score=pass_score,
                                        tier1_min=tier1_min, tier2_min=tier2_min)
    for group, title, points in [("basics", "班子建设", 50), ("features", "特色品牌", 30), ("excellence", "示范带动", 20)]:
        services.criterion_add(actor=city_user, standard=standard, group=group, title=title, points=points)
    return standard


def make_target(city_user, standard, share=80):
    return services.target_set(actor=city_user, standard=standard, name="两年内80%达标", share=share,
                               due_on=date(2012, 12, 31))


def points(standard, basics, features, excellence):
    c = {x.title: x.pk for x in standard.criteria.all()}
    return {c["班子建设"]: basics, c["特色品牌"]: features, c["示范带动"]: excellence}


def assess_to_final(city, standard, community, scores, street_scores=None, final_scores=None):
    a = services.self_assessment_save(actor=city.community_user, standard=standard, community=community,
                                      scores=scores)
    services.self_assessment_submit(actor=city.community_user, assessment=a)
    services.assessment_review(actor=city.street_user, assessment=a, scores=street_scores or {})
    return services.assessment_review(actor=city.city_user, assessment=a, scores=final_scores or {})
