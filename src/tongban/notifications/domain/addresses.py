"""Which addresses a webhook may be sent to: public ones only.

A subscription names a URL; without this check a client system could make Tongban POST
into the government network or to a cloud metadata service (SSRF). Refused: loopback,
private (RFC 1918, ULA), link-local (169.254/16 holds the metadata services), shared
(100.64/10), multicast, reserved, unspecified and documentation ranges — everything
``ipaddress`` does not call global — and IPv4-mapped IPv6 forms of them.
"""

import ipaddress


def address_public(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast
