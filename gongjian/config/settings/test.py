"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL points at one."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed: tests create many users
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True  # tasks run inline in tests
CELERY_BROKER_URL = "memory://"
# django-axes needs the request in authenticate(), which Client.login() does not pass; the lockout
# tests turn it on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
