"""The client's IP address, for ``ip_registro`` and every throttle (one rule for all ways in).

``REMOTE_ADDR`` unless ``NUM_PROXIES`` (environment; DRF's ``REST_FRAMEWORK["NUM_PROXIES"]``)
says how many trusted proxies stand in front of the app; then the address that the outermost
trusted proxy saw is taken from ``X-Forwarded-For`` (anything a client writes further left is
ignored, so a forged header does not escape a throttle).
"""

from rest_framework.settings import api_settings


def client_ip(request) -> str | None:
    meta = request.META
    remote = meta.get("REMOTE_ADDR") or None
    proxies = api_settings.NUM_PROXIES or 0
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return remote
