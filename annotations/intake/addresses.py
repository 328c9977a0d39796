"""Which IP addresses the fetch may connect to: public unicast ones only.

An address is judged by what a connection to it reaches. IPv6 forms that
carry an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, IPv4-compatible
``::a.b.c.d``, IPv4-translated, NAT64 ``64:ff9b::/96`` and 6to4 ``2002::/16``)
are judged by the IPv4 address inside: Python 3.11 calls ``::127.0.0.1`` and
``2002:7f00:1::`` global, yet both lead to this machine.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network

IPAddress = IPv4Address | IPv6Address

_PRIVATE = tuple(ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
    "100.64.0.0/10",  # carrier-grade NAT: another customer's machine, or the provider's
    "fc00::/7", "fec0::/10",  # unique local, and the deprecated site-local
))
_NAT64 = ip_network("64:ff9b::/96")
_METADATA = ip_address("169.254.169.254")


def embedded_ipv4(ip: IPAddress) -> IPv4Address | None:
    """The IPv4 address a connection to this IPv6 address reaches, if it carries one."""
    if isinstance(ip, IPv4Address):
        return None
    value = int(ip)
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    high = value >> 32
    # IPv4-compatible (::a.b.c.d; :: and ::1 are IPv6's own) and IPv4-translated (::ffff:0:a.b.c.d).
    if (high == 0 and value > 1) or high == 0xFFFF0000 or ip in _NAT64:
        return IPv4Address(value & 0xFFFFFFFF)
    return None


def _kind(ip: IPAddress) -> str | None:
    if ip.is_unspecified:
        return "an unspecified address (it reaches this server itself)"
    if ip.is_loopback:
        return "a loopback address"
    if ip == _METADATA:
        return "a link-local address (the cloud metadata service)"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if any(ip in network for network in _PRIVATE):
        return "a private address"
    if ip.is_reserved:
        return "a reserved address"
    if not ip.is_global:
        return "not a public address"
    return None


def shown(ip: IPAddress) -> str:
    """The address as people write it: ``::ffff:10.0.0.5``, where Python 3.11 prints ``::ffff:a00:5``."""
    if isinstance(ip, IPv6Address) and ip.ipv4_mapped is not None:
        return f"::ffff:{ip.ipv4_mapped}"
    return str(ip)


def address_problem(ip: IPAddress) -> str | None:
    """Why the fetch must not connect to ``ip`` ("a private address"), or None for a public address."""
    inner = embedded_ipv4(ip)
    if inner is None:
        return _kind(ip)
    kind = _kind(inner)
    return f"{kind} (IPv4 {inner} inside IPv6)" if kind else None
