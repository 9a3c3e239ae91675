"""`idcards.replacement`: the combined report and replacement, from filing to delivery."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from documents.models import Document, DocumentKind, ProductionOrder
from idcards import replacement
from idcards.models import Replacement
from notifications.models import Notification
from population.models import Address, Person
from tests.factories import DocumentFactory
from tests.idcards.conftest import invalid

pytestmark = pytest.mark.django_db
SLUG = "idcards.replacement"
SAVE_FIRST = reverse("flow:save_first", args=[SLUG])


def reason(**extra):
    data = {"number": "123456AB", "reason": "lost", "police_report_number": ""}
    data.update(extra)
    return data


def delivery(**extra):
    data = {
        "postal_code": "1051",
        "settlement": "Budapest",
        "street_address": "Sas utca 2.",
        "notify_mobile": "",
        "notify_email": "",
    }
    data.update(extra)
    return data


@pytest.fixture
def residence(citizen):
    return Address.objects.create(
        person=citizen.person,
        kind=Address.Kind.RESIDENCE,
        postal_code="1051",
        settlement="Budapest",
        street_address="Sas utca 2.",
        valid_from=date(2015, 1, 1),
    )


def file(client, reason_data=None, delivery_data=None):
    response = client.post(SAVE_FIRST, reason_data or reason())
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(case_type=SLUG)
    response = client.post(
        reverse("flow:save_step", args=[case.reference, 1]), delivery_data or delivery()
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(reverse("flow:submit", args=[case.reference]))
    assert response.status_code == 302
    case.refresh_from_db()
    return case


def test_filing_reports_the_loss_and_orders_the_card(citizen_client, card, residence):
    case = file(citizen_client)
    assert case.status == "submitted"
    assert invalid(card)
    assert card.invalidation_reason == "lost"
    detail = Replacement.objects.get(case=case)
    order = detail.production_order
    assert order.state == ProductionOrder.State.PROCESSING
    assert order.kind == DocumentKind.ID_CARD and order.applicant == card.holder
    assert order.receipt_number.startswith(f"SZ-{timezone.localdate().year}-")
    # the register address and no theft: the facts are clear, 8 days
    assert case.deadline_days == 8
    page = citizen_client.get(case.get_absolute_url()).content.decode()
    assert order.receipt_number in page


def test_another_address_or_a_theft_without_report_number_means_20_days(
    citizen_client, card, residence
):
    case = file(citizen_client, delivery_data=delivery(street_address="Sas utca 4."))
    assert case.deadline_days == 20
    assert not Replacement.objects.get(case=case).delivery_to_registered_address


def test_a_theft_with_its_report_number_is_clear(citizen_client, card, residence):
    case = file(
        citizen_client, reason_data=reason(reason="stolen", police_report_number="01000/12/2026")
    )
    detail = Replacement.objects.get(case=case)
    assert detail.police_report_number == "01000/12/2026"
    assert case.deadline_days == 8


def test_the_delivery_address_is_filled_in_from_the_register(citizen_client, card, residence):
    citizen_client.post(SAVE_FIRST, reason())
    case = Case.objects.get()
    page = citizen_client.get(reverse("flow:step", args=[case.reference, 1])).content.decode()
    assert 'value="Sas utca 2."' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (delivery(postal_code="0123"), "postal code"),
        (delivery(notify_mobile="12"), "phone"),
        (delivery(notify_email="nem-email"), "nev@example.hu"),
        (delivery(street_address=""), "Give the street address"),
    ],
)
def test_bad_delivery_data_get_field_messages(citizen_client, card, data, message):
    citizen_client.post(SAVE_FIRST, reason())
    case = Case.objects.get()
    response = citizen_client.post(reverse("flow:save_step", args=[case.reference, 1]), data)
    assert response.status_code == 422
    assert message.lower() in response.content.decode().lower()


def test_a_bad_police_report_number_gets_a_field_message(citizen_client, card):
    response = citizen_client.post(
        SAVE_FIRST, reason(reason="stolen", police_report_number="<script>")
    )
    assert response.status_code == 422
    assert "case number has 3 to 40" in response.content.decode()


def _refusal(client) -> str:
    response = client.post(SAVE_FIRST, reason())
    assert response.status_code == 422
    return response.content.decode()


def test_no_fingerprints_no_online_replacement(citizen_client, card):
    Person.objects.filter(pk=card.holder_id).update(fingerprints_stored=False)
    assert "holds no fingerprints" in _refusal(citizen_client)


def test_an_expired_card_cannot_be_replaced(citizen_client, card):
    card.expires_on = timezone.localdate() - timedelta(days=1)
    card.save()
    assert "no longer within its validity" in _refusal(citizen_client)


def test_a_card_expiring_today_still_can(citizen_client, card, residence):
    card.expires_on = timezone.localdate()
    card.save()
    assert file(citizen_client).status == "submitted"


def test_a_reported_card_cannot_be_replaced(citizen_client, card):
    card.validity = Document.Validity.INVALIDATED
    card.invalidation_reason = "lost"
    card.invalidated_at = timezone.now()
    card.save()
    page = _refusal(citizen_client)
    assert "already reported" in page and "cannot be replaced online" in page


def test_a_temporary_card_cannot_be_replaced(citizen_client, card):
    card.kind = DocumentKind.TEMPORARY_ID_CARD
    card.save()
    assert "temporary ID card cannot be replaced" in _refusal(citizen_client)


def test_a_book_format_id_cannot_be_replaced(citizen_client, card):
    card.format = Document.Format.BOOK
    card.save()
    assert "book-format ID cannot be replaced online" in _refusal(citizen_client)


def test_only_people_entitled_to_an_id_card(citizen_client, card):
    Person.objects.filter(pk=card.holder_id).update(legal_title=Person.LegalTitle.FREE_MOVEMENT)
    assert "your registration is of another kind" in _refusal(citizen_client)


def test_a_card_reported_meanwhile_stops_the_submission(citizen_client, card, residence):
    citizen_client.post(SAVE_FIRST, reason())
    case = Case.objects.get()
    citizen_client.post(reverse("flow:save_step", args=[case.reference, 1]), delivery())
    Document.objects.filter(pk=card.pk).update(validity=Document.Validity.INVALIDATED)
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    case.refresh_from_db()
    assert case.status == "draft"
    assert not ProductionOrder.objects.exists()


# --- the clerk's side -----------------------------------------------------------------


def test_issuing_the_card(
    citizen_client, card, residence, clerk, django_capture_on_commit_callbacks
):
    case = file(
        citizen_client,
        delivery_data=delivery(notify_mobile="06 30 123 4567", notify_email="ertesito@example.hu"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        new = replacement.issue_card(case, new_number="987654 cd", by=clerk)
    case.refresh_from_db()
    assert case.status == "decided_approved"
    assert new.number == "987654CD"
    assert new.kind == DocumentKind.ID_CARD and new.holder == card.holder
    assert new.expires_on == card.expires_on  # keeps the lost card's validity
    assert new.place_of_origin == "Kolozsvár"  # and its place of origin
    assert new.replaces == card and new.issued_on == timezone.localdate()
    assert new.is_valid()
    assert invalid(card)
    detail = Replacement.objects.get(case=case)
    assert detail.new_document == new
    order = detail.production_order
    order.refresh_from_db()
    assert order.state == ProductionOrder.State.ISSUING and order.document == new

    # the PIN letter: issued once, secrets forgotten, delivered to the inbox
    letter = case.documents.get(kind="pin_letter")
    assert letter.delivered_at is not None
    assert detail.letter_sealed == ""
    inbox = citizen_client.get(reverse("cases:inbox")).content.decode()
    assert reverse("cases:inbox_download", args=[letter.pk]) in inbox
    # the PIN and PUK never travel by e-mail
    for notification in Notification.objects.all():
        assert "PUK:" not in notification.subject

    # posting: the "ready" notice on both channels given
    replacement.record_posting(case, by=clerk)
    order.refresh_from_db()
    assert order.state == ProductionOrder.State.IN_TRANSIT
    notices = Notification.objects.filter(template="idcard_posted")
    assert {n.recipient for n in notices} == {"+36301234567", "ertesito@example.hu"}
    with pytest.raises(replacement.NotAllowed):
        replacement.record_posting(case, by=clerk)

    replacement.record_delivery(case, by=clerk)
    order.refresh_from_db()
    case.refresh_from_db()
    assert order.state == ProductionOrder.State.HANDED_OVER
    assert case.status == "closed"


def test_the_pin_letter_holds_the_pin_and_puk(citizen_client, card, residence, clerk, monkeypatch):
    secrets = {"activation_pin": "482913", "puk": "73019284"}
    monkeypatch.setattr(replacement, "new_pin_and_puk", lambda: dict(secrets))
    case = file(citizen_client)
    replacement.issue_card(case, new_number="987654CD", by=clerk)
    from idcards.tasks import issue_pin_letter

    issue_pin_letter(case.pk)
    letter = case.documents.get(kind="pin_letter")
    import pypdf

    text = "".join(page.extract_text() for page in pypdf.PdfReader(letter.file.path).pages)
    assert "482913" in text and "73019284" in text and "987654CD" in text
    # a second run renders nothing new
    assert issue_pin_letter(case.pk) == letter.pk
    assert case.documents.filter(kind="pin_letter").count() == 1


@pytest.mark.parametrize(
    ("number", "message"),
    [("12345", "6 digits followed by 2 letters"), ("123456AB", "already in the register")],
)
def test_the_new_number_is_checked(citizen_client, card, residence, clerk, number, message):
    case = file(citizen_client)
    with pytest.raises(replacement.NotAllowed, match=message):
        replacement.issue_card(case, new_number=number, by=clerk)


def test_a_card_is_issued_once(citizen_client, card, residence, clerk):
    case = file(citizen_client)
    replacement.issue_card(case, new_number="987654CD", by=clerk)
    with pytest.raises(replacement.NotAllowed):
        replacement.issue_card(case, new_number="987655CD", by=clerk)


def test_the_admin_issues_posts_and_delivers(citizen, card, residence, clerk_client):
    citizen_client = Client()  # `clerk_client` is the `client` fixture
    citizen_client.force_login(citizen)
    case = file(citizen_client)
    detail = Replacement.objects.get(case=case)
    change = reverse("admin:idcards_replacement_change", args=[detail.pk])
    page = clerk_client.get(change).content.decode()
    issue = reverse("admin:idcards_replacement_issue", args=[detail.pk])
    assert issue in page
    response = clerk_client.post(issue, {"new_number": "12"})
    assert response.status_code == 200
    response = clerk_client.post(issue, {"new_number": "555555EE"})
    assert response.status_code == 302
    assert Document.objects.get(number="555555EE").replaces == card
    post = reverse("admin:idcards_replacement_post", args=[detail.pk])
    assert post in clerk_client.get(change).content.decode()
    assert clerk_client.post(post, {}).status_code == 302
    deliver = reverse("admin:idcards_replacement_deliver", args=[detail.pk])
    assert clerk_client.post(deliver, {}).status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"
    listing = clerk_client.get(reverse("admin:idcards_replacement_changelist") + "?stage=delivered")
    assert case.reference in listing.content.decode()


def test_someone_elses_card(citizen_client, other_citizen):
    DocumentFactory(holder=other_citizen.person, number="654321CD")
    response = citizen_client.post(SAVE_FIRST, reason(number="654321CD"))
    assert response.status_code == 422
    assert "No ID card of yours" in response.content.decode()
