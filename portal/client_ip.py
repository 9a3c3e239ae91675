"""The client's address, behind a configured number of trusted reverse proxies.

Rate limits (`key="ip"`, through `RATELIMIT_IP_META_KEY`), django-axes (through
`AXES_CLIENT_IP_CALLABLE`) and the card audit trail all ask this one function, so
they agree on who the client is.

Each reverse proxy appends the address it got the request from to
X-Forwarded-For. With `TRUSTED_PROXY_COUNT` = N proxies of our own in front of
the web server, the N-th address from the right was written by the outermost of
them and is the client; everything left of it came from the client and may be
forged, so it is never read. With N = 0 the header is ignored and REMOTE_ADDR is
the client. A header with fewer than N addresses, or whose N-th one is not an IP
address, did not come through our proxies as configured: REMOTE_ADDR then, so a
bad header can at worst put its sender in the proxy's bucket, never in another
citizen's.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
