from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from gongjian.api.routes import api

admin.site.site_header = "共建 Gongjian 管理后台"
admin.site.site_title = "共建管理后台"

urlpatterns = [
    path("api/v1/", api.urls),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("gongjian.accounts.urls")),
    path("staff/setup/", include("gongjian.citysetup.urls")),
    path("staff/todo/", include("gongjian.todo.urls")),
    path("staff/registry/", include("gongjian.registry.urls")),
    path("staff/divisions/", include("gongjian.divisions.urls")),
    path("staff/dashboard/", include("gongjian.reports.urls")),
    path("figures/", include("gongjian.reports.public_urls")),
    path("staff/solicitation/", include("gongjian.solicitation.urls")),
    path("staff/projects/", include("gongjian.projects.urls")),
    path("staff/supervision/", include("gongjian.supervision.urls")),
    path("staff/inbox/", include("gongjian.notifications.urls")),
    path("staff/members/", include("gongjian.members.urls")),
    path("staff/activities/", include("gongjian.activities.urls")),
    path("activities/", include("gongjian.activities.public_urls")),
    path("staff/funding/", include("gongjian.funding.urls")),
    path("staff/conditions/", include("gongjian.conditions.urls")),
    path("staff/standards/", include("gongjian.standards.urls")),
    path("staff/evaluation/", include("gongjian.evaluation.urls")),
    path("board/", include("gongjian.projects.public_urls")),
    path("open311/v2/", include("gongjian.open311.urls")),
    path("", include("gongjian.portal.urls")),
]

# Nothing serves /media/: every upload is handed over by a view that checks who may see it
# (core/files.py), also under DEBUG.

handler400 = "gongjian.core.error_views.bad_request"
handler403 = "gongjian.core.error_views.permission_denied"
handler404 = "gongjian.core.error_views.page_not_found"
handler500 = "gongjian.core.error_views.server_error"
