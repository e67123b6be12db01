"""API: projects, transitions, progress and evidence, extensions, bulk set-up; the public board and
residents' ratings (API.md › Projects, Public) — one module per sub-domain, joined into one router.

Every handler: look the object up among the visible rows (404) → permission (403) → read the body
(400) → one service call (409 from the service's state checks) → the answer.
"""

from ninja import Router

from . import bulk, extensions, progress, projects, public, ratings

router = Router()
for _module in (bulk, projects, progress, extensions, public, ratings):
    router.add_router("", _module.router)
