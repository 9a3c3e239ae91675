"""Static files as every mode serves them: collected, hashed, compressed, cached for a year."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.portal.conftest import served_static

STYLESHEET = re.compile(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"')


@pytest.mark.django_db
def test_pages_link_hashed_names_served_compressed_and_immutable(collected_static):
    with served_static(collected_static):
        client = Client()  # a new handler: WhiteNoise reads STATIC_ROOT when it starts
        page = client.get("/").content.decode()
        (url,) = STYLESHEET.findall(page)
        assert (collected_static / url.removeprefix("/static/")).exists()
        for encoding in ("br", "gzip"):
            response = client.get(url, headers={"accept-encoding": encoding})
            assert response.status_code == 200
            assert response["Content-Encoding"] == encoding
            assert response["Cache-Control"] == "max-age=315360000, public, immutable"
            assert response["Vary"] == "Accept-Encoding"
        plain = client.get(url)
        assert "Content-Encoding" not in plain
        assert b"".join(plain.streaming_content).startswith(b"/* ")


@pytest.mark.django_db
def test_a_page_without_hx_attributes_loads_no_htmx(collected_static):
    with served_static(collected_static):
        page = Client().get("/").content.decode()
    assert "/static/vendor/htmx/" not in page
