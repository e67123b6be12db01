from celery import shared_task


@shared_task(name="dedupe.index_opinions")
def index_opinion_ids(opinion_ids: list[int]) -> int:
    """Index opinions written in bulk (an import) for the similar-opinions suggestions."""
    from gongjian.solicitation.models import Opinion

    from .services import index_opinions

    return index_opinions(Opinion.objects.filter(pk__in=opinion_ids).only("id", "round_id", "community_id",
                                                                          "content"))
