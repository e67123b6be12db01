"""API of evaluation and assessment, one module per sub-domain (Zulip's zerver/actions):

- campaigns.py    双向评议活动: campaigns, criteria, progress, reminders, results (aggregates)
- ratings.py      评议打分: a rater's ratings
- assessment.py   目标责任考核: weights, scores and rankings, exports

Every handler: look the object up among the visible rows (404) → permission (403) → read the body
(400) → one service call (409 from the service's state checks) → the answer.
"""

from ninja import Router

from . import assessment, campaigns, ratings

router = Router(tags=["双向评议与目标责任考核"])
for module in (campaigns, ratings, assessment):
    router.add_router("", module.router)
