"""Settings for the scale benchmark's gunicorn (``bench/scale.py``): the real settings plus
the bare one-query floor view (``bench/urls.py``) and rate limits out of the way.

Production never loads this module, so ``/bench/floor/…`` exists only here.
"""

from helpdesk.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
REST_FRAMEWORK = {  # noqa: F405
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": dict.fromkeys(
        REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],  # noqa: F405
        "1000000/min",
    ),
}
SPACEBRING_API_RATE = "1000000/min"
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
