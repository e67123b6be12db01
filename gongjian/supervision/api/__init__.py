"""API of the supervision area, one module per sub-domain (Zulip's zerver/actions):

- notices.py      督办单 /supervisions
- warnings.py     预警 /warnings and the liaison's risk list /supervision/risk
- chairs.py       轮值主席 /chair-terms, /chair-recommendations
- meetings.py     例会 /meetings, /decisions/{id}/follow-ups, /follow-ups
- contacts.py     领导联系点 /contact-points
- committees.py   协调委员会 /committee-members

Every handler: look the object up among the visible rows (404) → permission (403) → read the body
(400) → one service call (409 from the service's state checks) → the answer.
"""

from ninja import Router

from . import chairs, committees, contacts, meetings, notices, warnings

router = Router(tags=["督办与协调"])
for module in (notices, warnings, chairs, meetings, contacts, committees):
    router.add_router("", module.router)
