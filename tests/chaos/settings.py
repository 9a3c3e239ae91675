"""The portal's settings plus the chaos tests' two services (tests/chaos/case_types.py).

Static files are served from the apps as in the test suite, so the processes start
without `collectstatic`; everything else is what the environment says.
"""

from __future__ import annotations

from portal.settings import *  # noqa: F403
from portal.settings import INSTALLED_APPS, STORAGES

INSTALLED_APPS = [*INSTALLED_APPS, "tests.chaos"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None
