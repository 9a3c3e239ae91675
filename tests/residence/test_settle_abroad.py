"""Settling abroad: anyone in the register, the foreign address, the address card for
Hungarian citizens, the ID card handed in by others; the register changes when the
clerk accepts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import registry
from cases.models import Case
from documents.models import Document, DocumentKind
from population.models import Address, Person
from residence import actions, settle_abroad
from residence.models import Settlement
from tests.factories import AddressFactory, DocumentFactory

pytestmark = pytest.mark.django_db
SLUG = "residence.settle_abroad"
SAVE_FIRST = reverse("flow:save_first", args=[SLUG])
ADDRESS = {
    "country": "AT",
    "province": "",
    "postal_code": "1010",
    "settlement": "Wien",
    "street_address": "Kärntner Straße 12/5",
}


def file(client, declaration):
    response = client.post(SAVE_FIRST, ADDRESS)
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(case_type=SLUG)
    response = client.post(reverse("flow:save_step", args=[case.reference, 1]), declaration)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(reverse("flow:submit", args=[case.reference]))
    case.refresh_from_db()
    return case


def test_the_type():
    kind = registry.get(SLUG)
    assert kind.fee is None and kind.deadline_days == 8 and kind.needs_login


def test_a_citizen_chooses_the_address_card_and_keeps_the_id_card(citizen_client, citizen, clerk):
    AddressFactory(person=citizen.person)
    card = DocumentFactory(holder=citizen.person, kind=DocumentKind.ID_CARD, number="111111AA")
    case = file(
        citizen_client, {"settling": "on", "card_delivery": "consulate", "consulate": "Bécs"}
    )
    detail = Settlement.objects.get(case=case)
    assert detail.card_delivery == "consulate" and detail.consulate == "Bécs"
    assert not detail.id_card_to_hand_in
    settle_abroad.register_settlement(case, by=clerk)
    person = citizen.person
    assert person.current_address(Address.Kind.RESIDENCE) is None
    assert person.current_address(Address.Kind.FOREIGN).settlement == "Wien"
    card.refresh_from_db()
    assert card.validity == "valid"
    case.refresh_from_db()
    assert case.status == "decided_approved"


@pytest.mark.parametrize(
    "title", sorted(set(Person.LegalTitle.values) - {Person.LegalTitle.CITIZEN})
)
def test_every_other_legal_title_hands_in_the_id_card(citizen_client, citizen, clerk, title):
    Person.objects.filter(pk=citizen.person.pk).update(legal_title=title, citizenship="DE")
    citizen.person.refresh_from_db()
    card = DocumentFactory(holder=citizen.person, kind=DocumentKind.ID_CARD, number="222222BB")
    step = citizen_client.get(reverse("flow:start", args=[SLUG]))
    assert step.status_code == 200
    response = citizen_client.post(SAVE_FIRST, ADDRESS)
    case = Case.objects.get()
    refused = citizen_client.post(
        reverse("flow:save_step", args=[case.reference, 1]), {"settling": "on"}
    )
    assert refused.status_code == 422
    assert "le fogja adni" in refused.content.decode()
    citizen_client.post(
        reverse("flow:save_step", args=[case.reference, 1]), {"settling": "on", "hand_in": "on"}
    )
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    detail = Settlement.objects.get(case=case)
    assert detail.id_card_to_hand_in and detail.legal_title == title and detail.card_delivery == ""
    settle_abroad.register_settlement(case, by=clerk)
    card.refresh_from_db()
    assert card.validity == Document.Validity.REVOKED
    assert response.status_code == 302


def test_the_declaration_and_the_delivery_are_required(citizen):
    form = settle_abroad.DeclarationStep({"card_delivery": "post"}, applicant=citizen)
    assert "settling" in form.errors
    form = settle_abroad.DeclarationStep({"settling": "on"}, applicant=citizen)
    assert "card_delivery" in form.errors
    form = settle_abroad.DeclarationStep(
        {"settling": "on", "card_delivery": "consulate"}, applicant=citizen
    )
    assert "consulate" in form.errors


def test_the_temporary_stay_note_is_shown(citizen_client):
    page = citizen_client.get(reverse("flow:start", args=[SLUG])).content.decode()
    assert "2013. március 1." in page


def test_someone_already_abroad_is_sent_to_the_foreign_address_change(citizen_client, citizen):
    AddressFactory(person=citizen.person, kind=Address.Kind.FOREIGN, country="AT")
    response = citizen_client.post(SAVE_FIRST, ADDRESS)
    assert response.status_code == 422
    assert "már külföldön él" in response.content.decode()


def test_bad_addresses_are_field_errors(citizen):
    form = settle_abroad.AddressStep({**ADDRESS, "country": "ZZ"}, applicant=citizen)
    assert "country" in form.errors
    form = settle_abroad.AddressStep({**ADDRESS, "country": "DE", "postal_code": "1051"})
    assert "postal_code" in form.errors


def test_the_longer_deadline(citizen_client, citizen, clerk):
    case = file(citizen_client, {"settling": "on", "card_delivery": "post"})
    actions.extend_deadline(case, days=21, by=clerk)
    case.refresh_from_db()
    assert case.deadline_days == 21 and case.deadline > case.received_on
    with pytest.raises(actions.NotAllowed):
        actions.extend_deadline(case, days=21, by=clerk)


def test_the_clerk_pages(clerk_client, citizen):
    from django.test import Client

    filer = Client()
    filer.force_login(citizen)
    case = file(filer, {"settling": "on", "card_delivery": "office"})
    detail = Settlement.objects.get(case=case)
    register = reverse("admin:residence_settlement_register", args=[detail.pk])
    page = clerk_client.get(reverse("admin:residence_settlement_change", args=[detail.pk]))
    assert register in page.content.decode()
    assert clerk_client.post(register).status_code == 302
    detail.refresh_from_db()
    assert detail.registered_on is not None
