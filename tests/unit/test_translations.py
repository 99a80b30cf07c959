"""Spanish is the default language: every message has a translation, and the compiled
catalog committed beside it is up to date."""

import gettext
import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _unquote(block: str) -> str:
    return "".join(
        bytes(part, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
        for part in re.findall(r'"((?:[^"\\]|\\.)*)"', block)
    )


def _entries() -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of every singular, non-obsolete entry."""
    entries = []
    for chunk in PO.read_text().split("\n\n"):
        if chunk.lstrip().startswith("#~") or "msgid_plural" in chunk:
            continue
        found = re.search(r"^msgid (.*?)^msgstr (.*)", chunk, re.S | re.M)
        if found:
            msgid, msgstr = _unquote(found.group(1)), _unquote(found.group(2))
            if msgid:
                entries.append((msgid, msgstr, "#, fuzzy" in chunk))
    return entries


def test_every_spanish_message_is_translated_and_reviewed():
    entries = _entries()
    assert len(entries) > 300
    assert [m for m, s, _ in entries if not s] == []
    assert [m for m, _, fuzzy in entries if fuzzy] == []


def test_compiled_catalog_matches_the_po_file():
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    stale = [m for m, s, _ in _entries() if catalog.gettext(m) != s]
    assert stale == []
