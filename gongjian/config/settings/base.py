"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url

# ------------------------------------------------------------------------------ paths
PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent  # gongjian/
BASE_DIR = PACKAGE_DIR.parent  # the checkout
VAR_DIR = Path(os.environ.get("GONGJIAN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# ------------------------------------------------------------------------------ core
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The reverse proxies in front of the app (addresses or networks, e.g. "127.0.0.1,10.0.0.0/8").
# Only when the connecting peer is one of them is X-Forwarded-For believed: the client is then its
# right-most address that is not a trusted proxy (gongjian/core/clients.py). Default: none, and
# X-Forwarded-For is ignored. The shipped nginx on the same machine needs "127.0.0.1".
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
# The admin site's path: a deployment may move it off the well-known /admin/.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the widget templates, for FORM_RENDERER
    "simple_history",
    "axes",
    "csp",
    "ninja",
    "gongjian.accounts",
    "gongjian.citysetup",
    "gongjian.todo",
    "gongjian.registry",
    "gongjian.divisions",
    "gongjian.solicitation",
    "gongjian.dedupe",
    "gongjian.open311",
    "gongjian.projects",
    "gongjian.evaluation",
    "gongjian.supervision",
    "gongjian.notifications",
    "gongjian.members",
    "gongjian.activities",
    "gongjian.funding",
    "gongjian.conditions",
    "gongjian.standards",
    "gongjian.reports",
    "gongjian.portal",
    "gongjian.demo",
    "gongjian.synth",
    "gongjian.bench",
    "gongjian.backup",
    "gongjian.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "gongjian.core.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "gongjian.accounts.middleware.PasswordChangeRequiredMiddleware",
    "gongjian.accounts.middleware.LockoutMiddleware",  # last: a locked-out login → the lockout page
]

ROOT_URLCONF = "gongjian.config.urls"
WSGI_APPLICATION = "gongjian.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
CSRF_FAILURE_VIEW = "gongjian.core.error_views.csrf_failure"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongjian.accounts.context_processors.navigation",
            ],
        },
    },
]

# Every form field through one template (gongjian/templates/forms/field.html).
FORM_RENDERER = "gongjian.core.forms.FormRenderer"

# ------------------------------------------------------------------------------ database
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'gongjian.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers proceed while one writer commits; IMMEDIATE avoids lock upgrades failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# ------------------------------------------------------------------------------ cache
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# ------------------------------------------------------------------------------ task queue (Celery)
# Redis is the broker when there is one; otherwise tasks run inline (a laptop, the tests).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL) or "memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Shanghai"

# ------------------------------------------------------------------------------ auth
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login failure lockout, before the password check
    "django.contrib.auth.backends.ModelBackend",
]
# 5 failures → 15 minutes locked, counted per account and per address (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The one client address (TRUSTED_PROXIES) and the one username form (case and width folded).
AXES_CLIENT_IP_CALLABLE = "gongjian.core.clients.client_address"
AXES_USERNAME_CALLABLE = "gongjian.accounts.models.axes_username"
# Our LockoutMiddleware is axes' middleware, subclassed to leave the JSON API's own 429 alone.
SILENCED_SYSTEM_CHECKS = ["axes.W002"]
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "120")) * 60
SESSION_SAVE_EVERY_REQUEST = True  # sliding expiry: logged out after SESSION_IDLE_MINUTES without activity
SESSION_COOKIE_HTTPONLY = True
# In production, a user still on an initial or demo password must change it before anything else.
FORCE_PASSWORD_CHANGE = env_bool("FORCE_PASSWORD_CHANGE", False)
API_TOKEN_TTL_HOURS = int(os.environ.get("API_TOKEN_TTL_HOURS", "720"))

# ------------------------------------------------------------------------------ i18n
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

# ------------------------------------------------------------------------------ static and media
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end libraries come from the npm registry (package-lock.json); only the files we use are exposed.
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",  # site.css and other files of no single app
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/lucide", NODE_MODULES / "lucide-static" / "icons"),  # icons (ISC), drawn by CSS masks
]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# With nginx in front: uploads are handed over by X-Accel-Redirect to this internal location
# (deploy/nginx.conf); empty: the app streams them itself.
GONGJIAN_ACCEL_REDIRECT_PREFIX = os.environ.get("GONGJIAN_ACCEL_REDIRECT_PREFIX", "")

# ------------------------------------------------------------------------------ gongjian
GONGJIAN_CITY_CODE = os.environ.get("GONGJIAN_CITY_CODE", "YC")
GONGJIAN_CITY_NAME = os.environ.get("GONGJIAN_CITY_NAME", "应城市")
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
RATELIMIT_VIEW = "gongjian.portal.views.rate_limited"
# Every django-ratelimit key="ip" (pages and the API's rate_limit) counts the one client address.
RATELIMIT_IP_META_KEY = "gongjian.core.clients.rate_limit_address"
# Rate limits of the public side, per client address (django-ratelimit's "count/period").
GONGJIAN_PUBLIC_OPINION_RATE = os.environ.get("GONGJIAN_PUBLIC_OPINION_RATE", "20/h")
GONGJIAN_PUBLIC_TRACK_RATE = os.environ.get("GONGJIAN_PUBLIC_TRACK_RATE", "60/m")
GONGJIAN_PUBLIC_READ_RATE = os.environ.get("GONGJIAN_PUBLIC_READ_RATE", "600/m")
GONGJIAN_RATING_RATE = os.environ.get("GONGJIAN_RATING_RATE", "10/h")
# Open311 reads (requests.json, requests/{id}.json) per client address; "" turns a limit off.
GONGJIAN_OPEN311_READ_RATE = os.environ.get("GONGJIAN_OPEN311_READ_RATE", "60/m")
# Text messages (gongjian/notifications/sms.py): the console backend logs them; AliyunBackend sends them
# through 阿里云短信服务 with the keys, the registered signature and template below.
GONGJIAN_SMS_BACKEND = os.environ.get("GONGJIAN_SMS_BACKEND", "gongjian.notifications.sms.ConsoleBackend")
GONGJIAN_SMS_ALIYUN = {
    "access_key_id": os.environ.get("ALIYUN_SMS_ACCESS_KEY_ID", ""),
    "access_key_secret": os.environ.get("ALIYUN_SMS_ACCESS_KEY_SECRET", ""),
    "sign_name": os.environ.get("ALIYUN_SMS_SIGN_NAME", ""),
    "template_code": os.environ.get("ALIYUN_SMS_TEMPLATE_CODE", ""),
}

# ------------------------------------------------------------------------------ security headers
# Content-Security-Policy (django-csp): scripts and styles only from our own static files. Styles
# allow inline (style="" attributes in templates; htmx's indicator style); scripts do not — page
# behaviour lives in static/gongjian/site.js, wired by data- attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Permissions-Policy: no page uses these browser features.
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                      "microphone=(), payment=(), usb=()")

# ------------------------------------------------------------------------------ logging
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
