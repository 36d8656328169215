"""Where a request comes from. The client's address, read the way the API's throttles read it:
X-Forwarded-For only as deep as the proxies the site declares (API_NUM_PROXIES), so a client
cannot forge another address. Its browser, as sent, and named for people by ua-parser."""

import ipaddress
from functools import lru_cache

import ua_parser
from django.utils.translation import gettext as _
from rest_framework.settings import api_settings


def client_ip(request):
    proxies = api_settings.NUM_PROXIES or 0
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


@lru_cache(maxsize=512)
def _families(agent):
    parsed = ua_parser.parse(agent)
    browser = parsed.user_agent.family if parsed.user_agent else ""
    system = parsed.os.family if parsed.os else ""
    return ("" if browser == "Other" else browser), ("" if system == "Other" else system)


def browser_name(agent):
    """A User-Agent as people name it: "Chrome on Windows", "WeChat Browser on iOS"; the
    browser or the system alone when only one is known; "" when neither is."""
    browser, system = _families(agent or "")
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system
