"""Behind nginx one client must not lock out or use up everyone (issue 15 › 2)."""

import json

from axes.models import AccessAttempt
from django.test import Client, override_settings

from gongjian.testing import PASSWORD

NGINX = "127.0.0.1"


def _via_proxy(client_ip: str) -> Client:
    """A client behind the shipped nginx: the peer is 127.0.0.1, nginx appends the real address."""
    return Client(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=client_ip)


@override_settings(AXES_ENABLED=True, TRUSTED_PROXIES=[NGINX])
def test_five_bad_logins_from_one_client_behind_the_proxy_do_not_lock_out_another(city):
    attacker = _via_proxy("203.0.113.7")
    for _ in range(5):
        attacker.post("/staff/login/", {"username": "unit", "password": "wrong"})
    assert attacker.post("/staff/login/", {"username": "counit", "password": PASSWORD}).status_code == 429

    colleague = _via_proxy("198.51.100.20")
    response = colleague.post("/staff/login/", {"username": "counit", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in colleague.session
    # The audit trail of failures names the real client, not the proxy.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


@override_settings(AXES_ENABLED=True, TRUSTED_PROXIES=[NGINX])
def test_the_token_endpoint_locks_the_client_not_the_proxy(city):
    attacker = _via_proxy("203.0.113.7")
    for _ in range(5):
        attacker.post("/api/v1/auth/token", json.dumps({"username": "unit", "password": "wrong"}),
                      content_type="application/json")
    other = _via_proxy("198.51.100.20")
    response = other.post("/api/v1/auth/token", json.dumps({"username": "counit", "password": PASSWORD}),
                          content_type="application/json")
    assert response.status_code == 200


@override_settings(AXES_ENABLED=True)
def test_a_spoofed_x_forwarded_for_from_an_untrusted_peer_is_ignored(city):
    # No TRUSTED_PROXIES: a client rotating the header still counts as its own address.
    for n in range(5):
        Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").post(
            "/staff/login/", {"username": "unit", "password": "wrong"})
    same = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert same.post("/staff/login/", {"username": "counit", "password": PASSWORD}).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


@override_settings(TRUSTED_PROXIES=[NGINX])
def test_page_rate_limits_count_per_real_client_behind_the_proxy(city):
    from gongjian.portal.views import TRACK_RATE

    limit = int(TRACK_RATE.split("/")[0])
    first = _via_proxy("203.0.113.7")
    answers = [first.get("/track/", {"code": "ABCDEFGHJKLM"}).status_code for _ in range(limit + 1)]
    assert answers[:limit] == [200] * limit and answers[limit] == 429
    assert _via_proxy("198.51.100.20").get("/track/", {"code": "ABCDEFGHJKLM"}).status_code == 200


@override_settings(TRUSTED_PROXIES=[NGINX])
def test_api_rate_limits_count_per_real_client_behind_the_proxy(city):
    body = json.dumps({"username": "nobody", "password": "wrong"})
    first = _via_proxy("203.0.113.7")
    answers = [first.post("/api/v1/auth/token", body, content_type="application/json").status_code
               for _ in range(31)]
    assert answers[:30] == [401] * 30 and answers[30] == 429  # auth/token: 30 a minute per client
    other = _via_proxy("198.51.100.20").post("/api/v1/auth/token", body, content_type="application/json")
    assert other.status_code == 401


def test_without_trusted_proxies_a_forged_header_does_not_escape_the_api_rate_limit(city):
    body = json.dumps({"username": "nobody", "password": "wrong"})
    answers = [Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").post(
        "/api/v1/auth/token", body, content_type="application/json").status_code for n in range(31)]
    assert answers[30] == 429
