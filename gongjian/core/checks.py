"""System checks of the deployment (`gongjian check --deploy`)."""

import ipaddress

from django.conf import settings
from django.core.checks import Error, Tags, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}


@register(Tags.security, deploy=True)
def shared_cache(app_configs=None, **kwargs):
    """Rate limits, the lockout page's counters and the board's versions live in the cache: with a
    per-process cache each worker counts alone (2 workers let 36 of 45 submissions through a 20/h
    limit), so production needs a cache all processes share — Redis through REDIS_URL."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [Error(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) is not shared between processes: rate limits "
            "and the public board's cache versions would be counted per worker. 生产环境须设置 REDIS_URL。",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so every worker shares one cache.",
            id="gongjian.E001",
        )]
    return []


@register(Tags.security)
def trusted_proxies(app_configs=None, **kwargs):
    errors = []
    for entry in getattr(settings, "TRUSTED_PROXIES", []) or []:
        try:
            ipaddress.ip_network(entry.strip(), strict=False)
        except ValueError:
            errors.append(Error(
                f"TRUSTED_PROXIES entry {entry!r} is not an address or a network.",
                hint="A comma-separated list such as 127.0.0.1,10.0.0.0/8.",
                id="gongjian.E002",
            ))
    return errors
