from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from documents.models import Document, DocumentKind
from documents.tasks import expire_documents
from tests.factories import DocumentFactory


@pytest.mark.django_db
def test_expired_documents_are_marked_once_and_only_when_past_expiry():
    today = timezone.localdate()
    past = DocumentFactory(expires_on=today - timedelta(days=1))
    last_day = DocumentFactory(expires_on=today)
    indefinite = DocumentFactory(expires_on=None)
    assert expire_documents() == 1
    assert expire_documents() == 0  # idempotent
    past.refresh_from_db()
    last_day.refresh_from_db()
    indefinite.refresh_from_db()
    assert past.validity == Document.Validity.EXPIRED
    assert last_day.validity == Document.Validity.VALID
    assert indefinite.validity == Document.Validity.VALID


@pytest.mark.django_db
def test_expiry_runs_in_batches_and_leaves_other_states_alone(monkeypatch):
    monkeypatch.setattr("documents.tasks.BATCH_SIZE", 2)
    yesterday = timezone.localdate() - timedelta(days=1)
    expired = [DocumentFactory(expires_on=yesterday) for _ in range(5)]
    stolen = DocumentFactory(
        expires_on=yesterday,
        validity=Document.Validity.INVALIDATED,
        invalidation_reason=Document.InvalidationReason.STOLEN,
    )
    assert expire_documents() == 5
    assert expire_documents() == 0
    assert {d.validity for d in Document.objects.filter(pk__in=[d.pk for d in expired])} == {
        Document.Validity.EXPIRED
    }
    stolen.refresh_from_db()
    assert stolen.validity == Document.Validity.INVALIDATED


@pytest.mark.django_db
def test_effective_validity_counts_an_expiry_not_yet_marked():
    card = DocumentFactory(expires_on=date(2026, 1, 31))
    assert card.effective_validity(date(2026, 1, 31)) == Document.Validity.VALID
    assert card.effective_validity(date(2026, 2, 1)) == Document.Validity.EXPIRED
    assert not card.is_valid(date(2026, 2, 1))
    invalidated = DocumentFactory(
        validity=Document.Validity.INVALIDATED,
        invalidation_reason=Document.InvalidationReason.STOLEN,
    )
    assert invalidated.effective_validity(date(2020, 1, 1)) == Document.Validity.INVALIDATED
    assert set(Document.objects.valid_on(date(2026, 2, 1))) == set()
    assert set(Document.objects.valid_on(date(2026, 1, 31))) == {card}


@pytest.mark.django_db
def test_a_number_is_unique_within_a_document_kind():
    DocumentFactory(kind=DocumentKind.ID_CARD, number="123456AB")
    DocumentFactory(kind=DocumentKind.DRIVING_LICENCE, number="123456AB")
    with pytest.raises(IntegrityError):
        DocumentFactory(kind=DocumentKind.ID_CARD, number="123456AB")
