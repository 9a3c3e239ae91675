"""Shared fixtures of the register services' tests: an address list with holders, boxes
and service points, and a helper that files a request through the generic flow."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cases.models import Case
from population.models import Address
from register.models import PostOfficeBox, Property, ServicePoint
from tests.factories import AddressFactory, CitizenFactory, PersonFactory


@pytest.fixture(autouse=True)
def _english(client, settings):
    """The tests read the messages in English (the language switch's cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def resident(db):
    """A citizen with a registered residence."""
    citizen = CitizenFactory()
    AddressFactory(person=citizen.person, kind=Address.Kind.RESIDENCE)
    return citizen


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


@pytest.fixture
def landlord(db):
    citizen = CitizenFactory()
    AddressFactory(person=citizen.person, kind=Address.Kind.RESIDENCE)
    return citizen


@pytest.fixture
def places(db, landlord):
    """Two properties of the landlord, one without a holder, a box and a service point."""
    return {
        "flat": Property.objects.create(
            postal_code="1051",
            settlement="Budapest",
            street_address="Nádor utca 5. 2/3.",
            holder=landlord.person,
        ),
        "house": Property.objects.create(
            postal_code="2000",
            settlement="Szentendre",
            street_address="Fő tér 1.",
            holder=landlord.person,
        ),
        "other": Property.objects.create(
            postal_code="6720",
            settlement="Szeged",
            street_address="Kárász utca 3.",
            holder=PersonFactory(),
        ),
        "box": PostOfficeBox.objects.create(
            postal_code="1476", settlement="Budapest", number=281, tenant=landlord.person
        ),
        "point": ServicePoint.objects.create(
            code="PP-1052",
            name="Budapest 52 posta",
            postal_code="1052",
            settlement="Budapest",
            street_address="Petőfi Sándor utca 13.",
        ),
    }


def address_answers(prop: Property, **extra) -> dict:
    return {
        "postal_code": prop.postal_code,
        "settlement": prop.settlement,
        "street_address": prop.street_address,
        **extra,
    }


def file(client, slug: str, *steps: dict, submit: bool = True) -> Case:
    """Post each step's answers through the generic flow, then submit."""
    response = client.post(reverse("flow:save_first", args=[slug]), steps[0])
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.filter(case_type=slug).latest("created_at")
    for index, answers in enumerate(steps[1:], start=1):
        response = client.post(reverse("flow:save_step", args=[case.reference, index]), answers)
        assert response.status_code == 302, response.content.decode()[:3000]
    if submit:
        assert client.get(reverse("flow:review", args=[case.reference])).status_code == 200
        client.post(reverse("flow:submit", args=[case.reference]))
        case.refresh_from_db()
    return case


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()
