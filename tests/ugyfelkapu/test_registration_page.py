"""The catalogue's Ügyfélkapu registration page starts the identity provider's online
registration with a chip ID card and explains the in-person route."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal import catalogue
from tests.portal.catalogue_pages import get_page

pytestmark = pytest.mark.django_db
PAGE = reverse("portal:service_info", args=["ugyfelkapu.registration"])


def test_the_home_page_leads_to_the_registration_page(client):
    assert PAGE in client.get(reverse("portal:home")).content.decode()


def test_the_page_starts_the_online_registration_and_explains_the_office(client):
    body = get_page(client, "ugyfelkapu.registration", "hu")
    assert f'href="{reverse("ugyfelkapu:register")}"' in body
    assert "2016. január 1-je után kiállított" in body
    assert "kormányablak" in body and "útlevél" in body


def test_without_the_identity_provider_the_page_has_no_start_button(client, monkeypatch):
    from portal.catalogue import facts

    def no_route(name, *args, **kwargs):
        from django.urls import NoReverseMatch

        if name == "ugyfelkapu:register":
            raise NoReverseMatch(name)
        return reverse(name, *args, **kwargs)

    monkeypatch.setattr(facts, "reverse", no_route)
    assert facts.facts_of(catalogue.get_service("ugyfelkapu.registration")).start_url is None
