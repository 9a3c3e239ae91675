"""Page budgets: at most 100 KB on a first load and 20 KB on the next page.

Sizes as a browser accepting Brotli and gzip, or gzip only, receives them, with the
static files collected as every mode serves them. tests/perf/page_weight.py prints
the figures.
"""

from __future__ import annotations

import pytest
from django.test import Client

from cases.actions import create_case, submit_case
from tests.perf.page_weight import (
    FIRST_LOAD_LIMIT,
    NEXT_PAGE_LIMIT,
    NEXT_PAGE_LIMIT_GZIP_ONLY,
    citizen_pages,
    weigh,
    weigh_all,
)
from tests.portal.conftest import served_static


@pytest.fixture
def weighed(collected_static, citizen, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    submit_case(case, by=citizen)
    with served_static(collected_static):
        logged_in = Client()
        logged_in.force_login(citizen)
        yield lambda encoding: weigh_all(Client(), logged_in, citizen_pages(case), encoding)


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["br, gzip", "gzip"])
def test_every_main_citizen_page_stays_within_its_budget(weighed, encoding):
    rows = weighed(encoding)
    assert [label for label, _, _ in rows][:5] == [
        "home",
        "catalogue page",
        "login",
        "My requests",
        "case page",
    ]
    assert rows[5][0].startswith("step form")
    for label, first, following in rows:
        assert first.total <= FIRST_LOAD_LIMIT, (label, first)
        limit = NEXT_PAGE_LIMIT if "br" in encoding else NEXT_PAGE_LIMIT_GZIP_ONLY
        assert following.total <= limit, (label, following)
        # Every linked asset was counted, compressed.
        assert any(url.endswith(".css") for url in first.assets), label


@pytest.mark.django_db
def test_htmx_is_loaded_only_by_the_step_form(weighed):
    for label, first, _ in weighed("br, gzip"):
        uses_htmx = any("/vendor/htmx/" in url for url in first.assets)
        assert uses_htmx == label.startswith("step form"), label


@pytest.mark.django_db
def test_pages_are_sent_compressed(collected_static):
    with served_static(collected_static):
        client = Client()
        compressed = weigh(client, "/", encoding="gzip")
        plain = weigh(client, "/", encoding="identity")
    assert compressed.html < plain.html / 2
    assert sum(compressed.assets.values()) < sum(plain.assets.values()) / 2
