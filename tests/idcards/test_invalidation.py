"""`idcards.invalidation`: the card named by its number is invalid at once."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from documents.models import Document, DocumentKind
from idcards.models import Invalidation
from tests.factories import DocumentFactory
from tests.idcards.conftest import invalid

pytestmark = pytest.mark.django_db
SLUG = "idcards.invalidation"
SAVE_FIRST = reverse("flow:save_first", args=[SLUG])
CHECK_FIRST = reverse("flow:check_first", args=[SLUG])


def file(client, number="123456AB", reason="stolen"):
    response = client.post(SAVE_FIRST, {"number": number, "reason": reason})
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(case_type=SLUG)
    response = client.post(
        reverse("flow:save_step", args=[case.reference, 1]), {"understood": "on"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return case


def test_the_intro_warns_that_a_reported_card_cannot_be_replaced_online(citizen_client, card):
    page = citizen_client.get(reverse("flow:start", args=[SLUG])).content.decode()
    assert "cannot afterwards be replaced online" in page
    assert reverse("flow:start", args=["idcards.replacement"]) in page


def test_reporting_invalidates_the_card_at_once(citizen_client, card):
    case = file(citizen_client, number="123 456 ab")
    response = citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"
    assert invalid(card)
    assert card.invalidation_reason == "stolen"
    assert card.invalidated_at is not None
    assert not Document.objects.valid_on(timezone.localdate()).filter(pk=card.pk).exists()
    detail = Invalidation.objects.get(case=case)
    assert (detail.document, detail.document_number, detail.reason) == (card, "123456AB", "stolen")
    assert case.events.filter(kind="idcards.invalidated").exists()


def test_the_confirmation_is_required(citizen_client, card):
    citizen_client.post(SAVE_FIRST, {"number": "123456AB", "reason": "lost"})
    case = Case.objects.get()
    response = citizen_client.post(reverse("flow:save_step", args=[case.reference, 1]), {})
    assert response.status_code == 422
    assert "Tick the box" in response.content.decode()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "Give the number of the ID card"),
        ("12345AB", "6 digits followed by 2 letters"),
        ("ABCDEFGH", "6 digits followed by 2 letters"),
        ("999999ZZ", "No ID card of yours with the number 999999ZZ"),
    ],
)
def test_bad_numbers_get_field_messages(citizen_client, card, number, message):
    response = citizen_client.post(SAVE_FIRST, {"number": number, "reason": "lost"})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Case.objects.exists()
    if number:  # the live check says the same while the citizen types
        live = citizen_client.post(
            CHECK_FIRST, {"number": number, "reason": "lost"}, HTTP_HX_REQUEST="true"
        )
        assert message in live.content.decode()


def test_hungarian_field_message(citizen_client, card):
    citizen_client.cookies["django_language"] = "hu"
    response = citizen_client.post(SAVE_FIRST, {"number": "12345", "reason": "lost"})
    assert response.status_code == 422
    assert "6 számjegy" in response.content.decode()


def test_someone_elses_card_is_not_found(citizen_client, other_citizen):
    DocumentFactory(holder=other_citizen.person, number="654321CD")
    response = citizen_client.post(SAVE_FIRST, {"number": "654321CD", "reason": "lost"})
    assert response.status_code == 422
    assert "No ID card of yours" in response.content.decode()


def test_a_book_format_id_issued_before_2000_cannot_be_reported_online(citizen_client, book):
    response = citizen_client.post(SAVE_FIRST, {"number": "AB123456", "reason": "lost"})
    assert response.status_code == 422
    assert "book-format ID issued before 1 January 2000" in response.content.decode()


def test_a_book_format_id_issued_later_can_be(citizen_client, book):
    book.issued_on = date(2000, 1, 1)
    book.save()
    case = file(citizen_client, number="AB123456")
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert invalid(book)


def test_a_card_already_reported_is_refused(citizen_client, card):
    card.validity = Document.Validity.INVALIDATED
    card.invalidation_reason = "lost"
    card.invalidated_at = timezone.now()
    card.save()
    response = citizen_client.post(SAVE_FIRST, {"number": "123456AB", "reason": "lost"})
    assert response.status_code == 422
    assert "already reported" in response.content.decode()


def test_a_report_made_meanwhile_stops_the_submission(citizen_client, card):
    case = file(citizen_client)
    Document.objects.filter(pk=card.pk).update(validity=Document.Validity.INVALIDATED)
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    case.refresh_from_db()
    assert case.status == "draft"


def test_a_temporary_card_can_be_reported(citizen_client, citizen):
    temporary = DocumentFactory(
        holder=citizen.person, kind=DocumentKind.TEMPORARY_ID_CARD, number="777777TT"
    )
    case = file(citizen_client, number="777777TT", reason="lost")
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert invalid(temporary)


def test_the_anonymous_validity_check_says_not_valid_at_once(citizen_client, card):
    from document_checks.validity import check

    person = card.holder
    data = {
        "category": "id_card",
        "number": card.number,
        "family_name": person.family_name,
        "given_names": person.given_names,
        "birth_date": person.birth_date,
    }
    assert check(data) is True
    case = file(citizen_client)
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert check(data) is False
