"""One client address for the lockout, every rate limit and the audit trail (issue 15 › 2)."""

from django.test import RequestFactory, override_settings

from gongjian.core.clients import client_address, rate_limit_address

rf = RequestFactory()


def _request(peer, forwarded=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **extra)


def test_without_trusted_proxies_x_forwarded_for_is_ignored():
    assert client_address(_request("127.0.0.1", "203.0.113.7")) == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_a_trusted_proxy_the_client_is_the_right_most_untrusted_address():
    # nginx appends the address it saw; what the client wrote in front of it is not believed.
    assert client_address(_request("127.0.0.1", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_spoofed_x_forwarded_for_from_an_untrusted_peer_is_ignored():
    assert client_address(_request("198.51.100.9", "127.0.0.1, 203.0.113.7")) == "198.51.100.9"


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_trusted_proxies_take_networks_and_are_skipped_in_the_chain():
    assert client_address(_request("127.0.0.1", "203.0.113.7, 10.1.2.3")) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_when_every_hop_is_trusted_the_left_most_is_the_client():
    assert client_address(_request("127.0.0.1", "10.9.9.9, 10.1.2.3")) == "10.9.9.9"


@override_settings(TRUSTED_PROXIES="127.0.0.1, ::1")
def test_trusted_proxies_as_a_comma_separated_string_and_ipv6():
    assert client_address(_request("::1", "2001:db8::5")) == "2001:db8::5"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_trusted_proxy_without_x_forwarded_for_is_the_client():
    assert client_address(_request("127.0.0.1")) == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_garbage_in_x_forwarded_for_never_becomes_the_address():
    assert client_address(_request("127.0.0.1", "<script>, 203.0.113.7")) == "203.0.113.7"
    assert client_address(_request("127.0.0.1", "203.0.113.7, not-an-ip")) == "127.0.0.1"


def test_a_request_without_any_address_shares_one_rate_limit_bucket():
    request = rf.get("/", REMOTE_ADDR="")
    assert client_address(request) is None
    assert rate_limit_address(request) == "0.0.0.0"
