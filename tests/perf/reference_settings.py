"""The bare reference app of `make bench` (tests/perf/bench.py): the portal's own
settings, hence the same middleware stack, database, session and cache backends,
with only the reference pages of tests/perf/reference_urls.py."""

from __future__ import annotations

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "tests.perf.reference_urls"
