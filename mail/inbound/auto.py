"""Automatic messages that do not say so the RFC 3834 way (``Auto-Submitted``): Exchange's
out-of-office (``X-Auto-Response-Suppress``, "Automatic reply:"), a subject-only "Out of
Office:", newsletters and lists (``List-Id``, ``List-Unsubscribe``), mail that carries a loop
marker (``X-Loop``). Such a message is kept (filtered, listed for agents) and never posted.
"""

from __future__ import annotations

import re

# Subjects auto-responders write, in the languages the desk sees (start of the subject).
_AUTO_SUBJECT = re.compile(
    r"^\s*("
    r"automatic reply|auto(matic)? ?response|autoreply|auto-reply|out of (the )?office|"
    r"respuesta autom[aá]tica|fuera de (la )?oficina|ausente|"
    r"automatische antwort|abwesenheitsnotiz|abwesend|"
    r"r[ée]ponse automatique|absence|absent|"
    r"automatiskt svar|autosvar|fr[aå]nvaro|"
    r"risposta automatica|fuori sede|resposta autom[aá]tica|aus(ente)? do escrit[oó]rio"
    r")\s*:",
    re.I,
)


def _get(headers, name: str) -> str:
    try:
        return str(headers.get(name, "") or "").strip()
    except Exception:  # noqa: BLE001 - a malformed header reads as absent
        return ""


def unheaded_reason(headers, subject: str) -> str:
    """Why a message without RFC 3834 headers is automatic, or ''."""
    suppress = _get(headers, "X-Auto-Response-Suppress")
    if suppress:
        return f"X-Auto-Response-Suppress: {suppress[:40]}"
    if _get(headers, "X-Loop"):
        return "X-Loop header"
    for name in ("List-Id", "List-Unsubscribe"):
        if _get(headers, name):
            return f"{name} header (a list or newsletter)"
    if _get(headers, "Feedback-ID") or _get(headers, "X-Campaign-Id"):
        return "bulk mail (campaign header)"
    match = _AUTO_SUBJECT.match(subject or "")
    if match:
        return f"auto-reply subject ({match[1]})"
    return ""
