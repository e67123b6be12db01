"""Production hardening: headers, the admin path, the shipped nginx, `check --deploy` (issue 15 › 8, 15)."""

import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client, override_settings
from django.urls import clear_url_caches

from gongjian.core.checks import shared_cache, trusted_proxies

DEPLOY = Path(settings.BASE_DIR) / "deploy"
TEMPLATE_DIRS = [Path(settings.PACKAGE_DIR)]


def test_pages_carry_a_content_security_policy_without_inline_script(db):
    response = Client().get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "'none'" in directives["object-src"] and "'none'" in directives["frame-ancestors"]


def test_pages_carry_a_permissions_policy(db):
    policy = Client().get("/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


def test_no_template_needs_inline_script():
    """script-src 'self' blocks inline handlers and script blocks: behaviour lives in static files."""
    offenders = []
    for template in Path(settings.PACKAGE_DIR).rglob("templates/**/*.html"):
        html = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>", html):
            attrs = match.group(1)
            if "src=" not in attrs and "application/json" not in attrs:
                offenders.append(f"{template}: inline <script>")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", html) or "javascript:" in html:
            offenders.append(f"{template}: inline event handler")
    assert not offenders, offenders


def test_the_admin_site_lives_at_the_configured_path(db):
    import gongjian.config.urls as urls

    try:
        with override_settings(ADMIN_PATH="houtai-7f3a/"):
            importlib.reload(urls)
            clear_url_caches()
            assert Client().get("/houtai-7f3a/").status_code == 302  # to the admin's login
            assert Client().get("/admin/").status_code == 404
    finally:
        importlib.reload(urls)
        clear_url_caches()
    assert Client().get("/admin/").status_code == 302


def test_the_shipped_nginx_hides_its_version_and_forwards_the_client_address():
    conf = (DEPLOY / "nginx.conf").read_text()
    assert conf.count("server_tokens off;") >= 2  # both server blocks
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    env = (DEPLOY / "gongjian.env.example").read_text()
    assert re.search(r"^TRUSTED_PROXIES=127\.0\.0\.1", env, re.M)
    assert re.search(r"^REDIS_URL=redis://", env, re.M)


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_check_deploy_fails_without_a_shared_cache():
    assert [e.id for e in shared_cache()] == ["gongjian.E001"]
    with pytest.raises(SystemCheckError, match="REDIS_URL"):
        call_command("check", deploy=True, fail_level="ERROR")


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": "redis://127.0.0.1:6379/0"}})
def test_a_redis_cache_satisfies_the_shared_cache_check():
    assert shared_cache() == []


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "nginx.local"])
def test_a_trusted_proxy_that_is_not_an_address_is_a_configuration_error():
    assert [e.id for e in trusted_proxies()] == ["gongjian.E002"]


def test_production_settings_pass_check_deploy(tmp_path):
    """`gongjian check --deploy` with production settings and the required environment is clean."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongjian.config.settings.production",
           "SECRET_KEY": "x" * 20 + "-production-check-0123456789-abcdefghijklmnop",
           "REDIS_URL": "redis://127.0.0.1:6379/0", "ALLOWED_HOSTS": "gongjian.example.gov.cn",
           "TRUSTED_PROXIES": "127.0.0.1", "GONGJIAN_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for the browser tests
    result = subprocess.run([sys.executable, "-m", "gongjian.manage", "check", "--deploy", "--fail-level",
                             "WARNING"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    env.pop("REDIS_URL")
    result = subprocess.run([sys.executable, "-m", "gongjian.manage", "check", "--deploy"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "gongjian.E001" in result.stderr + result.stdout
