"""Register writes and shapes: invalidation, revocation, receipt numbers, categories."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from documents.models import (
    CATEGORY_KINDS,
    Category,
    Document,
    DocumentKind,
    ProductionOrder,
    normalise_receipt_number,
    validate_receipt_number,
)
from tests.factories import DocumentFactory


@pytest.mark.django_db
def test_invalidation_is_immediate_and_the_first_report_stays():
    card = DocumentFactory()
    assert card.invalidate(Document.InvalidationReason.STOLEN)
    card.refresh_from_db()
    assert card.validity == Document.Validity.INVALIDATED
    assert card.invalidation_reason == Document.InvalidationReason.STOLEN
    first = card.invalidated_at
    assert first is not None
    assert not card.invalidate(Document.InvalidationReason.LOST)
    assert card.invalidation_reason == Document.InvalidationReason.STOLEN
    assert card.invalidated_at == first
    assert not card.is_valid()


@pytest.mark.django_db
def test_an_unknown_reason_is_refused():
    with pytest.raises(ValueError):
        DocumentFactory().invalidate("misplaced")


@pytest.mark.django_db
def test_revocation_needs_a_reason_and_is_recorded_once():
    licence = DocumentFactory(kind=DocumentKind.DRIVING_LICENCE, number="DA000001")
    with pytest.raises(ValueError):
        licence.revoke("  ")
    assert licence.revoke("Driving ban")
    assert licence.validity == Document.Validity.REVOKED
    assert licence.revocation_reason == "Driving ban" and licence.revoked_at is not None
    assert not licence.revoke("Again")
    assert licence.revocation_reason == "Driving ban"


def test_every_kind_a_visitor_can_check_is_in_one_category():
    kinds = [kind for kinds in CATEGORY_KINDS.values() for kind in kinds]
    assert len(kinds) == len(set(kinds))
    assert set(kinds) == set(DocumentKind.values) - {DocumentKind.PARKING_CARD}
    assert set(CATEGORY_KINDS) == set(Category.values)


@pytest.mark.parametrize(
    "typed,stored",
    [
        ("ut-2026-0004711", "UT-2026-0004711"),
        ("UT 2026 0004711", "UT-2026-0004711"),
        ("UT20260004711", "UT-2026-0004711"),
        ("sz/2026/0100001", "SZ-2026-0100001"),
    ],
)
def test_receipt_numbers_are_read_as_people_type_them(typed, stored):
    assert normalise_receipt_number(typed) == stored
    validate_receipt_number(typed)


@pytest.mark.parametrize(
    "typed", ["", "UT-2026-000471", "XX-2026-0004711", "UT-26-0004711", "<script>", "1" * 200]
)
def test_malformed_receipt_numbers_are_refused(typed):
    with pytest.raises(ValidationError) as raised:
        validate_receipt_number(typed)
    assert raised.value.code == "receipt_number_format"


@pytest.mark.django_db
def test_a_new_receipt_number_is_well_formed_and_unused():
    number = ProductionOrder.new_receipt_number(DocumentKind.ID_CARD, 2026)
    assert number.startswith("SZ-2026-")
    validate_receipt_number(number)
    assert not ProductionOrder.objects.filter(receipt_number=number).exists()
