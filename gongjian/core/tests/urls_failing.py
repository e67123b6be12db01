"""The site's URLs plus pages that fail, for the error page tests."""

from django.urls import path

from gongjian.config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def broken_page(request):
    raise RuntimeError("secret internals")


def broken_api(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("broken/", broken_page), path("api/v1/broken-outside-ninja/", broken_api), *urlpatterns]
