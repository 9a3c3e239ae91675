"""`register.own_data`: every item of the seeds on screen and in a verifiable PDF."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cases.pdf import issue_document
from cases.workflow import Status
from documents.models import Document, DocumentKind
from population.models import Address
from register import data
from register.models import OwnDataRequest
from tests.factories import AddressFactory, CitizenFactory, DocumentFactory
from tests.register.conftest import file

pytestmark = pytest.mark.django_db
SLUG = "register.own_data"


@pytest.fixture
def full_citizen(db):
    citizen = CitizenFactory(person__birth_place="Wien", person__birth_country="AT")
    person = citizen.person
    person.address_card_number = "123456AB"
    person.marital_status = "married"
    person.save()
    AddressFactory(person=person, kind=Address.Kind.RESIDENCE, street_address="Fő utca 1.")
    AddressFactory(
        person=person,
        kind=Address.Kind.STAY,
        postal_code="4024",
        settlement="Debrecen",
        street_address="Piac utca 10.",
        valid_from=date(2024, 3, 1),
    )
    DocumentFactory(holder=person, kind=DocumentKind.ID_CARD, number="654321CD")
    return citizen


def test_the_snapshot_covers_every_item_of_the_seeds(full_citizen):
    snap = data.snapshot(full_citizen.person)
    items = {item for section in snap["sections"] for item, _value in section["items"]}
    assert items == {
        "name",
        "personal_id",
        "birth_name",
        "birth_place",
        "birth_place_naming",
        "birth_date",
        "mother_name",
        "sex",
        "citizenship",
        "marital_status",
        "legal_title",
        "residence",
        "stay",
        "foreign_address",
        "notification_address",
        "id_card",
        "address_card",
    }
    values = dict(item for section in snap["sections"] for item in section["items"])
    assert values["personal_id"] == full_citizen.person.personal_id
    assert "Wien" in values["birth_place"]
    assert values["birth_place_naming"] in ("foreign naming", "külföldi megnevezés")
    assert "654321CD" in values["id_card"]
    assert "123456AB" in values["address_card"]
    assert "Debrecen" in values["stay"]
    assert values["foreign_address"] == ""


def test_filed_at_once_shown_and_kept_under_my_requests(client, full_citizen):
    client.force_login(full_citizen)
    case = file(client, SLUG, {})
    assert case.status == Status.CLOSED
    detail = OwnDataRequest.objects.get(case=case)
    assert detail.snapshot["sections"]
    page = client.get(reverse("portal:case_detail", args=[case.reference])).content.decode()
    assert full_citizen.person.personal_id in page
    assert "654321CD" in page
    assert "Visegrádi u. 112." in page  # where to ask for historical data
    done = client.get(reverse("flow:done", args=[case.reference])).content.decode()
    assert "654321CD" in done
    assert case.reference in client.get(reverse("portal:my_requests")).content.decode()


def test_the_pdf_carries_the_data_and_a_verification_code(client, full_citizen):
    client.force_login(full_citizen)
    case = file(client, SLUG, {})
    spec = case.type.documents["own_data"]
    issued = issue_document(case, "own_data", spec)
    assert issued.verification_code
    assert issued.file.read().startswith(b"%PDF")


def test_not_in_the_register_is_refused(client, db):
    citizen = CitizenFactory(preferred_language="en")
    citizen.person = None
    citizen.save()
    client.force_login(citizen)
    response = client.post(reverse("flow:save_first", args=[SLUG]), {})
    assert response.status_code == 422
    assert "not linked to a person in the personal data" in response.content.decode()


def test_the_citizens_own_look_is_not_in_the_access_list(client, full_citizen):
    client.force_login(full_citizen)
    file(client, SLUG, {})
    assert not full_citizen.person.access_records.exists()
    assert Document.objects.filter(holder=full_citizen.person).exists()
