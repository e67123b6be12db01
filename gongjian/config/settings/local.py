"""Development on a laptop: `make run`. DEBUG on unless the environment says otherwise."""

import os

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402,F403

SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: F405
# Development: e-mail reminders are printed in the console instead of sent.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
