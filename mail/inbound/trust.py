"""Senders the receiving server could not authenticate (``Authentication-Results``, RFC 8601).

Only the results added by the desk's own receiving server count: set
``HELPDESK_INBOUND_TRUSTED_AUTHSERV`` to its authserv-id (the first word of the headers it
adds, e.g. ``mx.example.org``; several separated by commas). The topmost such header is
read (a receiving server adds its own above whatever the sender wrote). A message fails when
it says ``dmarc=fail``, or — without a DMARC result — when neither SPF nor DKIM passed and at
least one of them failed. What happens then is ``HELPDESK_INBOUND_UNAUTHENTICATED``:
``hold`` (default: held for review, an agent decides) or ``refuse`` (kept, filtered, never
posted). Without the setting nothing is checked.
"""

from __future__ import annotations

import re

from django.conf import settings

from mail.inbound import parse
from mail.inbound.keep import FILTERED, HELD, Kind, Result

_RESULT = re.compile(r"\b(spf|dkim|dmarc)\s*=\s*([a-z]+)", re.I)
_FAIL = {"fail", "softfail", "permerror"}


def _trusted() -> set[str]:
    value = getattr(settings, "HELPDESK_INBOUND_TRUSTED_AUTHSERV", "") or ""
    if isinstance(value, list | tuple):
        value = ",".join(value)
    return {v.strip().lower() for v in value.split(",") if v.strip()}


def results(headers, trusted: set[str]) -> dict[str, set[str]] | None:
    """The methods' results of the topmost ``Authentication-Results`` by a trusted server."""
    for value in headers.get_all("Authentication-Results") or []:
        text = " ".join(str(value).split())
        authserv = text.split(";", 1)[0].strip().split()[0].lower() if text else ""
        if authserv not in trusted:
            continue
        found: dict[str, set[str]] = {}
        for method, result in _RESULT.findall(text.split(";", 1)[1] if ";" in text else ""):
            found.setdefault(method.lower(), set()).add(result.lower())
        return found
    return None


def failure(found: dict[str, set[str]]) -> str:
    """Why ``found`` does not authenticate the sender, or ''."""
    if "dmarc" in found:
        return "dmarc=fail" if found["dmarc"] & _FAIL and "pass" not in found["dmarc"] else ""
    spf, dkim = found.get("spf", set()), found.get("dkim", set())
    if "pass" in spf or "pass" in dkim:
        return ""
    if spf & _FAIL or dkim & _FAIL:
        return "spf and dkim did not pass"
    return ""


def check(p: parse.Parsed) -> Result | None:
    """Hold (or refuse) a message the trusted server could not authenticate; else None."""
    trusted = _trusted()
    if not trusted:
        return None
    found = results(p.headers, trusted)
    why = failure(found) if found is not None else ""
    if not why:
        return None
    mode = getattr(settings, "HELPDESK_INBOUND_UNAUTHENTICATED", "hold")
    status = FILTERED if mode == "refuse" else HELD
    return Result(status, f"sender not authenticated ({why})", kind=Kind.UNAUTHENTICATED)
