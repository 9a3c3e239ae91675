"""Benchmark: bytes a citizen's browser transfers per page. Prints figures.

    .venv/bin/python tests/perf/page_weight.py

First load: the HTML and every stylesheet, script and icon it links, as the portal
sends them to a browser that accepts Brotli and gzip (WhiteNoise's Brotli copies of
static files, pages gzipped by Django), and again for one that accepts only gzip.
Next page: the HTML and only the assets the home page did not already load (hashed
names are cached for a year, so the browser asks for nothing it has). Collects the
static files into a throw-away folder first, with the storage every mode uses, and
uses a throw-away SQLite database (or the empty database in DATABASE_URL).

tests/portal/test_page_weight.py holds the same pages to 100 KB and 20 KB.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Stylesheets, scripts and icons a browser fetches with the page.
ASSET = re.compile(r'<(?:link|script)\b[^>]*?\b(?:href|src)="(/static/[^"]+|/favicon\.ico)"')
FIRST_LOAD_LIMIT = 100_000
# 20 KB with Brotli; a gzip-only client gets 1 KB more room: htmx (16.9 KB gzipped)
# and the live-region script leave too little for a long step page under gzip.
NEXT_PAGE_LIMIT = 20_000
NEXT_PAGE_LIMIT_GZIP_ONLY = 21_000


@dataclass(frozen=True)
class Weight:
    html: int
    assets: dict[str, int]  # URL -> bytes transferred

    @property
    def total(self) -> int:
        return self.html + sum(self.assets.values())


def weigh(
    client, url: str, *, encoding: str = "br, gzip", cached: frozenset[str] = frozenset()
) -> Weight:
    """What loading `url` transfers when the browser already holds `cached` assets."""
    response = client.get(url, headers={"accept-encoding": encoding})
    if response.status_code != 200:
        raise AssertionError(f"{url} answered {response.status_code}")
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    html = body.decode()
    assets = {}
    for asset in dict.fromkeys(ASSET.findall(html)):
        if asset in cached:
            continue
        served = client.get(asset, headers={"accept-encoding": encoding})
        if served.status_code != 200:
            raise AssertionError(f"{asset} (linked from {url}) answered {served.status_code}")
        assets[asset] = len(b"".join(served.streaming_content))
    return Weight(len(response.content), assets)


def citizen_pages(case) -> list[tuple[str, str, bool]]:
    """(label, URL, seen logged in) of the main pages of a newcomer's journey."""
    from django.urls import reverse

    from cases import registry
    from portal import catalogue

    with_forms = next(kind for kind in registry.all_types() if kind.forms and not kind.start_view)
    service = catalogue.all_services()[0].code
    return [
        ("home", "/", False),
        ("catalogue page", reverse("portal:service_info", args=[service]), False),
        ("login", reverse("identity:login"), False),
        ("My requests", reverse("portal:my_requests"), True),
        ("case page", case.get_absolute_url(), True),
        (f"step form ({with_forms.slug})", reverse("flow:start", args=[with_forms.slug]), True),
    ]


def weigh_all(anonymous, citizen, pages, encoding: str) -> list[tuple[str, Weight, Weight]]:
    """Each page's first load (empty cache) and next page (after the home page)."""
    rows = []
    for label, url, logged_in in pages:
        client = citizen if logged_in else anonymous
        cached = frozenset(weigh(client, "/", encoding=encoding).assets)
        rows.append(
            (
                label,
                weigh(client, url, encoding=encoding),
                weigh(client, url, encoding=encoding, cached=cached),
            )
        )
    return rows


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="ugysegeg-page-weight-"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["PORTAL_DATA_DIR"] = str(scratch / "data")
    os.environ["DJANGO_STATIC_ROOT"] = str(scratch / "static")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.core.management import call_command
    from django.test import Client

    from cases import registry
    from cases.actions import create_case, submit_case
    from cases.registry import CaseType
    from tests.factories import CitizenFactory

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    registry.register(CaseType(slug="perf.weight", label="Page weight sample", deadline_days=8))
    citizen = CitizenFactory(username="page-weight-citizen")
    case = create_case("perf.weight", applicant=citizen)
    submit_case(case, by=citizen)
    logged_in = Client()
    logged_in.force_login(citizen)
    pages = citizen_pages(case)
    for encoding in ("br, gzip", "gzip"):
        print(
            f"\npage weight in bytes, Accept-Encoding: {encoding} "
            f"(limits: first load {FIRST_LOAD_LIMIT}, next page {NEXT_PAGE_LIMIT})"
        )
        print(f"{'page':<38} {'html':>7} {'assets':>7} {'first load':>11} {'next page':>10}")
        for label, first, following in weigh_all(Client(), logged_in, pages, encoding):
            assets = sum(first.assets.values())
            print(
                f"{label:<38} {first.html:>7} {assets:>7} {first.total:>11} {following.total:>10}"
            )


if __name__ == "__main__":
    main()
