from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import SERVED_STATIC_STORAGE


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT as `make run` and the image fill it: hashed, compressed copies.

    Collected once per session (some seconds: every admin file is hashed and
    compressed twice).
    """
    root = tmp_path_factory.mktemp("staticfiles")
    with served_static(root):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


def served_static(root):
    """Settings under which templates link, and WhiteNoise serves, what is in `root`."""
    return override_settings(
        STATIC_ROOT=root,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": SERVED_STATIC_STORAGE,
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    )
