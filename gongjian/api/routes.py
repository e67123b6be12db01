"""Every area's router, mounted on the one API under /api/v1/."""

from gongjian.accounts.api import router as accounts_router
from gongjian.registry.api import router as registry_router
from gongjian.reports.api import router as reports_router
from gongjian.solicitation.api import router as solicitation_router

from .base import api

api.add_router("", accounts_router)
api.add_router("", registry_router)
api.add_router("", reports_router)
api.add_router("", solicitation_router)
api.add_router("", "gongjian.projects.api.router")
api.add_router("", "gongjian.supervision.api.router")
api.add_router("", "gongjian.notifications.api.router")
api.add_router("", "gongjian.dedupe.api.router")
api.add_router("", "gongjian.evaluation.api.router")
api.add_router("", "gongjian.funding.api.router")
api.add_router("", "gongjian.conditions.api.router")
api.add_router("", "gongjian.standards.api.router")
api.add_router("", "gongjian.members.api.router")
api.add_router("", "gongjian.activities.api.router")
api.add_router("", "gongjian.todo.api.router")
