"""Residents' satisfaction ratings (满意度评价), one per receipt code per project."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongjian.projects.board_cache import board_changed
from gongjian.projects.errors import ProjectConflict, WrongState
from gongjian.projects.models import RATING_COMMENT_MAX_CHARS, Project, Rating
from gongjian.solicitation.models import Opinion
from gongjian.solicitation.validation import unstorable


class AlreadyRated(ProjectConflict):
    code = "already_rated"

    def __init__(self):
        super().__init__("该回执码已评价过本项目")


@transaction.atomic
def rating_submit(*, project: Project, receipt_code: str, value: str, comment: str = "") -> Rating:
    """A resident's satisfaction rating of a completed project, one per receipt code, with an
    optional comment (at most RATING_COMMENT_MAX_CHARS characters; staff read it as written, the
    public only masked).

    Raises Opinion.DoesNotExist for an unknown code, ValidationError for a code of another
    community or round, WrongState when the project is not done, AlreadyRated when the code already
    rated it.
    """
    if value not in Rating.Value.values:
        raise ValidationError({"rating": ["评价须为 satisfied（满意）、basic（基本满意）或 unsatisfied（不满意）"]})
    comment = (comment or "").strip()
    if len(comment) > RATING_COMMENT_MAX_CHARS:
        raise ValidationError({"comment": [f"留言太长（{len(comment)} 字），不能超过 {RATING_COMMENT_MAX_CHARS} 字"]})
    if unstorable(comment):
        raise ValidationError({"comment": ["留言含有无法保存的字符"]})
    code = (receipt_code or "").strip().upper()
    if not code.isascii():  # receipt codes are ASCII; a lone surrogate must not reach the database
        raise Opinion.DoesNotExist("回执码不存在")
    opinion = Opinion.objects.get(receipt_code=code)
    if opinion.community_id != project.community_id or opinion.round_id != project.round_id:
        raise ValidationError({"receipt_code": ["该回执码不属于本项目所在社区的本轮意见，不能评价本项目"]})
    if project.status not in Project.DONE_STATUSES:
        raise WrongState("项目完成后才能评价")
    if Rating.objects.filter(project=project, opinion=opinion).exists():
        raise AlreadyRated()
    try:
        with transaction.atomic():
            rating = Rating.objects.create(project=project, opinion=opinion, value=value, comment=comment)
    except IntegrityError:  # the same code rated it a moment ago (rating_one_per_receipt_code)
        raise AlreadyRated() from None
    board_changed(project)
    return rating
