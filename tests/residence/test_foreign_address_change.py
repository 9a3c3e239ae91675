"""Foreign address change without login: identity matched against the register before
any case exists, a reference and receipt code to follow it, e-mails to the visitor,
the register changed when the Budapest office registers it."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from cases import registry
from cases.models import Case, IssuedDocument
from notifications.models import Notification
from population.models import Address, CitizenshipCertificate
from residence import actions, foreign_address_change
from residence.models import ForeignAddressChange
from tests.factories import PersonFactory
from tests.residence.conftest import abroad_person, report_data

pytestmark = pytest.mark.django_db
URL = reverse("residence:foreign_address_change")
FOLLOW = reverse("residence:follow")


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def test_the_type_is_anonymous_free_with_eight_days():
    kind = registry.get(foreign_address_change.SLUG)
    assert not kind.needs_login and kind.fee is None and kind.deadline_days == 8
    assert kind.start_view == "residence:foreign_address_change"


def test_a_matching_visitor_files_and_gets_the_codes(client, caplog):
    caplog.set_level(logging.INFO, logger="residence.foreign_address_change")
    person = abroad_person()
    response = client.post(URL, report_data())
    assert response.status_code == 200
    case = Case.objects.get(case_type=foreign_address_change.SLUG)
    body = response.content.decode()
    assert case.reference in body and case.receipt_code in body
    assert case.status == "submitted" and case.applicant is None
    detail = ForeignAddressChange.objects.get(case=case)
    assert detail.person == person and not detail.first_report
    mail = Notification.objects.get(case=case)
    assert (
        mail.recipient == "gabor@example.com" and case.receipt_code in mail.context["receipt_code"]
    )
    # Nothing typed is logged: the reference only.
    for record in caplog.records:
        message = record.getMessage()
        assert person.personal_id not in message and "Külhoni" not in message
    assert not client.session.keys() - {"django_language"}


@pytest.mark.parametrize(
    "field",
    sorted(
        [
            "family_name",
            "birth_given_names",
            "mother_family_name",
            "birth_place",
            "birth_date",
            "citizenship_document",
        ]
    ),
)
def test_a_mismatch_is_refused_without_naming_the_field(client, field):
    abroad_person()
    wrong = "1976-01-01" if field == "birth_date" else "Más"
    response = client.post(URL, report_data(**{field: wrong}))
    assert response.status_code == 400
    body = response.content.decode()
    assert "nem egyeznek a nyilvántartás adataival" in body
    assert not Case.objects.exists()


def test_a_personal_identifier_with_a_wrong_check_digit_is_a_field_error(client):
    abroad_person()
    bad = foreign_address_change.ReportForm(report_data(personal_id="17509090052"))
    assert "personal_id" in bad.errors
    assert "ellenőrző" in " ".join(bad.errors["personal_id"])


def test_an_unknown_country_and_hungary_are_field_errors():
    form = foreign_address_change.ReportForm(report_data(country="XX"))
    assert "country" in form.errors
    form = foreign_address_change.ReportForm(report_data(country="HU"))
    assert "country" in form.errors


def test_a_hungarian_postal_code_abroad_is_a_field_error():
    form = foreign_address_change.ReportForm(report_data(country="DE", postal_code="1051"))
    assert "magyar irányítószám" in " ".join(form.errors["postal_code"])
    form = foreign_address_change.ReportForm(report_data(country="AT", postal_code="H-1051"))
    assert "postal_code" in form.errors
    form = foreign_address_change.ReportForm(report_data(country="AT", postal_code="1010"))
    assert "postal_code" not in form.errors


def test_a_first_foreign_address(client):
    abroad_person(foreign=False)
    assert client.post(URL, report_data()).status_code == 200
    assert ForeignAddressChange.objects.get().first_report


def test_someone_living_in_hungary_is_sent_to_settle_abroad(client):
    person = abroad_person(foreign=False)
    Address.objects.create(
        person=person,
        kind=Address.Kind.RESIDENCE,
        postal_code="9021",
        settlement="Győr",
        street_address="Baross út 1.",
        valid_from="2010-01-01",
    )
    response = client.post(URL, report_data())
    assert response.status_code == 400 and "Magyarországon él" in response.content.decode()


def test_a_second_report_while_one_is_open_is_refused(client):
    abroad_person()
    assert client.post(URL, report_data()).status_code == 200
    response = client.post(URL, report_data())
    assert response.status_code == 400
    assert Case.objects.count() == 1


def test_following_with_the_codes(client):
    abroad_person()
    client.post(URL, report_data())
    case = Case.objects.get()
    response = client.post(FOLLOW, {"reference": case.reference, "receipt_code": "WRONG1234567"})
    assert response.status_code == 400
    response = client.post(
        FOLLOW, {"reference": case.reference.lower(), "receipt_code": case.receipt_code}
    )
    assert response.status_code == 200
    assert case.reference in response.content.decode()


def test_the_office_registers_the_change_and_the_visitor_is_told(
    client, clerk, django_capture_on_commit_callbacks
):
    person = abroad_person()
    client.post(URL, report_data())
    case = Case.objects.get()
    actions.extend_deadline(case, days=30, by=clerk)
    case.refresh_from_db()
    assert case.deadline_days == 30
    with django_capture_on_commit_callbacks(execute=True):
        foreign_address_change.register_change(case, by=clerk)
    case.refresh_from_db()
    assert case.status == "decided_approved"
    current = person.current_address(Address.Kind.FOREIGN)
    assert (current.country, current.settlement, current.province) == ("DE", "München", "Bayern")
    assert person.addresses.filter(kind="foreign").count() == 2
    mails = Notification.objects.filter(case=case).order_by("pk")
    assert [m.context["what"] for m in mails] == ["received", "registered"]
    document = IssuedDocument.objects.get(case=case)
    page = client.post(FOLLOW, {"reference": case.reference, "receipt_code": case.receipt_code})
    assert "nyilvántartásba vették" in page.content.decode() or "Letöltés" in page.content.decode()
    download = client.post(
        reverse("residence:follow_document", args=[document.pk]),
        {"reference": case.reference, "receipt_code": case.receipt_code},
    )
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    stranger = client.post(
        reverse("residence:follow_document", args=[document.pk]),
        {"reference": case.reference, "receipt_code": "AAAAAAAAAAAA"},
    )
    assert stranger.status_code == 404


def test_a_refusal_is_mailed(client, clerk):
    abroad_person()
    client.post(URL, report_data())
    case = Case.objects.get()
    foreign_address_change.refuse(case, reason="A cím nem azonosítható.", by=client and clerk)
    case.refresh_from_db()
    assert case.status == "decided_refused"
    assert Notification.objects.filter(case=case, context__what="refused").exists()


def test_the_report_is_rate_limited(client, settings):
    settings.PORTAL_ANONYMOUS_RATE_LIMIT = "3/m"
    for _ in range(3):
        assert client.get(URL).status_code == 200
    assert client.get(URL).status_code == 429


def test_the_clerk_pages(clerk_client):
    from django.test import Client

    abroad_person()
    Client().post(URL, report_data())
    detail = ForeignAddressChange.objects.get()
    page = clerk_client.get(
        reverse("admin:residence_foreignaddresschange_change", args=[detail.pk])
    )
    register = reverse("admin:residence_foreignaddresschange_register", args=[detail.pk])
    assert register in page.content.decode()
    assert clerk_client.post(register).status_code == 302
    detail.refresh_from_db()
    assert detail.registered_on is not None


def test_a_certificate_of_citizenship_identifies_the_visitor(client):
    person = abroad_person()
    CitizenshipCertificate.objects.create(
        person=person,
        kind=CitizenshipCertificate.Kind.CERTIFICATE,
        number="AB2019004711",
        issued_on=date(2019, 8, 20),
        issuing_authority="Budapest Főváros Kormányhivatala",
    )
    # Typed with a hyphen and in lower case, as printed on the certificate.
    response = client.post(URL, report_data(citizenship_document="ab-2019004711"))
    assert response.status_code == 200
    detail = ForeignAddressChange.objects.get()
    assert detail.person == person and detail.citizenship_document == "AB2019004711"


def test_a_certificate_of_someone_else_or_unknown_is_a_mismatch(client):
    abroad_person()
    other = PersonFactory()
    CitizenshipCertificate.objects.create(
        person=other,
        kind=CitizenshipCertificate.Kind.NATURALISATION,
        number="HO2020000123",
        issued_on=date(2020, 3, 15),
        issuing_authority="Budapest Főváros Kormányhivatala",
    )
    for number in ("HO2020000123", "AB2019004711"):
        response = client.post(URL, report_data(citizenship_document=number))
        assert response.status_code == 400
        assert "nem egyeznek a nyilvántartás adataival" in response.content.decode()
    assert not Case.objects.exists()
