"""The client's address: the one answer for the login lockout, every rate limit and the audit trail.

Behind a reverse proxy every request comes from the proxy, so counting the connecting address would
put all residents in one bucket. `TRUSTED_PROXIES` (addresses or networks) names the proxies whose
`X-Forwarded-For` we believe: when the direct peer is one of them, the client is the right-most
address of `X-Forwarded-For` that is not itself a trusted proxy (each proxy appends the address it
saw, so that is the last hop no trusted party vouches for). From any other peer the header is
ignored: anyone can write it. django-ipware was considered; its trusted-proxy test matches address
prefixes inside the header rather than the connecting peer and knows no networks, so this rule is
written here (django-axes and django-ratelimit call it through their client-address settings).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

UNKNOWN_BUCKET = "0.0.0.0"
"""Rate-limit bucket of requests without any address (a unix socket, an in-process client)."""

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def trusted_networks() -> tuple[Network, ...]:
    """`settings.TRUSTED_PROXIES` parsed (a list or a comma-separated string of addresses/networks)."""
    value = getattr(settings, "TRUSTED_PROXIES", ()) or ()
    if isinstance(value, str):
        value = value.split(",")
    return _networks(tuple(item.strip() for item in value if item.strip()))


def _address(text: str):
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:51234
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return address.ipv4_mapped or address if address.version == 6 else address


def _is_trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_address(request) -> str | None:
    """The address of the client that made `request`, or None when the server gives none."""
    meta = getattr(request, "META", None) or {}
    peer = _address(meta.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    networks = trusted_networks()
    if not networks or not _is_trusted(peer, networks):
        return str(peer)
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    hops = [_address(part) for part in forwarded.split(",")] if forwarded.strip() else []
    for hop in reversed(hops):
        if hop is None:
            # A malformed entry: nothing left of it can be trusted, and it is not an address.
            # Count the request against the last proxy that wrote a well-formed hop.
            return str(peer)
        if not _is_trusted(hop, networks):
            return str(hop)
        peer = hop
    return str(peer)  # every hop is a trusted proxy: the left-most one is the client


def rate_limit_address(request) -> str:
    """RATELIMIT_IP_META_KEY: the client address; requests without one share one bucket."""
    return client_address(request) or UNKNOWN_BUCKET
