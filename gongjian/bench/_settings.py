"""Settings of the gunicorn processes `gongjian bench` starts: production settings (persistent database
connections, Redis cache when REDIS_URL is set, no DEBUG) plus the bare floor view, and without what
would distort a load test from one address (the public read rate limits, HTTPS redirect, the static
manifest — the benchmark serves no static files)."""

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from gongjian.config.settings.production import *  # noqa: E402,F403

ROOT_URLCONF = "gongjian.bench._urls"
GONGJIAN_PUBLIC_READ_RATE = ""
GONGJIAN_OPEN311_READ_RATE = ""
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
