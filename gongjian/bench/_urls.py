"""The site's URLs plus two views of the benchmark's own:

- the floor every HTTP figure is compared with: a bare Django view returning a fixed JSON (no
  database, no template, the same middleware);
- a prototype of the board with a query-free cache hit (`/bench/board-proto/c/<id>/`): the page is
  cached under a per-community generation number kept in the cache itself, which the services would
  bump on commit of any write to that community's projects. It renders through the real board view on
  a miss. It exists only to measure what that design would gain (docs/performance.md); it is not a page
  of the site.
"""

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.urls import path

from gongjian.config.urls import urlpatterns as site

_FIXED = {"status": "ok", "name": "共建", "items": [1, 2, 3]}


def bare(request):
    return JsonResponse(_FIXED, json_dumps_params={"ensure_ascii": False})


def board_proto(request, community_id):
    from gongjian.projects import public_views

    gen_key = f"bench-proto:gen:{community_id}"
    generation = cache.get(gen_key)
    if generation is None:
        cache.add(gen_key, 1, None)
        generation = cache.get(gen_key, 1)
    page_key = f"bench-proto:page:{community_id}:{generation}"
    content = cache.get(page_key)
    if content is None:
        response = public_views.community(request, community_id)
        if response.status_code != 200:
            return response
        content = response.content
        cache.set(page_key, content, 600)
    return HttpResponse(content)


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("bench/board-proto/c/<int:community_id>/", board_proto, name="bench-board-proto"),
    *site,
]
