"""The client's address, read the way the API's throttles read it: X-Forwarded-For only as deep
as the proxies the site declares (API_NUM_PROXIES), so a client cannot forge another address."""

import ipaddress

from django.conf import settings


def client_ip(request):
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            address = hops[-min(proxies, len(hops))]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def user_agent(request):
    return request.META.get("HTTP_USER_AGENT", "")[:300]
