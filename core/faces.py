"""The faces of the desk that answer failures in their own shape.

The project shell's last-resort handlers (``helpdesk/errors.py``: a request refused before any
view ran, an exception in a middleware, a bug, a database that is down) answer in the shape of
the face the request was for. Each way in that has a shape of its own registers it here from
its ``AppConfig.ready()``: the path prefix it serves and a function that builds its error body
for a status (400, 500 or 503). The shell asks ``face_for(path)``; it imports no way in.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Face:
    prefix: str  # "/support/", "/api/"
    error_body: Callable[[int], dict]  # status -> the JSON body of that face


_faces: dict[str, Face] = {}


def register(*, prefix: str, error_body: Callable[[int], dict]) -> None:
    """Answer failures under ``prefix`` with ``error_body(status)`` (registering a prefix
    again replaces it, so a reloaded app does not register twice)."""
    _faces[prefix] = Face(prefix=prefix, error_body=error_body)


def face_for(path: str) -> Face | None:
    """The face serving ``path`` (the longest registered prefix), or ``None``."""
    matches = [face for prefix, face in _faces.items() if path.startswith(prefix)]
    return max(matches, key=lambda face: len(face.prefix), default=None)
