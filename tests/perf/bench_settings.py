"""The portal's settings plus one bare page, for tests/perf/validity_bench.py."""

from __future__ import annotations

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "tests.perf.bench_urls"
