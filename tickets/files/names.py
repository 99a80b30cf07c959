"""File names as people send them, made safe to store, show and send back."""

import unicodedata

MAX_NAME = 150


def clean_name(name: str | None, default: str = "file") -> str:
    """The last path component, without control or format characters (``\\x00``, ``\\n``,
    right-to-left overrides), leading dots or surrounding spaces, at most 150 characters
    (the extension kept). ``../../etc/passwd`` -> ``passwd``."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " ")
    name = " ".join(name.split()).strip(" .")
    if not name:
        return default
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: MAX_NAME - len(ext) - 1] + "." + ext
        else:
            name = name[:MAX_NAME]
    return name
